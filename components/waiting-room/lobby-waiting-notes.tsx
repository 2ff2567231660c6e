"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { RunningLate } from "./running-late";
import { WaitingMessages } from "./waiting-messages";

/** In the clinician's lobby: the waiting room's messages and the one-click "running late". */
export function LobbyWaitingNotes({ sessionId }: { sessionId: string }) {
  const trpc = useTRPC();
  // Shared with the arrival notice (same query key), which refetches it on every arrival or message.
  const list = useQuery({ ...trpc.waitingRoom.list.queryOptions(), refetchInterval: 30_000 });
  const mine = list.data?.find((s) => s.sessionId === sessionId);
  return (
    <div className="space-y-2">
      <WaitingMessages messages={mine?.messages ?? []} />
      <RunningLate sessionId={sessionId} lastSent={mine?.lateNotice ?? null} />
    </div>
  );
}
