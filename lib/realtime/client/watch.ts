// What each hook does, without React: follow a channel through a RealtimeClient and call
// back. Each returns the function that stops (unbinds and releases the channel).

import { allowsClientEvents, parseChannel, type ChannelName } from "../channels";
import type { EventName, EventPayload } from "../events";
import { bindEvent } from "./bind-event";
import { ClientEventQueue, isClientEventName, type ClientEventName } from "./client-events";
import type { PresenceSnapshot, RealtimeClient } from "./realtime-client";
import { SequenceGate } from "./sequence";

// The one-event watcher is its own module: pages that only refresh on events need it alone.
export { watchEvent, type ChannelFor } from "./watch-event";
import type { ChannelFor } from "./watch-event";

export interface SequencedEventsOptions<N extends EventName> {
  channel: ChannelFor<N>;
  event: N;
  /** The event's sequence number (e.g. `(p) => p.seq`). */
  seqOf: (payload: EventPayload<N>) => number;
  /**
   * Something may have been missed: a number was skipped, or the channel was subscribed
   * (the first time, or again after a reconnect). Refetch the current state (e.g. a tRPC
   * query's refetch()).
   */
  onGap: () => void;
  /**
   * Each event newer than what was already applied, in arrival order; duplicates and late
   * retries are dropped. Called again for the same event by `replayAfter`, so it must be
   * idempotent (applying an event the state already holds changes nothing).
   */
  onEvent?: (payload: EventPayload<N>) => void;
  /** The seq the state already on screen includes (from the last fetch), so a first event after it can be checked too. */
  initialSeq?: number | null;
}

export interface SequencedEventsWatch {
  /**
   * A refetch returned state up to `seq`: later events continue from there. When that is newer
   * than every event received here, `onGap` runs: the state holds readings whose events never
   * came (lost on the way, e.g. published to a realtime node that had just died, or still on
   * their way, and then dropped as not newer), so other views of the stream fetched earlier
   * (a chart's history) lack them, and no later event may come to reveal it.
   */
  advanceTo(seq: number): void;
  /**
   * A fetch has just replaced the state on screen with the server's, which holds the events
   * up to `seq` (null: none). An event that arrived while that fetch was on its way was
   * applied to the state it then replaced, so it is gone from the screen although it will
   * never arrive again: each event already delivered that is newer than `seq` is delivered
   * to `onEvent` again, oldest first (the last 256 are kept).
   */
  replayAfter(seq: number | null): void;
  stop(): void;
}

/** How many delivered events `replayAfter` can deliver again. */
export const REPLAY_KEPT = 256;

export function watchSequencedEvents<N extends EventName>(
  client: RealtimeClient,
  { channel, event, seqOf, onGap, onEvent, initialSeq = null }: SequencedEventsOptions<N>,
): SequencedEventsWatch {
  const gate = new SequenceGate(initialSeq);
  // Delivered events, oldest first (the gate lets only increasing numbers through).
  const delivered: { seq: number; payload: EventPayload<N> }[] = [];
  const lease = client.acquire(channel);
  const unbind = bindEvent(lease.channel, event, (payload) => {
    const seq = seqOf(payload);
    const verdict = gate.observe(seq);
    if (verdict === "stale") return;
    delivered.push({ seq, payload });
    if (delivered.length > REPLAY_KEPT) delivered.shift();
    onEvent?.(payload);
    if (verdict === "gap") onGap();
  });
  // Every subscription, the first included, re-reads the state: whatever was published
  // before it took effect (while the page loaded, or while the connection was down and the
  // channel was being subscribed again on another node) will never arrive as an event, and a
  // gap in the numbers shows only when a later event comes, which may be never.
  const stopSubscribed = lease.onSubscribed(() => onGap());
  return {
    advanceTo: (seq) => {
      const before = gate.last;
      gate.advanceTo(seq);
      if (before !== null && gate.last !== null && gate.last > before) onGap();
    },
    replayAfter: (seq) => {
      if (!onEvent) return;
      for (const entry of delivered.filter((e) => seq === null || e.seq > seq)) onEvent(entry.payload);
    },
    stop: () => {
      unbind();
      stopSubscribed();
      lease.release();
    },
  };
}

/** Calls `listener` with who is on a presence channel now and after every change. */
export function watchPresence(client: RealtimeClient, channel: ChannelName<"presence">, listener: (snapshot: PresenceSnapshot) => void): () => void {
  const lease = client.acquire(channel);
  const stop = lease.onPresenceChange(() => listener(lease.presence()));
  listener(lease.presence());
  return () => {
    stop();
    lease.release();
  };
}

export interface ClientEventSender {
  userId: string;
}

export interface ClientEvents {
  /**
   * Queues a `client-*` event for the other participants (never echoed back to this
   * tab). Sent once subscribed, in order, within Pusher's 10 events/s. False when it
   * will never be sent: bad name, over 10 KB, or too many waiting.
   */
  trigger(event: ClientEventName, data: unknown): boolean;
  /**
   * Listens for a `client-*` event from the other participants. Validate `data`: it comes
   * from a browser. `sender` is the user id the realtime server attached (presence
   * channels), which the sender cannot forge; null if the server sent none.
   */
  bind(event: ClientEventName, handler: (data: unknown, sender: ClientEventSender | null) => void): () => void;
  /** Subscribed: triggered events leave now rather than wait. */
  isReady(): boolean;
  onReadyChange(listener: (ready: boolean) => void): () => void;
  stop(): void;
}

/** Client events on a session's signalling channel, the only channel that carries them. */
export function openClientEvents(client: RealtimeClient, channel: ChannelName<"signal">): ClientEvents {
  const parsed = parseChannel(channel);
  if (!parsed || !allowsClientEvents(parsed)) throw new TypeError(`Client events are not allowed on ${String(channel)}`);
  const lease = client.acquire(channel);
  const queue = new ClientEventQueue({ send: (event, data) => lease.channel.trigger(event, data) });
  const readyListeners = new Set<(ready: boolean) => void>();
  let ready = false;
  const setReady = (next: boolean) => {
    if (next === ready) return;
    ready = next;
    queue.setReady(next);
    for (const listener of [...readyListeners]) listener(next);
  };
  const bound: (() => void)[] = [];
  bound.push(lease.onSubscribed(() => setReady(true)));
  bound.push(client.subscribeState(() => setReady(lease.status() === "subscribed" && client.getState() === "connected")));
  setReady(lease.status() === "subscribed");

  return {
    trigger: (event, data) => queue.push(event, data),
    bind(event, handler) {
      if (!isClientEventName(event)) throw new TypeError(`Not a client event name: ${String(event)}`);
      const callback = (data: unknown, metadata?: { user_id?: unknown }) =>
        handler(data, typeof metadata?.user_id === "string" ? { userId: metadata.user_id } : null);
      lease.channel.bind(event, callback);
      const unbind = () => lease.channel.unbind(event, callback);
      bound.push(unbind);
      return unbind;
    },
    isReady: () => ready,
    onReadyChange(listener) {
      readyListeners.add(listener);
      return () => readyListeners.delete(listener);
    },
    stop() {
      for (const unbind of bound) unbind();
      readyListeners.clear();
      queue.clear();
      lease.release();
    },
  };
}
