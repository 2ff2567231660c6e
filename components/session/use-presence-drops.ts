"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { ChannelName } from "@/lib/realtime/channels";
import { usePresence } from "@/lib/realtime/client/hooks";
import { useTRPC } from "@/trpc/react";

/** Soon after a drop the realtime server may still list the member; one more look then. */
const RECHECK_MS = 2_000;

/**
 * Peer-to-peer calls: when someone drops out of the call's presence channel (their tab was
 * killed or lost its network, so no leave beacon came), this page tells the server, which
 * checks with the realtime server itself before ending that person's connection in the
 * visit record. Every participant's page reports; the server's check makes that safe.
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
      void reportRef
        .current({ sessionId, userId })
        .then((r) => (r.ended ? null : new Promise((done) => setTimeout(done, RECHECK_MS)).then(() => reportRef.current({ sessionId, userId }))))
        .catch(() => undefined);
    }
    seen.current = present;
  }, [presence, sessionId]);
}
