"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ClockIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/client-errors";
import { WAITING_TID } from "@/lib/waiting-test-ids";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";
import { toast } from "@/components/ui/toast";

/** The minute choices (server/waiting-room/waiting-estimate.ts RUNNING_LATE_CHOICES). */
const CHOICES = [5, 10, 15, 30] as const;

/**
 * One click tells whoever waits for this visit "running late, about N min"; it shows on
 * their waiting screen at once (and to anyone arriving later).
 */
export function RunningLate({ sessionId, lastSent }: { sessionId: string; lastSent?: { minutes: number } | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const send = useMutation(
    trpc.waitingRoom.runningLate.mutationOptions({
      onSuccess: (r) => {
        toast.success(`The patient sees: running about ${r.minutes} min late.`);
        void refreshQueries(queryClient, { queryKey: trpc.waitingRoom.list.queryKey() });
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <div
      role="group"
      aria-label="Tell the patient you are running late"
      className="flex flex-wrap items-center gap-1 text-sm"
      data-testid={WAITING_TID.runningLate}
    >
      <span className="inline-flex items-center gap-1 text-muted-foreground">
        <ClockIcon aria-hidden className="size-4" /> Running late:
      </span>
      {CHOICES.map((m) => (
        <Button
          key={m}
          size="sm"
          variant={lastSent?.minutes === m ? "secondary" : "outline"}
          disabled={send.isPending}
          onClick={() => send.mutate({ sessionId, minutes: m })}
          data-testid={WAITING_TID.runningLateChoice}
          data-minutes={m}
        >
          {m} min
        </Button>
      ))}
      {lastSent && (
        <span className="text-xs text-muted-foreground" data-testid={WAITING_TID.runningLateSent}>
          (sent: {lastSent.minutes} min)
        </span>
      )}
    </div>
  );
}
