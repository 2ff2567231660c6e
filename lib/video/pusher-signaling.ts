// Signalling over Pusher client events on the session's private signalling channel
// (presence-signal-{sessionId}: the only channel where Bedside lets browsers talk to each
// other). Pusher's rules shape this adapter:
// - client events must be named `client-*`, are never echoed to the sender, and are capped
//   at 10 KB and 10 per second per connection (Pusher Channels; soketi is configurable);
// - so messages are batched into one event when they fit, sent at most every 100 ms, and
//   one too big for an event (an SDP offer with many candidates) is split into chunks the
//   receiver puts back together.
// - on a presence channel the server stamps each client event with the sender's user id
//   (`user_id`); a message is only accepted when its sender peer id is that user's, so no
//   participant can speak for another.
import { peerBelongsTo } from "./connection";
import { isSignalEnvelope, SignalDispatcher, type SignalEnvelope, type SignalingChannel } from "./signaling";

/** What pusher-js hands a bound callback: the data and, on presence channels, the sender's user id. */
export type SignalCallback = (data: unknown, metadata?: { user_id?: unknown }) => void;

/** The part of a pusher-js Channel this needs. */
export interface PusherChannelLike {
  readonly name: string;
  readonly subscribed?: boolean;
  trigger(event: string, data: unknown): boolean;
  bind(event: string, callback: SignalCallback): unknown;
  unbind(event: string, callback?: SignalCallback): unknown;
}

export const SIGNAL_EVENT = "client-signal";

interface Batch {
  b: SignalEnvelope[];
}
interface Chunk {
  /** sender */
  f: string;
  /** message id (per sender) */
  m: string;
  i: number;
  n: number;
  /** part of the JSON of one envelope */
  c: string;
}

export interface PusherSignalingOptions {
  selfId: string;
  /** Largest event payload in bytes (Pusher Channels allows 10 KB; leave room for framing). */
  maxEventBytes?: number;
  /** Shortest gap between two events, in ms (Pusher Channels allows 10 client events a second). */
  minIntervalMs?: number;
  /**
   * Accept only messages whose sender peer id belongs to the user id the server attached.
   * On by default on presence channels (where the server attaches it); messages without
   * one are then dropped.
   */
  verifySenders?: boolean;
}

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

export function createPusherSignaling(channel: PusherChannelLike, options: PusherSignalingOptions): SignalingChannel {
  const { selfId } = options;
  const maxBytes = options.maxEventBytes ?? 9_000;
  const minInterval = options.minIntervalMs ?? 100;
  const verifySenders = options.verifySenders ?? channel.name.startsWith("presence-");
  const dispatcher = new SignalDispatcher(selfId);
  const queue: SignalEnvelope[] = [];
  const partial = new Map<string, { parts: string[]; received: number; at: number }>();
  let lastSentAt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let chunkCounter = 0;
  let open = true;
  let subscribed = channel.subscribed ?? true;

  const onSubscribed = () => {
    subscribed = true;
    schedule();
  };
  if (!subscribed) channel.bind("pusher:subscription_succeeded", onSubscribed);

  function receive(data: unknown, metadata?: { user_id?: unknown }) {
    if (!open) return;
    const sender = typeof metadata?.user_id === "string" ? metadata.user_id : null;
    if (verifySenders && sender === null) return;
    const fromSender = (peerId: string) => !verifySenders || peerBelongsTo(peerId, sender!);
    const message = data as Partial<Batch & Chunk> | null;
    if (message && Array.isArray(message.b)) {
      for (const envelope of message.b) if (isSignalEnvelope(envelope) && fromSender(envelope.f)) dispatcher.dispatch(envelope);
      return;
    }
    if (message && typeof message.f === "string" && typeof message.m === "string" && typeof message.c === "string") {
      const { f, m, i, n, c } = message as Chunk;
      if (f === selfId || !fromSender(f) || !Number.isInteger(i) || !Number.isInteger(n) || n < 1 || n > 64 || i < 0 || i >= n) return;
      const key = `${f}/${m}`;
      const entry = partial.get(key) ?? { parts: new Array<string>(n).fill(""), received: 0, at: Date.now() };
      if (entry.parts[i] === "") entry.received += 1;
      entry.parts[i] = c;
      partial.set(key, entry);
      if (entry.received === n) {
        partial.delete(key);
        try {
          const envelope: unknown = JSON.parse(entry.parts.join(""));
          if (isSignalEnvelope(envelope) && envelope.f === f) dispatcher.dispatch(envelope);
        } catch {
          // A corrupted message is dropped; perfect negotiation recovers on the next change.
        }
      }
      // Forget chunks of messages that never completed (a peer that went away mid-message).
      for (const [k, v] of partial) if (Date.now() - v.at > 30_000) partial.delete(k);
    }
  }
  channel.bind(SIGNAL_EVENT, receive);

  function schedule() {
    if (!open || timer !== null || queue.length === 0 || !subscribed) return;
    const wait = Math.max(0, lastSentAt + minInterval - Date.now());
    timer = setTimeout(flush, wait);
  }

  function flush() {
    timer = null;
    if (!open || queue.length === 0) return;
    const first = queue[0]!;
    const firstJson = JSON.stringify({ b: [first] });
    if (utf8Length(firstJson) > maxBytes) {
      queue.shift();
      sendChunks(first);
    } else {
      const batch: SignalEnvelope[] = [];
      let size = utf8Length('{"b":[]}');
      while (queue.length > 0) {
        const next = utf8Length(JSON.stringify(queue[0])) + 1;
        if (batch.length > 0 && size + next > maxBytes) break;
        batch.push(queue.shift()!);
        size += next;
      }
      channel.trigger(SIGNAL_EVENT, { b: batch } satisfies Batch);
      lastSentAt = Date.now();
    }
    schedule();
  }

  function sendChunks(envelope: SignalEnvelope) {
    const json = JSON.stringify(envelope);
    // Characters, not bytes: keep each chunk well under the limit even for multi-byte text.
    const size = Math.floor((maxBytes - 200) / 4);
    const parts = Math.ceil(json.length / size);
    const id = `${Date.now().toString(36)}${(chunkCounter++).toString(36)}`;
    // Chunks go out back to back, still spaced by the rate limit.
    const pending = Array.from({ length: parts }, (_, i) => ({ f: selfId, m: id, i, n: parts, c: json.slice(i * size, (i + 1) * size) }));
    const sendNext = () => {
      timer = null;
      if (!open) return;
      const chunk = pending.shift();
      if (!chunk) return schedule();
      channel.trigger(SIGNAL_EVENT, chunk satisfies Chunk);
      lastSentAt = Date.now();
      timer = setTimeout(sendNext, minInterval);
    };
    sendNext();
  }

  /** Everything queued, now, ignoring the pacing (a leaving peer's last words). */
  function flushNow() {
    while (open && subscribed && queue.length > 0) {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      flush();
    }
  }

  return {
    selfId,
    send(type, payload, to) {
      if (!open) return;
      queue.push({ f: selfId, ...(to ? { t: to } : {}), k: type, p: payload });
      schedule();
    },
    on: (type, handler) => dispatcher.on(type, handler),
    flush: flushNow,
    close() {
      flushNow();
      open = false;
      queue.length = 0;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      dispatcher.clear();
      channel.unbind(SIGNAL_EVENT, receive);
      channel.unbind("pusher:subscription_succeeded", onSubscribed);
    },
  };
}
