"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/client-errors";
import { deviceCheckedToday } from "@/lib/video/device-check-day";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";

/**
 * One-click Admit from the Today list (or the arrival toast): with the clinician's device
 * check already done today in this browser, start the session (which admits whoever waits;
 * in a running call, admit the waiting guests) and go straight into the call. Otherwise the
 * room checks the devices first and then starts and admits by itself (`?admit=1`).
 */
export function useAdmitFromList(clinicianId: string) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const start = useMutation(trpc.sessions.start.mutationOptions());
  const admitOne = useMutation(trpc.sessions.admit.mutationOptions());
  const [pending, setPending] = useState<string | null>(null);

  async function admit(sessionId: string, waitingGuestIds: string[] = []) {
    if (!deviceCheckedToday(clinicianId)) {
      router.push(`/session/${sessionId}?admit=1`);
      return;
    }
    setPending(sessionId);
    try {
      const started = await start.mutateAsync({ sessionId });
      if (started.alreadyStarted) for (const userId of waitingGuestIds) await admitOne.mutateAsync({ sessionId, userId });
      // Whoever waited is admitted now: the "(N) waiting" title and list must not wait for the next poll.
      void refreshQueries(queryClient, { queryKey: trpc.waitingRoom.list.queryKey() });
      router.push(`/session/${sessionId}`);
    } catch (error) {
      toast.error(errorMessage(error));
      setPending(null);
    }
  }
  return { admit, pendingSessionId: pending };
}
