// What each hook does, without React: follow a channel through a RealtimeClient and call
// back. Each returns the function that stops (unbinds and releases the channel).

import { allowsClientEvents, parseChannel, type ChannelName } from "../channels";
import { bindEvent, type EventChannelKind, type EventName, type EventPayload } from "../events";
import { ClientEventQueue, isClientEventName, type ClientEventName } from "./client-events";
import type { PresenceSnapshot, RealtimeClient } from "./realtime-client";
import { SequenceGate } from "./sequence";

/** A channel on which `N` is published, e.g. `private-patient-…` for vitals events. */
export type ChannelFor<N extends EventName> = ChannelName<EventChannelKind<N>>;

/** Calls `handler` with each valid `event` payload on `channel`. */
export function watchEvent<N extends EventName>(
  client: RealtimeClient,
  channel: ChannelFor<N>,
  event: N,
  handler: (payload: EventPayload<N>) => void,
): () => void {
  const lease = client.acquire(channel);
  const unbind = bindEvent(lease.channel, event, handler);
  return () => {
    unbind();
    lease.release();
  };
}

export interface SequencedEventsOptions<N extends EventName> {
  channel: ChannelFor<N>;
  event: N;
  /** The event's sequence number (e.g. `(p) => p.seq`). */
  seqOf: (payload: EventPayload<N>) => number;
  /**
   * Something may have been missed: a number was skipped, or the channel was subscribed
   * again after a reconnect. Refetch the current state (e.g. a tRPC query's refetch()).
   */
  onGap: () => void;
  /** Each event newer than what was already applied, in arrival order; duplicates and late retries are dropped. */
  onEvent?: (payload: EventPayload<N>) => void;
  /** The seq the state already on screen includes (from the last fetch), so a first event after it can be checked too. */
  initialSeq?: number | null;
}

export interface SequencedEventsWatch {
  /** A refetch returned state up to `seq`. */
  advanceTo(seq: number): void;
  stop(): void;
}

export function watchSequencedEvents<N extends EventName>(
  client: RealtimeClient,
  { channel, event, seqOf, onGap, onEvent, initialSeq = null }: SequencedEventsOptions<N>,
): SequencedEventsWatch {
  const gate = new SequenceGate(initialSeq);
  const lease = client.acquire(channel);
  const unbind = bindEvent(lease.channel, event, (payload) => {
    const verdict = gate.observe(seqOf(payload));
    if (verdict === "stale") return;
    onEvent?.(payload);
    if (verdict === "gap") onGap();
  });
  // Whatever was published while the connection was down is gone for good.
  const stopResubscribed = lease.onSubscribed(({ resubscribed }) => {
    if (resubscribed) onGap();
  });
  return {
    advanceTo: (seq) => gate.advanceTo(seq),
    stop: () => {
      unbind();
      stopResubscribed();
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
