"use client";

import { useMemo } from "react";
import type { ChannelName } from "@/lib/realtime/channels";
import { useClientEvents } from "@/lib/realtime/client/hooks";
import type { ClientEventName } from "@/lib/realtime/client/client-events";
import type { PusherChannelLike } from "@/lib/video/pusher-signaling";

/**
 * The session's signalling channel (private-signal-{sessionId}) from the tab's realtime
 * connection, shaped as the channel the peer-to-peer call expects. Null until subscribed.
 */
export function useSignalChannel(name: string | null): PusherChannelLike | null {
  const events = useClientEvents(name as ChannelName<"signal"> | null);
  return useMemo(() => {
    if (!name || !events.ready) return null;
    const unbinders = new Map<(data: unknown) => void, () => void>();
    return {
      name,
      subscribed: true,
      trigger: (event: string, data: unknown) => events.trigger(event as ClientEventName, data),
      bind: (event: string, callback: (data: unknown) => void) => {
        unbinders.set(callback, events.bind(event as ClientEventName, callback));
      },
      unbind: (_event: string, callback?: (data: unknown) => void) => {
        if (callback) {
          unbinders.get(callback)?.();
          unbinders.delete(callback);
        } else {
          for (const off of unbinders.values()) off();
          unbinders.clear();
        }
      },
    };
  }, [name, events]);
}
