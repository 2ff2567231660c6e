"use client";

import { useMemo } from "react";
import type { ChannelName } from "@/lib/realtime/channels";
import { useClientEvents } from "@/lib/realtime/client/hooks";
import type { ClientEventName } from "@/lib/realtime/client/client-events";
import type { PusherChannelLike, SignalCallback } from "@/lib/video/pusher-signaling";

/**
 * The session's signalling channel (presence-signal-{sessionId}) from the tab's realtime
 * connection, shaped as the channel the peer-to-peer call expects. Null until subscribed.
 */
export function useSignalChannel(name: string | null): PusherChannelLike | null {
  const events = useClientEvents(name as ChannelName<"signal"> | null);
  return useMemo(() => {
    if (!name || !events.ready) return null;
    const unbinders = new Map<SignalCallback, () => void>();
    return {
      name,
      subscribed: true,
      trigger: (event: string, data: unknown) => events.trigger(event as ClientEventName, data),
      // The sender the realtime server attested, in pusher-js's shape.
      bind: (event: string, callback: SignalCallback) => {
        unbinders.set(
          callback,
          events.bind(event as ClientEventName, (data, sender) => callback(data, sender ? { user_id: sender.userId } : undefined)),
        );
      },
      unbind: (_event: string, callback?: SignalCallback) => {
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
