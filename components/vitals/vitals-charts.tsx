"use client";

// Time-series charts (recharts). Each chart keeps its component identity across renders and
// has animation off, so a streamed reading extends the line in place instead of redrawing.

import { memo, useMemo } from "react";
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useViewerClock } from "@/components/common/viewer-time-zone";
import { useHydrated } from "@/components/theme/use-hydrated";
import { formatWhen } from "@/lib/format/when";
import { Skeleton } from "@/components/ui/skeleton";
import { TID } from "@/lib/test-ids";
import { cn } from "@/lib/utils";
import type { THistoryPoint } from "@/server/api/routers/vitals/schemas";

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

interface ChartProps {
  def: ChartDef;
  data: Record<string, number | null>[];
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
  return (
    <figure
      className="rounded-lg border p-3"
      data-testid={TID.vitalsChart}
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
      <div style={{ height }} aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false} tabIndex={-1}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            {def.normal ? <ReferenceArea y1={def.normal[0]} y2={def.normal[1]} fill="var(--success)" fillOpacity={0.06} /> : null}
            {def.refs?.map((r) => (
              <ReferenceLine key={r.y} y={r.y} stroke={r.color} strokeDasharray="4 4" />
            ))}
            <XAxis dataKey="t" type="number" scale="time" domain={[from, to]} tickFormatter={(v: number) => fmt.format(v)} fontSize={11} minTickGap={40} />
            <YAxis domain={def.domain} fontSize={11} allowDataOverflow={false} width={44} />
            <Tooltip
              labelFormatter={(v) => formatWhen(new Date(Number(v)), { timeZone: clock.timeZone, now: clock.now, seconds: true }).text}
              formatter={(value, name) => [`${String(value)} ${def.unit}`, String(name)]}
              contentStyle={{ background: "var(--popover)", border: "1px solid var(--border)", fontSize: 12 }}
            />
            {def.lines.map((l) => (
              <Line
                key={l.key}
                dataKey={l.key}
                name={l.name}
                type={def.step ? "stepAfter" : "monotone"}
                stroke={l.color}
                strokeWidth={2}
                dot={dots ? { r: 2 } : false}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});

export interface VitalsChartsProps {
  points: THistoryPoint[];
  from: Date;
  to: Date;
  /** Only NEWS2, heart rate and SpO₂, shorter (the call's side panel). */
  compact?: boolean;
  /** Leave out the NEWS2 chart and its risk lines (what a patient sees of their own readings). */
  withoutNews2?: boolean;
  className?: string;
}

export function VitalsCharts({ points, from, to, compact = false, withoutNews2 = false, className }: VitalsChartsProps) {
  const hydrated = useHydrated();
  const data = useMemo(
    () =>
      points.map((p) => ({
        t: p.observedAt.getTime(),
        seq: p.seq,
        heartRate: p.heartRate,
        spo2: p.spo2,
        respiratoryRate: p.respiratoryRate,
        systolicBp: p.systolicBp,
        diastolicBp: p.diastolicBp,
        temperature: p.temperature,
        news2Total: p.news2Total,
      })),
    [points],
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
