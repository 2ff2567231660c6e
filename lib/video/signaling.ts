// How peer-to-peer calls exchange offers, answers, ICE candidates and mute states. The
// WebRTC code only sees this interface, so the transport can change (Pusher client events
// on the session's signalling channel, an in-page hub for the loopback test) without
// touching it.

export type SignalHandler = (payload: unknown, from: string) => void;

export interface SignalingChannel {
  /** This peer's id; messages carry it as `from`. */
  readonly selfId: string;
  /** To one peer (`to`) or, without it, to every other peer on the channel. Never back to the sender. */
  send(type: string, payload: unknown, to?: string): void;
  /** Listens for one message type; returns the function that stops listening. */
  on(type: string, handler: SignalHandler): () => void;
  /** Sends whatever is queued now (e.g. a goodbye before the page goes away). */
  flush?(): void;
  /** Sends anything still queued, then stops sending and delivering. */
  close(): void;
}

/** The wire format shared by the transports: who, to whom, what. */
export interface SignalEnvelope {
  /** from */
  f: string;
  /** to (absent: everyone) */
  t?: string;
  /** message type */
  k: string;
  /** payload */
  p: unknown;
}

/** Routes an incoming envelope to the handlers of its type, unless it is for another peer or our own echo. */
export class SignalDispatcher {
  private readonly handlers = new Map<string, Set<SignalHandler>>();
  constructor(private readonly selfId: string) {}

  on(type: string, handler: SignalHandler): () => void {
    const set = this.handlers.get(type) ?? new Set();
    set.add(handler);
    this.handlers.set(type, set);
    return () => set.delete(handler);
  }

  dispatch(envelope: SignalEnvelope): void {
    if (envelope.f === this.selfId) return;
    if (envelope.t !== undefined && envelope.t !== this.selfId) return;
    for (const handler of this.handlers.get(envelope.k) ?? []) handler(envelope.p, envelope.f);
  }

  clear(): void {
    this.handlers.clear();
  }
}

export function isSignalEnvelope(value: unknown): value is SignalEnvelope {
  const v = value as Partial<SignalEnvelope> | null;
  return typeof v === "object" && v !== null && typeof v.f === "string" && typeof v.k === "string" && (v.t === undefined || typeof v.t === "string");
}

/**
 * Signalling between peers in the same page (the "test my connection" loopback call).
 * Delivery is asynchronous and ordered, like a network transport.
 */
export function createLocalSignalingHub() {
  const members = new Map<string, SignalDispatcher>();
  return {
    join(selfId: string): SignalingChannel {
      const dispatcher = new SignalDispatcher(selfId);
      members.set(selfId, dispatcher);
      let open = true;
      return {
        selfId,
        send(type, payload, to) {
          if (!open) return;
          // Structured clone: peers never share objects, as over a network.
          const envelope: SignalEnvelope = structuredClone({ f: selfId, ...(to ? { t: to } : {}), k: type, p: payload });
          setTimeout(() => {
            for (const [id, member] of members) if (id !== selfId) member.dispatch(envelope);
          }, 0);
        },
        on: (type, handler) => dispatcher.on(type, handler),
        close() {
          open = false;
          dispatcher.clear();
          if (members.get(selfId) === dispatcher) members.delete(selfId);
        },
      };
    },
  };
}
