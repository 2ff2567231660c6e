"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { ChannelName } from "@/lib/realtime/channels";
import { usePresence } from "@/lib/realtime/client/hooks";
import { useTRPC } from "@/trpc/react";

/** Soon after a drop the realtime server may still list the member; one more look then. */
const RECHECK_MS = 2_000;
/** Reports per drop, the first included. */
const MAX_REPORTS = 3;

/**
 * Peer-to-peer calls: when someone drops out of the call's presence channel (their tab was
 * killed or lost its network, so no leave beacon came), this page tells the server, which
 * checks with the realtime server itself before ending that person's connection in the
 * visit record. Every participant's page reports; the server's check makes that safe. The
 * realtime server's own webhook does the same without any page (handlePresenceWebhook):
 * whichever arrives first ends the connection, the other finds nothing left to end.
 */
export function useReportPresenceDrops(sessionId: string, signalChannel: string | null) {
  const trpc = useTRPC();
  const presence = usePresence(signalChannel as ChannelName<"presence"> | null);
  const report = useMutation(trpc.sessions.reportPresenceDrop.mutationOptions());
  const reportRef = useRef(report.mutateAsync);
  reportRef.current = report.mutateAsync;
  const seen = useRef<ReadonlySet<string>>(new Set());

  useEffect(() => {
    // Not subscribed (or this tab's own connection is down): nothing to compare against.
    if (!presence.me) {
      seen.current = new Set();
      return;
    }
    const present = new Set(presence.members.map((m) => m.id));
    for (const userId of seen.current) {
      if (present.has(userId) || userId === presence.me.id) continue;
      // The server says when to look again: a connection too new to judge, or an answer it could not get.
      const ask = (attempt: number): Promise<void> =>
        reportRef
          .current({ sessionId, userId })
          .then((r) =>
            r.ended || attempt >= MAX_REPORTS
              ? undefined
              : new Promise<void>((done) => setTimeout(done, r.retryInMs ?? RECHECK_MS)).then(() => ask(attempt + 1)),
          );
      void ask(1).catch(() => undefined);
    }
    seen.current = present;
  }, [presence, sessionId]);
}
