"use client";

// Time-series charts drawn as plain SVG: a few KiB instead of recharts' ~107 KiB gz, which
// the vitals pages and the call's vitals tab used to download before drawing anything. Each
// chart shows what the recharts version showed: the line(s) (smooth, or stepped for NEWS2),
// the NEWS2 zero-score band shaded, the NEWS2 5 / 7 risk lines, time and value axes with a
// dashed grid, dots while there are few points, and on hover a cursor with the reading's
// time and values. The figure caption carries the latest value for screen readers. Each
// chart keeps its identity across renders, so a streamed reading extends the line in place.

import { memo, useEffect, useMemo, useRef, useState, type PointerEvent } from "react";
import { useViewerClock } from "@/components/common/viewer-time-zone";
import { useHydrated } from "@/components/theme/use-hydrated";
import { formatWhen, zoneOffsetMs } from "@/lib/format/when";
import { Skeleton } from "@/components/ui/skeleton";
import { VITALS_TID } from "@/lib/vitals-test-ids";
import { cn } from "@/lib/utils";
import type { THistorySeries } from "@/server/api/routers/vitals/schemas";

type Key = "heartRate" | "spo2" | "respiratoryRate" | "systolicBp" | "diastolicBp" | "temperature" | "news2Total";

interface ChartDef {
  id: string;
  title: string;
  unit: string;
  lines: { key: Key; name: string; color: string }[];
  domain: [number | "auto", number | "auto"];
  /** The NEWS2 zero-score band, shaded. */
  normal?: [number, number];
  refs?: { y: number; label: string; color: string }[];
  step?: boolean;
}

const CHARTS: ChartDef[] = [
  {
    id: "news2",
    title: "NEWS2",
    unit: "",
    lines: [{ key: "news2Total", name: "NEWS2", color: "var(--foreground)" }],
    domain: [0, 20],
    step: true,
    refs: [
      { y: 5, label: "5", color: "var(--risk-medium)" },
      { y: 7, label: "7", color: "var(--risk-high)" },
    ],
  },
  {
    id: "heartRate",
    title: "Heart rate",
    unit: "bpm",
    lines: [{ key: "heartRate", name: "Heart rate", color: "#dc2626" }],
    domain: [30, 180],
    normal: [51, 90],
  },
  { id: "spo2", title: "SpO₂", unit: "%", lines: [{ key: "spo2", name: "SpO₂", color: "#2563eb" }], domain: [80, 100], normal: [96, 100] },
  {
    id: "respiratoryRate",
    title: "Respiratory rate",
    unit: "/min",
    lines: [{ key: "respiratoryRate", name: "Respiratory rate", color: "#0d9488" }],
    domain: [0, 40],
    normal: [12, 20],
  },
  {
    id: "bloodPressure",
    title: "Blood pressure",
    unit: "mmHg",
    lines: [
      { key: "systolicBp", name: "Systolic", color: "#7c3aed" },
      { key: "diastolicBp", name: "Diastolic", color: "#a78bfa" },
    ],
    domain: [40, 220],
    normal: [111, 219],
  },
  {
    id: "temperature",
    title: "Temperature",
    unit: "°C",
    lines: [{ key: "temperature", name: "Temperature", color: "#ea580c" }],
    domain: [34, 41],
    normal: [36.1, 38],
  },
];

const timeFormat = (span: number, timeZone: string) =>
  new Intl.DateTimeFormat(undefined, {
    timeZone,
    ...(span > 2 * 86_400_000 ? { day: "numeric", month: "short" } : { hour: "2-digit", minute: "2-digit", ...(span < 600_000 ? { second: "2-digit" } : {}) }),
  });

type Datum = Record<string, number | null>;

// Plot margins in px: room for the value labels on the left and the time labels below.
const M = { top: 4, right: 8, bottom: 20, left: 30 };
const FONT = 11;

/** About `count` round values covering [lo, hi] (1, 2, 2.5 or 5 × a power of ten apart). */
function valueTicks(lo: number, hi: number, count = 5): number[] {
  const raw = (hi - lo) / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toFixed(6)));
  return ticks;
}

const TIME_STEPS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800].map((s) => s * 1000);

/** Time labels at round steps (in the viewer's zone: whole hours, midnights) at least `minGap` px apart. */
function timeTicks(from: number, to: number, width: number, timeZone: string, minGap = 70): number[] {
  const span = to - from;
  if (span <= 0 || width <= 0) return [];
  const step = TIME_STEPS.find((s) => (s / span) * width >= minGap) ?? TIME_STEPS.at(-1)!;
  const offset = zoneOffsetMs(from, timeZone);
  const ticks: number[] = [];
  for (let t = Math.ceil((from + offset) / step) * step - offset; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** A monotone cubic through the points (no overshoot between readings), as recharts' "monotone" curve drew it. */
function monotonePath(pts: [number, number][]): string {
  const n = pts.length;
  if (n === 0) return "";
  if (n === 1) return `M${pts[0]![0]},${pts[0]![1]}`;
  const dx: number[] = [];
  const slope: number[] = [];
  for (let i = 0; i < n - 1; i++) {
    dx[i] = pts[i + 1]![0] - pts[i]![0];
    slope[i] = dx[i] === 0 ? 0 : (pts[i + 1]![1] - pts[i]![1]) / dx[i]!;
  }
  const tangent: number[] = [slope[0]!];
  for (let i = 1; i < n - 1; i++) {
    const a = slope[i - 1]!;
    const b = slope[i]!;
    tangent[i] = a * b <= 0 ? 0 : (3 * (dx[i - 1]! + dx[i]!)) / ((2 * dx[i]! + dx[i - 1]!) / a + (dx[i]! + 2 * dx[i - 1]!) / b);
  }
  tangent[n - 1] = slope[n - 2]!;
  let d = `M${pts[0]![0]},${pts[0]![1]}`;
  for (let i = 0; i < n - 1; i++) {
    const [x0, y0] = pts[i]!;
    const [x1, y1] = pts[i + 1]!;
    const h = dx[i]! / 3;
    d += `C${x0 + h},${y0 + tangent[i]! * h},${x1 - h},${y1 - tangent[i + 1]! * h},${x1},${y1}`;
  }
  return d;
}

function stepAfterPath(pts: [number, number][]): string {
  return pts.map(([x, y], i) => (i === 0 ? `M${x},${y}` : `H${x}V${y}`)).join("");
}

/** The element's content width, following resizes (0 until measured). */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

interface ChartProps {
  def: ChartDef;
  data: Datum[];
  from: number;
  to: number;
  height: number;
  dots: boolean;
}

const Chart = memo(function Chart({ def, data, from, to, height, dots }: ChartProps) {
  // Axis and tooltip in the viewer's zone, like every other time (the tooltip names it).
  const clock = useViewerClock();
  const fmt = timeFormat(to - from, clock.timeZone);
  const present = data.filter((d) => def.lines.some((l) => d[l.key] !== null && d[l.key] !== undefined));
  const last = present.at(-1);
  const [box, width] = useWidth();
  const [hover, setHover] = useState<Datum | null>(null);

  // Readings outside the usual range widen the axis rather than leave the chart.
  let [lo, hi] = def.domain as [number, number];
  for (const d of present)
    for (const l of def.lines) {
      const v = d[l.key];
      if (typeof v === "number") {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  const yTicks = valueTicks(lo, hi);
  lo = Math.min(lo, yTicks[0] ?? lo);
  hi = Math.max(hi, yTicks.at(-1) ?? hi);
  const plotW = Math.max(0, width - M.left - M.right);
  const plotH = height - M.top - M.bottom;
  const x = (t: number) => M.left + (to > from ? ((t - from) / (to - from)) * plotW : plotW);
  const y = (v: number) => M.top + (hi > lo ? (1 - (v - lo) / (hi - lo)) * plotH : plotH / 2);
  const clampY = (v: number) => y(Math.min(hi, Math.max(lo, v)));

  function onPointerMove(e: PointerEvent<SVGSVGElement>) {
    if (present.length === 0 || plotW <= 0) return;
    const px = e.clientX - e.currentTarget.getBoundingClientRect().left;
    let best: Datum | null = null;
    for (const d of present) if (!best || Math.abs(x(d.t!) - px) < Math.abs(x(best.t!) - px)) best = d;
    setHover(best);
  }

  const xTicks = useMemo(() => timeTicks(from, to, plotW, clock.timeZone), [from, to, plotW, clock.timeZone]);
  const hx = hover ? x(hover.t!) : 0;
  return (
    <figure
      className="rounded-lg border p-3"
      data-testid={VITALS_TID.vitalsChart}
      data-vital={def.id}
      data-points={present.length}
      data-last-seq={last?.seq ?? ""}
      data-last-value={last ? def.lines.map((l) => last[l.key] ?? "").join("/") : ""}
    >
      <figcaption className="mb-1 flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">{def.title}</span>
        <span className="tabular-nums text-muted-foreground">
          {last ? def.lines.map((l) => last[l.key] ?? "—").join("/") : "—"} {def.unit}
        </span>
      </figcaption>
      {/* Hidden from screen readers (the caption says the latest value) and not focusable. */}
      <div ref={box} style={{ height }} className="relative" aria-hidden="true">
        {width > 0 ? (
          <svg width={width} height={height} className="block overflow-visible select-none" onPointerMove={onPointerMove} onPointerLeave={() => setHover(null)}>
            <g stroke="var(--border)" strokeDasharray="3 3">
              {yTicks.map((v) => (
                <line key={`y${v}`} x1={M.left} x2={M.left + plotW} y1={y(v)} y2={y(v)} />
              ))}
              {xTicks.map((t) => (
                <line key={`x${t}`} x1={x(t)} x2={x(t)} y1={M.top} y2={M.top + plotH} />
              ))}
            </g>
            {def.normal ? (
              <rect
                x={M.left}
                width={plotW}
                y={clampY(def.normal[1])}
                height={Math.max(0, clampY(def.normal[0]) - clampY(def.normal[1]))}
                fill="var(--success)"
                fillOpacity={0.06}
              />
            ) : null}
            {def.refs?.map((r) => (
              <line key={r.y} x1={M.left} x2={M.left + plotW} y1={y(r.y)} y2={y(r.y)} stroke={r.color} strokeDasharray="4 4" />
            ))}
            <g fontSize={FONT} fill="currentColor" className="text-muted-foreground">
              {yTicks.map((v) => (
                <text key={v} x={M.left - 6} y={y(v)} textAnchor="end" dominantBaseline="middle">
                  {v}
                </text>
              ))}
              {xTicks.map((t) => (
                <text key={t} x={x(t)} y={height - 4} textAnchor="middle">
                  {fmt.format(t)}
                </text>
              ))}
            </g>
            <line x1={M.left} x2={M.left + plotW} y1={M.top + plotH} y2={M.top + plotH} stroke="currentColor" className="text-muted-foreground" />
            <line x1={M.left} x2={M.left} y1={M.top} y2={M.top + plotH} stroke="currentColor" className="text-muted-foreground" />
            {def.lines.map((l) => {
              // Gaps in one parameter are bridged (the points of the others are not this line's).
              const pts = present.filter((d) => typeof d[l.key] === "number").map((d) => [x(d.t!), y(d[l.key]!)] as [number, number]);
              return (
                <g key={l.key}>
                  <path d={def.step ? stepAfterPath(pts) : monotonePath(pts)} fill="none" stroke={l.color} strokeWidth={2} strokeLinejoin="round" />
                  {dots ? pts.map(([px, py], i) => <circle key={i} cx={px} cy={py} r={2} fill="var(--background)" stroke={l.color} />) : null}
                </g>
              );
            })}
            {hover ? (
              <g>
                <line x1={hx} x2={hx} y1={M.top} y2={M.top + plotH} stroke="var(--muted-foreground)" />
                {def.lines.map((l) =>
                  typeof hover[l.key] === "number" ? (
                    <circle key={l.key} cx={hx} cy={y(hover[l.key]!)} r={4} fill={l.color} stroke="var(--background)" strokeWidth={2} />
                  ) : null,
                )}
              </g>
            ) : null}
          </svg>
        ) : null}
        {hover ? (
          <div
            className="pointer-events-none absolute top-1 z-10 rounded-md border bg-popover px-2 py-1 text-xs whitespace-nowrap text-popover-foreground shadow-sm"
            style={hx > width / 2 ? { right: width - hx + 10 } : { left: hx + 10 }}
          >
            <p>{formatWhen(new Date(hover.t!), { timeZone: clock.timeZone, now: clock.now, seconds: true }).text}</p>
            {def.lines.map((l) =>
              typeof hover[l.key] === "number" ? (
                <p key={l.key} style={{ color: l.color }}>
                  {l.name} : {hover[l.key]} {def.unit}
                </p>
              ) : null,
            )}
          </div>
        ) : null}
      </div>
    </figure>
  );
});

export interface VitalsChartsProps {
  /** vitals.history's points, one array per field. */
  series: THistorySeries;
  from: Date;
  to: Date;
  /** Only NEWS2, heart rate and SpO₂, shorter (the call's side panel). */
  compact?: boolean;
  /** Leave out the NEWS2 chart and its risk lines (what a patient sees of their own readings). */
  withoutNews2?: boolean;
  className?: string;
}

export function VitalsCharts({ series, from, to, compact = false, withoutNews2 = false, className }: VitalsChartsProps) {
  const hydrated = useHydrated();
  const data = useMemo(
    () =>
      series.t.map((t, i) => ({
        t,
        seq: series.seq[i]!,
        heartRate: series.heartRate[i]!,
        spo2: series.spo2[i]!,
        respiratoryRate: series.respiratoryRate[i]!,
        systolicBp: series.systolicBp[i]!,
        diastolicBp: series.diastolicBp[i]!,
        temperature: series.temperature[i]!,
        news2Total: series.news2Total[i]!,
      })),
    [series],
  );
  const shown = compact ? CHARTS.filter((c) => ["news2", "heartRate", "spo2"].includes(c.id)) : CHARTS;
  const charts = withoutNews2 ? shown.filter((c) => c.id !== "news2") : shown;
  const height = compact ? 110 : 170;
  const fromMs = from.getTime();
  const toMs = Math.max(to.getTime(), data.at(-1)?.t ?? 0);
  if (!hydrated) {
    return (
      <div className={cn("grid gap-3", compact ? "" : "md:grid-cols-2", className)}>
        {charts.map((c) => (
          <Skeleton key={c.id} style={{ height: height + 40 }} />
        ))}
      </div>
    );
  }
  return (
    <div className={cn("grid gap-3", compact ? "" : "md:grid-cols-2", className)}>
      {charts.map((c) => (
        <Chart key={c.id} def={c} data={data} from={fromMs} to={toMs} height={height} dots={data.length <= 60} />
      ))}
    </div>
  );
}
