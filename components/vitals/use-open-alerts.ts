"use client";

// The clinician's open vitals alerts as every screen counts them: the inbox query, plus any
// alert a realtime event announced that no later fetch of the inbox has confirmed yet. The
// event alone puts an alert on screen (toast, badge, title) — it must not wait for a round
// trip on a busy server — and the refetch it triggers then takes over.

import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import type { EventPayload } from "@/lib/realtime/events";
import { useTRPC } from "@/trpc/react";

const ANNOUNCED_KEY = ["bedside", "announced-alerts"] as const;

interface AnnouncedAlert {
  alertId: string;
  patientId: string;
  /** This tab's clock: the inbox fetched after this moment is the truth about it. */
  receivedAt: number;
}

export interface OpenAlertRef {
  alertId: string;
  patientId: string;
}

/** Records a `vitals.alert.updated` event for every counter on the page, at once. */
export function noteAlertEvent(queryClient: QueryClient, p: EventPayload<"vitals.alert.updated">): void {
  queryClient.setQueryData<AnnouncedAlert[]>(ANNOUNCED_KEY, (old = []) => {
    const rest = old.filter((a) => a.alertId !== p.alertId);
    return p.status === "OPEN" ? [...rest, { alertId: p.alertId, patientId: p.patientId, receivedAt: Date.now() }] : rest;
  });
}

export function useOpenAlerts(enabled = true) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inbox = useQuery({ ...trpc.vitals.alerts.list.queryOptions({}), enabled, refetchInterval: 60_000 });
  const announced = useQuery({
    queryKey: ANNOUNCED_KEY,
    queryFn: () => queryClient.getQueryData<AnnouncedAlert[]>(ANNOUNCED_KEY) ?? [],
    initialData: [] as AnnouncedAlert[],
    staleTime: Infinity,
    enabled,
  });
  const open = useMemo<OpenAlertRef[]>(() => {
    const fetched = (inbox.data ?? []).filter((a) => a.status === "OPEN").map((a) => ({ alertId: a.id, patientId: a.patient.id }));
    const known = new Set(fetched.map((a) => a.alertId));
    const pending = (announced.data ?? [])
      .filter((a) => a.receivedAt > inbox.dataUpdatedAt && !known.has(a.alertId))
      .map(({ alertId, patientId }) => ({ alertId, patientId }));
    return [...fetched, ...pending];
  }, [inbox.data, inbox.dataUpdatedAt, announced.data]);
  return {
    open,
    count: open.length,
    countFor: (patientId: string) => open.filter((a) => a.patientId === patientId).length,
    /** The inbox rows (names, conditions), once fetched. */
    inbox,
  };
}
