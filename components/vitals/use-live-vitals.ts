"use client";

// The one data hook behind every vitals screen: the summary query, kept current by the
// patient's realtime channel (vitals.observation with gap detection, alerts, requests), with
// a slow poll as a safety net for viewers the channel does not admit. Charts read history
// queries, which live readings are appended to in place.

import { useQueryClient, useQuery, type UseQueryResult } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { patientChannel } from "@/lib/realtime/channels";
import { useConnectionState, useRealtimeEvent, useSequencedEvents } from "@/lib/realtime/client/hooks";
import { streamStatus, type StreamReading } from "@/lib/vitals/staleness";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";
import type { THistoryOutput, TVitalsSummary } from "@/server/api/routers/vitals/schemas";
import { pointOfReading, withPoint } from "@/lib/vitals/history-point";
import { applyObservation, fromEvent, replayAfterFetches, withAlert } from "./live-cache";

/** Safety net when live updates are unavailable (e.g. the channel refused this viewer). */
const FALLBACK_POLL_MS = 15_000;

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
  const serverTime = summary.data?.serverTime;
  const offsetMs = useMemo(() => (serverTime ? Date.now() - serverTime.getTime() : 0), [serverTime]);
  const seenAt = useRef(new Map<number, number>());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const refresh = useCallback(() => {
    void refreshQueries(queryClient, { queryKey: trpc.vitals.summary.queryKey({ patientId }) });
    void refreshQueries(queryClient, trpc.vitals.history.queryFilter({ patientId }));
  }, [queryClient, trpc, patientId]);

  const { replayAfter } = useSequencedEvents({
    channel,
    event: "vitals.observation",
    initialSeq: summary.data?.seq ?? null,
    seqOf: (p) => p.seq,
    onGap: refresh,
    onEvent: (p) => {
      const received = seenAt.current.get(p.seq) ?? Date.now();
      seenAt.current.set(p.seq, received);
      const o = fromEvent(p, new Date(received - offsetMs));
      queryClient.setQueryData(summaryOptions.queryKey, (old) => (old ? applyObservation(old, o) : old));
      queryClient.setQueriesData<THistoryOutput>(trpc.vitals.history.queryFilter({ patientId }), (old) => {
        if (!old || old.bucketSeconds !== null || old.series.seq.includes(o.seq)) return old;
        const span = old.to.getTime() - old.from.getTime();
        const to = new Date(Math.max(old.to.getTime(), o.observedAt.getTime()));
        const from = new Date(to.getTime() - span);
        return { ...old, from, to, series: withPoint(old.series, pointOfReading(o), from.getTime()) };
      });
      setNow(received);
    },
  });

  // A fetch that was on its way when a reading arrived answers with the state from before it
  // and replaces the reading applied meanwhile (on a first load, the reading had nothing to be
  // applied to). The reading will not come again, so it is applied again on top of the answer.
  useEffect(
    () =>
      replayAfterFetches(
        queryClient.getQueryCache(),
        { summary: { queryKey: trpc.vitals.summary.queryKey({ patientId }), exact: true }, history: trpc.vitals.history.queryFilter({ patientId }) },
        replayAfter,
      ),
    [queryClient, trpc, patientId, replayAfter],
  );

  const alertsChanged = useCallback(() => {
    void refreshQueries(queryClient, { queryKey: trpc.vitals.summary.queryKey({ patientId }) });
    void refreshQueries(queryClient, trpc.vitals.alerts.list.queryFilter());
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
    void refreshQueries(queryClient, { queryKey: trpc.vitals.requests.pending.queryKey({ patientId }) });
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
