// Outgoing client events (WebRTC signalling on presence-signal-{sessionId}). Pusher
// Channels accepts at most 10 client events a second per connection and 10 KB each, and
// only once the channel is subscribed; ICE candidates come in bursts, so events wait
// here and leave in order at the allowed pace.

export const CLIENT_EVENT_PATTERN = /^client-[A-Za-z0-9_.-]{1,64}$/;
export const MAX_CLIENT_EVENTS_PER_SECOND = 10;
export const MAX_CLIENT_EVENT_BYTES = 10 * 1024;
/** Beyond this many waiting events something is wrong (a peer in a loop); newer ones are refused. */
export const MAX_QUEUED_CLIENT_EVENTS = 200;
/** An event the connection refused (its socket between states) is offered again after this long. */
export const CLIENT_EVENT_RETRY_MS = 500;

export type ClientEventName = `client-${string}`;

export function isClientEventName(name: unknown): name is ClientEventName {
  return typeof name === "string" && CLIENT_EVENT_PATTERN.test(name);
}

export function clientEventBytes(data: unknown): number {
  return new TextEncoder().encode(JSON.stringify(data) ?? "").byteLength;
}

export interface ClientEventQueueOptions {
  /** Hands one event to the connection; false if it could not be sent. */
  send: (event: ClientEventName, data: unknown) => boolean;
  maxPerSecond?: number;
  maxQueued?: number;
}

/**
 * Sends client events in order, no faster than `maxPerSecond` in any one-second window,
 * and only while ready (subscribed). `push` returns false for an event that will never
 * be sent: a bad name, too large, or the queue is full.
 */
export class ClientEventQueue {
  private readonly queue: { event: ClientEventName; data: unknown }[] = [];
  private readonly sentAt: number[] = [];
  private readonly maxPerSecond: number;
  private readonly maxQueued: number;
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The timer waits to offer a refused event again (not for the rate window). */
  private retrying = false;

  constructor(private readonly options: ClientEventQueueOptions) {
    this.maxPerSecond = options.maxPerSecond ?? MAX_CLIENT_EVENTS_PER_SECOND;
    this.maxQueued = options.maxQueued ?? MAX_QUEUED_CLIENT_EVENTS;
  }

  get pending(): number {
    return this.queue.length;
  }

  push(event: string, data: unknown): boolean {
    if (!isClientEventName(event)) return false;
    if (clientEventBytes(data) > MAX_CLIENT_EVENT_BYTES) return false;
    if (this.queue.length >= this.maxQueued) return false;
    this.queue.push({ event, data });
    this.drain();
    return true;
  }

  setReady(ready: boolean): void {
    this.ready = ready;
    if (!ready) return this.cancelTimer();
    // Back (or newly) subscribed: a pending retry goes now; the rate window still holds.
    if (this.retrying) this.cancelTimer();
    this.drain();
  }

  /** Drops what is waiting (the call ended or the channel was released). */
  clear(): void {
    this.queue.length = 0;
    this.cancelTimer();
  }

  private drain(): void {
    if (!this.ready || this.timer) return;
    while (this.queue.length > 0) {
      const now = Date.now();
      while (this.sentAt.length > 0 && now - this.sentAt[0]! >= 1000) this.sentAt.shift();
      if (this.sentAt.length >= this.maxPerSecond) {
        this.timer = setTimeout(
          () => {
            this.timer = undefined;
            this.drain();
          },
          1000 - (now - this.sentAt[0]!),
        );
        return;
      }
      const next = this.queue[0]!;
      if (!this.options.send(next.event, next.data)) {
        // The socket refused it although the channel counts as subscribed (it is between
        // states): keep it and offer it again shortly. Waiting for the next "ready" alone
        // could wait forever, since nothing tells us when the socket is back.
        this.retrying = true;
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.retrying = false;
          this.drain();
        }, CLIENT_EVENT_RETRY_MS);
        return;
      }
      this.queue.shift();
      this.sentAt.push(now);
    }
  }

  private cancelTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.retrying = false;
  }
}
