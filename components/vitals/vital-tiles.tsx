"use client";

import { CONSCIOUSNESS_LABELS, VITALS, type ConsciousnessValue } from "@/lib/vitals/parameters";
import { VITALS_TID } from "@/lib/vitals-test-ids";
import { cn } from "@/lib/utils";
import type { TVitalsSummary } from "@/server/api/routers/vitals/schemas";
import { scoreNews2, type News2Input } from "@/lib/vitals/news2";

type Latest = TVitalsSummary["latestValues"];

/** Border colour by the parameter's own NEWS2 score (0 none, 1 yellow, 2 orange, 3 red). */
const SCORE_RING: Record<number, string> = {
  0: "",
  1: "border-risk-low-medium-foreground/40 bg-risk-low-medium/25",
  2: "border-risk-medium bg-risk-medium/15",
  3: "border-risk-high bg-risk-high/10",
};

export function ageText(at: Date, now: number): string {
  const s = Math.max(0, Math.round((now - at.getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}

interface Tile {
  key: string;
  label: string;
  value: string | null;
  unit: string;
  observedAt: Date | null;
  score: number | null;
  note?: string;
}

function tiles(latest: Latest, spo2Scale: 1 | 2): Tile[] {
  const consciousness = latest.consciousness?.value.toLowerCase() as ConsciousnessValue | undefined;
  const input: News2Input = {
    heartRate: latest.heartRate?.value,
    systolicBp: latest.systolicBp?.value,
    respiratoryRate: latest.respiratoryRate?.value,
    spo2: latest.spo2?.value,
    spo2Scale,
    supplementalOxygen: latest.supplementalOxygen?.value,
    temperature: latest.temperature?.value,
    consciousness,
  };
  const { scores } = scoreNews2(input);
  const bp = latest.systolicBp
    ? `${latest.systolicBp.value}${latest.diastolicBp && latest.diastolicBp.observedAt.getTime() === latest.systolicBp.observedAt.getTime() ? `/${latest.diastolicBp.value}` : ""}`
    : null;
  return [
    {
      key: "heartRate",
      label: "Heart rate",
      value: latest.heartRate ? String(latest.heartRate.value) : null,
      unit: VITALS.heartRate.unitLabel,
      observedAt: latest.heartRate?.observedAt ?? null,
      score: scores.heartRate,
    },
    { key: "bloodPressure", label: "Blood pressure", value: bp, unit: "mmHg", observedAt: latest.systolicBp?.observedAt ?? null, score: scores.systolicBp },
    {
      key: "respiratoryRate",
      label: "Respiratory rate",
      value: latest.respiratoryRate ? String(latest.respiratoryRate.value) : null,
      unit: "/min",
      observedAt: latest.respiratoryRate?.observedAt ?? null,
      score: scores.respiratoryRate,
    },
    {
      key: "spo2",
      label: spo2Scale === 2 ? "SpO₂ (scale 2)" : "SpO₂",
      value: latest.spo2 ? String(latest.spo2.value) : null,
      unit: "%",
      observedAt: latest.spo2?.observedAt ?? null,
      // Supplemental oxygen scores 2 on its own; the tile shows the worse of the two.
      score: scores.spo2 === null ? null : Math.max(scores.spo2, scores.supplementalOxygen ?? 0),
      note: latest.supplementalOxygen ? (latest.supplementalOxygen.value ? "on oxygen" : "on air") : "oxygen not recorded",
    },
    {
      key: "temperature",
      label: "Temperature",
      value: latest.temperature ? latest.temperature.value.toFixed(1) : null,
      unit: "°C",
      observedAt: latest.temperature?.observedAt ?? null,
      score: scores.temperature,
    },
    {
      key: "consciousness",
      label: "Consciousness",
      value: consciousness ? CONSCIOUSNESS_LABELS[consciousness] : null,
      unit: "",
      observedAt: latest.consciousness?.observedAt ?? null,
      score: scores.consciousness,
    },
  ];
}

/**
 * The latest value of each vital sign, its age, and (for staff) its own NEWS2 score as a
 * colour. `riskColours={false}` shows the values plainly: a patient reads their own numbers
 * without risk colours or scores (NEWS2 is a clinician's tool).
 */
export function VitalTiles({
  latest,
  spo2Scale,
  now,
  compact = false,
  riskColours = true,
}: {
  latest: Latest;
  spo2Scale: 1 | 2;
  now: number;
  compact?: boolean;
  riskColours?: boolean;
}) {
  return (
    <dl className={cn("grid gap-2", compact ? "grid-cols-2 sm:grid-cols-3" : "grid-cols-2 sm:grid-cols-3 lg:grid-cols-6")}>
      {tiles(latest, spo2Scale).map((t) => (
        <div
          key={t.key}
          data-testid={VITALS_TID.vitalsTile}
          data-vital={t.key}
          data-score={riskColours ? (t.score ?? "") : ""}
          className={cn("rounded-lg border px-3 py-2", riskColours && SCORE_RING[t.score ?? 0])}
        >
          <dt className="text-xs font-medium text-muted-foreground">{t.label}</dt>
          <dd className="flex items-baseline gap-1">
            <span className={cn("font-semibold tabular-nums", compact ? "text-lg" : "text-2xl")} data-value>
              {t.value ?? "—"}
            </span>
            {t.value && t.unit ? <span className="text-xs text-muted-foreground">{t.unit}</span> : null}
            {riskColours && t.score ? <span className="sr-only">NEWS2 score {t.score}</span> : null}
          </dd>
          <dd className="text-xs text-muted-foreground">
            {t.observedAt ? ageText(t.observedAt, now) : "not measured"}
            {t.note && t.value ? ` · ${t.note}` : ""}
          </dd>
        </div>
      ))}
    </dl>
  );
}
