"use client";

// "Please take your vitals now": the clinician's button (with the request's state) and the
// patient's prompt, which carries the entry form. Both follow the patient's channel, so the
// prompt appears and closes on both screens as it happens.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ActivityIcon, HourglassIcon } from "lucide-react";
import { useCallback } from "react";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { patientChannel } from "@/lib/realtime/channels";
import { useRealtimeEvent } from "@/lib/realtime/client/hooks";
import { VITALS_TID } from "@/lib/vitals-test-ids";
import { PATIENT_TID } from "@/lib/patient-test-ids";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";
import { VitalsEntryForm } from "./vitals-entry-form-lazy";

/** Keeps the pending-request query current from the patient's channel. */
export function usePendingRequests(patientId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pending = useQuery({ ...trpc.vitals.requests.pending.queryOptions({ patientId }), refetchInterval: 15_000 });
  const changed = useCallback(() => {
    void refreshQueries(queryClient, { queryKey: trpc.vitals.requests.pending.queryKey({ patientId }) });
  }, [queryClient, trpc, patientId]);
  const channel = patientChannel(patientId);
  useRealtimeEvent(channel, "vitals.requested", changed);
  useRealtimeEvent(channel, "vitals.request.closed", (p) => {
    changed();
    if (p.outcome === "FULFILLED") void refreshQueries(queryClient, { queryKey: trpc.vitals.summary.queryKey({ patientId }) });
  });
  return pending;
}

/** Clinician: ask the patient for a set of readings (in a call, pass the session). */
export function RequestVitalsButton({ patientId, sessionId, className }: { patientId: string; sessionId?: string | null; className?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pending = usePendingRequests(patientId);
  const request = useMutation(
    trpc.vitals.requests.create.mutationOptions({
      onSuccess: () => void refreshQueries(queryClient, { queryKey: trpc.vitals.requests.pending.queryKey({ patientId }) }),
      onError: (e) => toast.error(e.message),
    }),
  );
  const cancel = useMutation(
    trpc.vitals.requests.cancel.mutationOptions({
      onSettled: () => void refreshQueries(queryClient, { queryKey: trpc.vitals.requests.pending.queryKey({ patientId }) }),
      onError: (e) => toast.error(e.message),
    }),
  );
  const open = pending.data?.[0];
  return (
    <div className={cn("flex flex-wrap items-center gap-2", className)} data-testid={VITALS_TID.vitalsRequestStatus} data-state={open ? "pending" : "idle"}>
      {open ? (
        <>
          <span className="inline-flex items-center gap-1.5 text-sm text-muted-foreground" role="status">
            <HourglassIcon aria-hidden className="size-4" /> Waiting for the patient to enter readings…
          </span>
          <Button size="sm" variant="ghost" onClick={() => cancel.mutate({ requestId: open.id })} disabled={cancel.isPending}>
            Withdraw
          </Button>
        </>
      ) : (
        <Button
          size="sm"
          variant="outline"
          onClick={() => request.mutate({ patientId, sessionId: sessionId ?? null })}
          disabled={request.isPending}
          data-testid={VITALS_TID.vitalsRequestButton}
        >
          <ActivityIcon /> Request vitals
        </Button>
      )}
    </div>
  );
}

/** Patient: the clinician's request, with the form to answer it; nothing when none is pending. */
export function VitalsRequestPrompt({ patientId, sessionId, className }: { patientId: string; sessionId?: string | null; className?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pending = usePendingRequests(patientId);
  const decline = useMutation(
    trpc.vitals.requests.cancel.mutationOptions({
      onSettled: () => void refreshQueries(queryClient, { queryKey: trpc.vitals.requests.pending.queryKey({ patientId }) }),
    }),
  );
  const open = pending.data?.[0];
  if (!open) return null;
  return (
    <section
      className={cn("grid gap-3 rounded-lg border-2 border-info-border bg-info-subtle p-4 text-info-subtle-foreground", className)}
      data-testid={PATIENT_TID.vitalsRequestPrompt}
      data-request-id={open.id}
      aria-labelledby={`vitals-request-${open.id}`}
      role="region"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id={`vitals-request-${open.id}`} className="text-base font-semibold">
            {open.requestedByName} asked you to take your vitals now
          </h2>
          <p className="text-sm">Measure what you can with your devices and enter the numbers below. Your clinician sees them as soon as you save.</p>
        </div>
        <Button size="sm" variant="ghost" onClick={() => decline.mutate({ requestId: open.id })}>
          Not now
        </Button>
      </div>
      <div className="rounded-md bg-background p-3 text-foreground">
        <VitalsEntryForm patientId={patientId} audience="patient" requestId={open.id} sessionId={sessionId ?? open.sessionId} />
      </div>
    </section>
  );
}
