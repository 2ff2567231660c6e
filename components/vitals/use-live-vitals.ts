"use client";

// The one data hook behind every vitals screen: the summary query, kept current by the
// patient's realtime channel (vitals.observation with gap detection, alerts, requests), with
// a slow poll as a safety net for viewers the channel does not admit. Charts read history
// queries, which live readings are appended to in place.

import { useQueryClient, useQuery, type UseQueryResult } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { patientChannel } from "@/lib/realtime/channels";
import type { EventPayload } from "@/lib/realtime/events";
import { useConnectionState, useRealtimeEvent, useSequencedEvents } from "@/lib/realtime/client/hooks";
import { streamStatus, type StreamReading } from "@/lib/vitals/staleness";
import { useTRPC } from "@/trpc/react";
import type { THistoryPoint, TObservation, TVitalsSummary } from "@/server/api/routers/vitals/schemas";

/** Safety net when live updates are unavailable (e.g. the channel refused this viewer). */
const FALLBACK_POLL_MS = 15_000;
const RECENT_KEPT = 10;

type LiveObservation = EventPayload<"vitals.observation">;

function fromEvent(p: LiveObservation, receivedAt: Date): TObservation {
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
  return {
    ...summary,
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

function toPoint(o: TObservation): THistoryPoint {
  return {
    observedAt: o.observedAt,
    seq: o.seq,
    heartRate: o.heartRate,
    systolicBp: o.systolicBp,
    diastolicBp: o.diastolicBp,
    respiratoryRate: o.respiratoryRate,
    spo2: o.spo2,
    temperature: o.temperature,
    news2Total: o.news2Total,
    news2Risk: o.news2Risk,
    news2Complete: o.news2Complete,
    count: 1,
  };
}

export interface LiveVitals {
  summary: UseQueryResult<TVitalsSummary, { message: string }>;
  /** The device stream, if any: stale after 3 s without a reading. */
  stream: ReturnType<typeof streamStatus>;
  /** Whether readings arrive live (else the view refreshes every 15 s). */
  live: boolean;
  refresh: () => void;
}

export function useLiveVitals(patientId: string): LiveVitals {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const channel = patientChannel(patientId);
  const connection = useConnectionState();
  const summaryOptions = trpc.vitals.summary.queryOptions({ patientId });
  const summary = useQuery({ ...summaryOptions, refetchInterval: FALLBACK_POLL_MS, staleTime: 5_000 });

  // Browser time minus server time at the last fetch, to place server receipt times on this clock.
  const offsetMs = useMemo(() => (summary.data ? Date.now() - summary.data.serverTime.getTime() : 0), [summary.data?.serverTime]);
  const seenAt = useRef(new Map<number, number>());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.vitals.summary.queryKey({ patientId }) });
    void queryClient.invalidateQueries(trpc.vitals.history.queryFilter({ patientId }));
  }, [queryClient, trpc, patientId]);

  useSequencedEvents({
    channel,
    event: "vitals.observation",
    initialSeq: summary.data?.seq ?? null,
    seqOf: (p) => p.seq,
    onGap: refresh,
    onEvent: (p) => {
      const received = Date.now();
      seenAt.current.set(p.seq, received);
      const o = fromEvent(p, new Date(received - offsetMs));
      queryClient.setQueryData(summaryOptions.queryKey, (old) => (old ? applyObservation(old, o) : old));
      queryClient.setQueriesData<{ from: Date; to: Date; bucketSeconds: number | null; points: THistoryPoint[] }>(
        trpc.vitals.history.queryFilter({ patientId }),
        (old) => {
          if (!old || old.bucketSeconds !== null || old.points.some((pt) => pt.seq === o.seq)) return old;
          const span = old.to.getTime() - old.from.getTime();
          const to = new Date(Math.max(old.to.getTime(), o.observedAt.getTime()));
          const from = new Date(to.getTime() - span);
          const points = [...old.points, toPoint(o)]
            .filter((pt) => pt.observedAt >= from)
            .sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());
          return { ...old, from, to, points };
        },
      );
      setNow(received);
    },
  });

  const alertsChanged = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.vitals.summary.queryKey({ patientId }) });
    void queryClient.invalidateQueries(trpc.vitals.alerts.list.queryFilter());
  }, [queryClient, trpc, patientId]);
  // Shown from the event at once (an alert must not wait for a refetch), then completed by it.
  useRealtimeEvent(channel, "vitals.alert.raised", (p) => {
    queryClient.setQueryData(summaryOptions.queryKey, (old) => (old ? withAlert(old, p) : old));
    alertsChanged();
  });
  useRealtimeEvent(channel, "vitals.alert.acknowledged", (p) => {
    queryClient.setQueryData(summaryOptions.queryKey, (old) => (old ? { ...old, openAlerts: old.openAlerts.filter((a) => a.id !== p.alertId) } : old));
    alertsChanged();
  });

  const requestsChanged = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.vitals.requests.pending.queryKey({ patientId }) });
  }, [queryClient, trpc, patientId]);
  useRealtimeEvent(channel, "vitals.requested", requestsChanged);
  useRealtimeEvent(channel, "vitals.request.closed", requestsChanged);

  const readings: StreamReading[] = (summary.data?.recent ?? []).map((r) => ({
    source: r.source,
    observedAt: r.observedAt.getTime(),
    seenAt: seenAt.current.get(r.seq) ?? r.receivedAt.getTime() + offsetMs,
  }));

  return { summary, stream: streamStatus(readings, now), live: connection === "connected", refresh };
}
