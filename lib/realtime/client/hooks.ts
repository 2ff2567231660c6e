"use client";

// React hooks over the tab's one realtime connection (<RealtimeProvider>). Each is a thin
// wrapper over ./watch.ts. Handlers may change on every render without resubscribing;
// pass `null` as the channel to follow nothing (e.g. until an id is known).

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { ChannelName } from "../channels";
import type { EventName, EventPayload } from "../events";
import type { ClientEventName } from "./client-events";
import { useRealtimeClient } from "./context";
import { EMPTY_PRESENCE, type PresenceSnapshot } from "./realtime-client";
import {
  openClientEvents,
  watchEvent,
  watchPresence,
  watchSequencedEvents,
  type ChannelFor,
  type ClientEvents,
  type ClientEventSender,
  type SequencedEventsOptions,
} from "./watch";

export { RealtimeContext, useConnectionState } from "./context";

// useLayoutEffect warns during server rendering; handlers only matter in the browser.
const useIsomorphicLayoutEffect = typeof window === "undefined" ? useEffect : useLayoutEffect;

/** The latest value of `value`, readable from callbacks without re-running effects. */
function useLatest<T>(value: T) {
  const ref = useRef(value);
  useIsomorphicLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}

/** Calls `handler` with each `event` published on `channel` (payloads validated against the catalogue). */
export function useRealtimeEvent<N extends EventName>(channel: ChannelFor<N> | null, event: N, handler: (payload: EventPayload<N>) => void): void {
  const client = useRealtimeClient("useRealtimeEvent");
  const latest = useLatest(handler);
  useEffect(() => {
    if (!client || !channel) return;
    return watchEvent(client, channel, event, (payload) => latest.current(payload));
  }, [client, channel, event, latest]);
}

/** Who is on a session's presence channel (as the server signed them), and which of them is this tab. */
export function usePresence(channel: ChannelName<"presence"> | null): PresenceSnapshot {
  const client = useRealtimeClient("usePresence");
  const [snapshot, setSnapshot] = useState<PresenceSnapshot>(EMPTY_PRESENCE);
  useEffect(() => {
    if (!client || !channel) {
      setSnapshot(EMPTY_PRESENCE);
      return;
    }
    return watchPresence(client, channel, setSnapshot);
  }, [client, channel]);
  return snapshot;
}

export type UseSequencedEventsOptions<N extends EventName> = Omit<SequencedEventsOptions<N>, "channel"> & {
  channel: ChannelFor<N> | null;
};

export interface UseSequencedEvents {
  /**
   * A fetch just replaced the state on screen with one holding the events up to `seq` (null:
   * none): delivers the newer events already received to `onEvent` again (it overwrote them).
   */
  replayAfter: (seq: number | null) => void;
}

/**
 * For streams with a sequence number: `onEvent` gets each newer event (and again through
 * `replayAfter`), and `onGap` (refetch) runs when a number was skipped and after every
 * subscription, the first and each after a reconnect. Pass the seq the fetched state
 * includes as `initialSeq`; when a refetch brings a newer one, pass that.
 */
export function useSequencedEvents<N extends EventName>(options: UseSequencedEventsOptions<N>): UseSequencedEvents {
  const client = useRealtimeClient("useSequencedEvents");
  const latest = useLatest(options);
  const { channel, event, initialSeq = null } = options;
  const watch = useRef<ReturnType<typeof watchSequencedEvents> | null>(null);
  useEffect(() => {
    if (!client || !channel) return;
    const current = watchSequencedEvents(client, {
      channel,
      event,
      initialSeq: latest.current.initialSeq ?? null,
      seqOf: (payload) => latest.current.seqOf(payload),
      onGap: () => latest.current.onGap(),
      onEvent: (payload) => latest.current.onEvent?.(payload),
    });
    watch.current = current;
    return () => {
      current.stop();
      if (watch.current === current) watch.current = null;
    };
  }, [client, channel, event, latest]);
  useEffect(() => {
    if (initialSeq !== null) watch.current?.advanceTo(initialSeq);
  }, [initialSeq]);
  const replayAfter = useCallback((seq: number | null) => watch.current?.replayAfter(seq), []);
  return useMemo(() => ({ replayAfter }), [replayAfter]);
}

export interface UseClientEvents {
  /** Subscribed to the signalling channel: triggered events leave now. */
  ready: boolean;
  /** Queues a `client-*` event for the other participants; false if it can never be sent. */
  trigger: (event: ClientEventName, data: unknown) => boolean;
  /** Listens for a `client-*` event from the other participants (with the server-attested sender); returns the unbind function. */
  bind: (event: ClientEventName, handler: (data: unknown, sender: ClientEventSender | null) => void) => () => void;
}

/** WebRTC signalling between the participants of one session, on presence-signal-{sessionId} only. */
export function useClientEvents(channel: ChannelName<"signal"> | null): UseClientEvents {
  const client = useRealtimeClient("useClientEvents");
  const [events, setEvents] = useState<ClientEvents | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!client || !channel) return;
    const opened = openClientEvents(client, channel);
    setEvents(opened);
    setReady(opened.isReady());
    const stopReady = opened.onReadyChange(setReady);
    return () => {
      stopReady();
      opened.stop();
      setEvents(null);
      setReady(false);
    };
  }, [client, channel]);
  const trigger = useCallback((event: ClientEventName, data: unknown) => events?.trigger(event, data) ?? false, [events]);
  const bind = useCallback(
    (event: ClientEventName, handler: (data: unknown, sender: ClientEventSender | null) => void) => events?.bind(event, handler) ?? (() => {}),
    [events],
  );
  return useMemo(() => ({ ready, trigger, bind }), [ready, trigger, bind]);
}
