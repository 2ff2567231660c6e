// How live events change what a vitals screen already shows: pure functions over the
// cached tRPC results, used by use-live-vitals.ts (and tested on their own).
import { matchQuery, type QueryCache, type QueryFilters } from "@tanstack/react-query";
import type { EventPayload } from "@/lib/realtime/events";
import type { TObservation, TVitalsSummary } from "@/server/api/routers/vitals/schemas";

const RECENT_KEPT = 10;

type LiveObservation = EventPayload<"vitals.observation">;

export function fromEvent(p: LiveObservation, receivedAt: Date): TObservation {
  return {
    id: `live-${p.patientId}-${p.seq}`,
    seq: p.seq,
    observedAt: new Date(p.observedAt),
    receivedAt,
    source: p.source,
    sessionId: null,
    heartRate: p.heartRate,
    systolicBp: p.systolicBp,
    diastolicBp: p.diastolicBp,
    respiratoryRate: p.respiratoryRate,
    spo2: p.spo2,
    supplementalOxygen: p.supplementalOxygen,
    temperature: p.temperature,
    consciousness: p.consciousness,
    news2Total: p.news2Total,
    news2Risk: p.news2Risk,
    news2Complete: p.news2Complete,
  };
}

const LATEST_KEYS = ["heartRate", "systolicBp", "diastolicBp", "respiratoryRate", "spo2", "temperature", "supplementalOxygen", "consciousness"] as const;

/** The summary with one more reading applied (pure, so the cache update is easy to reason about). */
export function applyObservation(summary: TVitalsSummary, o: TObservation): TVitalsSummary {
  if (o.seq <= summary.seq && summary.recent.some((r) => r.seq === o.seq)) return summary;
  const newer = (at: Date | undefined) => !at || o.observedAt.getTime() >= at.getTime();
  const latestValues = { ...summary.latestValues };
  for (const key of LATEST_KEYS) {
    const value = o[key];
    if (value === null) continue;
    if (newer(latestValues[key]?.observedAt)) {
      (latestValues as Record<string, unknown>)[key] = { value, observedAt: o.observedAt, source: o.source };
    }
  }
  const recent = [...summary.recent.filter((r) => r.seq !== o.seq), o]
    .sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime() || a.seq - b.seq)
    .slice(-RECENT_KEPT);
  // An open aggregate alert keeps the worst NEWS2 seen while it is open (as the server does).
  const openAlerts =
    o.news2Total >= 5
      ? summary.openAlerts.map((a) => (a.condition === "NEWS2_AGGREGATE" && (a.news2Total ?? 0) < o.news2Total ? { ...a, news2Total: o.news2Total } : a))
      : summary.openAlerts;
  return {
    ...summary,
    openAlerts,
    seq: Math.max(summary.seq, o.seq),
    latest: newer(summary.latest?.observedAt) ? o : summary.latest,
    recent,
    latestValues,
  };
}

/** Staff views list open alerts; a raised event adds one until the refetch brings its details. */
export function withAlert(summary: TVitalsSummary, p: EventPayload<"vitals.alert.raised">): TVitalsSummary {
  if (summary.viewerRole !== "CLINICIAN" && summary.viewerRole !== "ADMIN") return summary;
  if (summary.openAlerts.some((a) => a.id === p.alertId)) return summary;
  const at = new Date(p.at);
  const alert: TVitalsSummary["openAlerts"][number] = {
    id: p.alertId,
    patientId: p.patientId,
    observationId: "",
    condition: p.condition,
    status: "OPEN",
    news2Total: p.news2Total,
    parameters: [],
    value: null,
    min: null,
    max: null,
    raisedAt: at,
    lastTriggeredAt: at,
    acknowledgedAt: null,
    acknowledgeNote: null,
    acknowledgedBy: null,
    escalatedAt: null,
    escalationCount: 0,
  };
  return { ...summary, openAlerts: [alert, ...summary.openAlerts] };
}

/** The vitals queries a screen shows, for `replayAfterFetches`. */
export interface VitalsQueryFilters {
  summary: QueryFilters;
  history: QueryFilters;
}

/**
 * Calls `replayAfter` each time the server answers a vitals query, with the newest reading
 * that answer holds (null: none). Such an answer replaces what the cache held, including
 * readings applied from live events while it was on its way; `replayAfter` applies them
 * again. The cache's own updates (setQueryData from events) are not answers and are skipped.
 * Bucketed history (averages) never takes live readings, so it needs nothing. Returns the
 * function that stops.
 */
export function replayAfterFetches(cache: QueryCache, filters: VitalsQueryFilters, replayAfter: (seq: number | null) => void): () => void {
  return cache.subscribe((e) => {
    if (e.type !== "updated" || e.action.type !== "success" || e.action.manual) return;
    if (matchQuery(filters.summary, e.query)) {
      const data = e.query.state.data as Pick<TVitalsSummary, "seq"> | undefined;
      if (data) replayAfter(data.seq);
    } else if (matchQuery(filters.history, e.query)) {
      const data = e.query.state.data as { bucketSeconds: number | null; series: { seq: (number | null)[] } } | undefined;
      if (!data || data.bucketSeconds !== null) return;
      const seqs = data.series.seq.filter((seq) => seq !== null);
      replayAfter(seqs.length ? Math.max(...seqs) : null);
    }
  });
}
