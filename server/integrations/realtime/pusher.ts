// Realtime over the Pusher HTTP API, with the official `pusher` SDK: Pusher Channels in
// the cloud, or soketi (or any Pusher-protocol server) on the hospital's own network.
//
// Publishing happens after a transaction has committed, so it must never fail the
// request: a failed event is logged with ids only (payloads carry health information)
// and retried in the background, in memory, within a bounded policy.

import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import Pusher from "pusher";
import { isPresenceChannel, isValidId, isValidSocketId, parseChannel } from "@/lib/realtime/channels";
import { EVENTS, isEventName, type RealtimeEvent } from "@/lib/realtime/events";
import { DEFAULT_RETRY_POLICY, failureCode, isRetryable, retryDelayMs } from "./retry";
import {
  MAX_BATCH_SIZE,
  MAX_EVENT_BYTES,
  type ChannelAuthorization,
  type PresenceMember,
  type PresenceWebhookEvent,
  type PublishStatus,
  type Realtime,
  type RealtimeConfig,
  type RealtimeLogger,
  type RetryPolicy,
} from "./types";

/** The part of the SDK this module uses; tests pass a fake. */
export type PusherClient = Pick<Pusher, "trigger" | "triggerBatch" | "authorizeChannel"> & Partial<Pick<Pusher, "get" | "webhook">>;

export interface PusherRealtimeOptions {
  logger: RealtimeLogger;
  retry?: Partial<RetryPolicy>;
  /** Source of jitter; tests pin it. */
  random?: () => number;
  /** Runs the send of what was published in this turn of the event loop; setImmediate unless a test says otherwise. */
  defer?: (send: () => void) => void;
}

/** One event waiting to be sent, and how to tell its publisher the outcome of its first attempt. */
interface Entry {
  event: RealtimeEvent;
  /** The publishBatch call it came from: a provider's refusal is judged per call, as if each had its own request. */
  submission: number;
  settle(status: PublishStatus): void;
}

/** Up to MAX_BATCH_SIZE events sent in one request and retried together. */
interface Job {
  entries: readonly Entry[];
  attempt: number;
  timer?: ReturnType<typeof setTimeout>;
}

// Callers may await the first attempt; a stalled provider should not hold a request long.
const DEFAULT_TIMEOUT_MS = 3000;

export function createPusherClient(config: RealtimeConfig): Pusher {
  const credentials = {
    appId: config.appId,
    key: config.key,
    secret: config.secret,
    timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  // Connections kept alive between publishes: without an agent the SDK opened a new TCP (and
  // TLS) connection per event, which cost the vitals ingest more CPU than the event itself
  // (bench/vitals profile: connect + first write ≈ 8 % of the server's time at 200 readings/s).
  const useTLS = config.provider === "pusher" || config.useTLS;
  const agent = useTLS ? new HttpsAgent({ keepAlive: true, maxSockets: 50 }) : new HttpAgent({ keepAlive: true, maxSockets: 50 });
  return config.provider === "pusher"
    ? new Pusher({ ...credentials, cluster: config.cluster, useTLS: true, agent })
    : new Pusher({ ...credentials, host: config.host, port: String(config.port), useTLS: config.useTLS, agent });
}

export class PusherRealtime implements Realtime {
  private readonly policy: RetryPolicy;
  private readonly logger: RealtimeLogger;
  private readonly random: () => number;
  private readonly defer: (send: () => void) => void;
  /** Events waiting for the next send, in publishing order. */
  private queue: Entry[] = [];
  private sendScheduled = false;
  /** Channels with a first attempt in flight: their later events wait for it (order per channel). */
  private readonly busyChannels = new Map<string, number>();
  private inFlight = 0;
  private submissions = 0;
  /** Jobs between their first failure and their last attempt. */
  private readonly retrying = new Set<Job>();
  private flushWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly client: PusherClient,
    options: PusherRealtimeOptions,
  ) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.logger = options.logger;
    this.random = options.random ?? Math.random;
    this.defer = options.defer ?? ((send) => setImmediate(send));
  }

  /** Pusher's webhook format, signed with the app secret (X-Pusher-Key, X-Pusher-Signature). */
  verifyWebhook({ headers, body }: { headers: Headers; body: string }): { sentAt: Date; events: PresenceWebhookEvent[] } | null {
    if (!this.client.webhook) return null;
    const hook = this.client.webhook({
      headers: {
        "x-pusher-key": headers.get("x-pusher-key") ?? undefined,
        "x-pusher-signature": headers.get("x-pusher-signature") ?? undefined,
        // The SDK wants exactly application/json; a charset parameter changes nothing.
        "content-type": headers.get("content-type")?.split(";")[0]?.trim().toLowerCase(),
      },
      rawBody: body,
    });
    if (!hook.isValid()) return null;
    const data = hook.getData() as { time_ms?: unknown; events?: unknown };
    if (typeof data.time_ms !== "number" || !Array.isArray(data.events)) return null;
    const events: PresenceWebhookEvent[] = [];
    for (const e of data.events as { name?: unknown; channel?: unknown; user_id?: unknown }[]) {
      if ((e?.name === "member_added" || e?.name === "member_removed") && typeof e.channel === "string" && typeof e.user_id === "string") {
        events.push({ name: e.name, channel: e.channel, userId: e.user_id });
      }
    }
    return { sentAt: new Date(data.time_ms), events };
  }

  /** Pusher's HTTP API `GET /channels/{presence channel}/users` (soketi answers it too). */
  async presenceMembers(channel: string): Promise<string[] | null> {
    if (!this.client.get || !/^presence-[A-Za-z0-9_\-=@,.;]+$/.test(channel)) return null;
    try {
      const response = await this.client.get({ path: `/channels/${channel}/users` });
      if (!response.ok) return null;
      const body = (await response.json()) as { users?: { id?: unknown }[] };
      return Array.isArray(body.users) ? body.users.map((u) => String(u.id)) : null;
    } catch (error) {
      this.logger.warn({ error: error instanceof Error ? error.name : "unknown" }, "realtime.presence_read_failed");
      return null;
    }
  }

  async publish(event: RealtimeEvent): Promise<PublishStatus> {
    const [status] = await this.publishBatch([event]);
    return status ?? "rejected";
  }

  /**
   * Events published in the same turn of the event loop (every transaction that committed in
   * one poll phase, say) go out together at its end, in `triggerBatch` requests of at most
   * MAX_BATCH_SIZE: soketi closes the connection after every HTTP API answer, so each request
   * is a new TCP connection. An event whose channel has an earlier event still on its first
   * attempt waits for that answer, so a channel's events reach the provider in publishing order.
   */
  publishBatch(events: readonly RealtimeEvent[]): Promise<PublishStatus[]> {
    const submission = this.submissions++;
    const statuses = events.map((event) =>
      this.isPublishable(event)
        ? new Promise<PublishStatus>((settle) => this.queue.push({ event, submission, settle }))
        : Promise.resolve<PublishStatus>("rejected"),
    );
    this.scheduleSend();
    return Promise.all(statuses);
  }

  authorizeChannel(socketId: string, channel: string, presence?: PresenceMember): ChannelAuthorization | null {
    const parsed = parseChannel(channel);
    if (!parsed || !isValidSocketId(socketId)) return null;
    if (isPresenceChannel(parsed) !== (presence !== undefined)) return null;
    if (presence && !isValidId(presence.userId)) return null;
    const channelData = presence && { user_id: presence.userId, user_info: presence.userInfo };
    const { auth, channel_data } = this.client.authorizeChannel(socketId, channel, channelData);
    return channel_data === undefined ? { auth } : { auth, channel_data };
  }

  /** Resolves once every event published so far has been sent and every retry delivered or given up. */
  flush(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.flushWaiters.push(resolve));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const dropped = [...this.retrying].reduce((n, job) => n + job.entries.length, 0);
    for (const job of this.retrying) clearTimeout(job.timer);
    this.retrying.clear();
    if (dropped > 0) this.logger.warn({ dropped }, "realtime closed with events still queued; dropped");
    this.settleFlush();
  }

  private isPublishable(event: RealtimeEvent): boolean {
    const fields = { event: event.name, channel: event.channel };
    const channel = parseChannel(event.channel);
    if (!channel || !isEventName(event.name) || EVENTS[event.name].channel !== channel.kind) {
      this.logger.error(fields, "realtime event refused: not a catalogue event on its kind of channel");
      return false;
    }
    const bytes = Buffer.byteLength(JSON.stringify(event.data), "utf8");
    if (bytes > MAX_EVENT_BYTES) {
      this.logger.error({ ...fields, bytes }, "realtime event refused: larger than the provider accepts");
      return false;
    }
    return true;
  }

  private scheduleSend(): void {
    if (this.sendScheduled || this.queue.length === 0) return;
    this.sendScheduled = true;
    this.defer(() => {
      this.sendScheduled = false;
      this.sendQueued();
    });
  }

  /** Sends every queued event whose channel is not waiting for an answer, ten to a request. */
  private sendQueued(): void {
    const waiting: Entry[] = [];
    // Channels passed over in this pass: their later events must not overtake the earlier ones.
    const held = new Set<string>();
    let batch: Entry[] = [];
    for (const entry of this.queue) {
      const channel = entry.event.channel;
      if (held.has(channel) || this.busyChannels.has(channel)) {
        held.add(channel);
        waiting.push(entry);
        continue;
      }
      batch.push(entry);
      if (batch.length === MAX_BATCH_SIZE) {
        this.startJob(batch);
        batch = [];
      }
    }
    this.queue = waiting;
    if (batch.length > 0) this.startJob(batch);
  }

  private startJob(entries: Entry[]): void {
    const job: Job = { entries, attempt: 1 };
    const channels = new Set(entries.map((e) => e.event.channel));
    for (const channel of channels) this.busyChannels.set(channel, (this.busyChannels.get(channel) ?? 0) + 1);
    this.inFlight += 1;
    void this.attempt(job).finally(() => {
      this.inFlight -= 1;
      for (const channel of channels) {
        const n = (this.busyChannels.get(channel) ?? 1) - 1;
        if (n > 0) this.busyChannels.set(channel, n);
        else this.busyChannels.delete(channel);
      }
      // Events held back behind this request go now, not at the next publish.
      if (this.queue.length > 0) this.sendQueued();
      else if (this.idle()) this.settleFlush();
    });
  }

  /** Tries the job once and tells each entry's publisher the outcome (only the first attempt's counts). */
  private async attempt(job: Job): Promise<PublishStatus> {
    let request: Promise<unknown>;
    try {
      request = this.send(job.entries);
    } catch (error) {
      // The SDK validates synchronously; what it refuses now it will refuse on every retry.
      return this.refuse(job, error, "realtime publish refused by the SDK; not retried");
    }
    try {
      await request;
      return this.settle(job, "delivered");
    } catch (error) {
      return this.onFailure(job, error);
    }
  }

  private settle(job: Job, status: PublishStatus): PublishStatus {
    for (const entry of job.entries) entry.settle(status);
    return status;
  }

  /**
   * A refusal that will never pass. A first attempt that carried several publishers' events is
   * split and each publisher's events sent again on their own, so one caller's bad event is
   * refused alone, as it was when every call had its own request.
   */
  private async refuse(job: Job, error: unknown, message: string): Promise<PublishStatus> {
    const submissions = new Set(job.entries.map((e) => e.submission));
    if (job.attempt === 1 && submissions.size > 1) {
      this.logger.warn(this.logFields(job, error), "realtime batch refused; sending each publisher's events on their own");
      const statuses = await Promise.all(
        [...submissions].map((submission) => this.attempt({ entries: job.entries.filter((e) => e.submission === submission), attempt: 1 })),
      );
      return statuses.includes("queued") ? "queued" : statuses.includes("delivered") ? "delivered" : "rejected";
    }
    this.logger.error(this.logFields(job, error), message);
    return this.settle(job, "rejected");
  }

  private send(entries: readonly Entry[]): Promise<unknown> {
    const [only] = entries;
    if (entries.length === 1 && only) return this.client.trigger(only.event.channel, only.event.name, only.event.data);
    // Fresh objects on every attempt: the SDK serialises batch data in place.
    return this.client.triggerBatch(entries.map(({ event: { channel, name, data } }) => ({ channel, name, data })));
  }

  private onFailure(job: Job, error: unknown): PublishStatus | Promise<PublishStatus> {
    const fields = this.logFields(job, error);
    if (!isRetryable(error)) return this.refuse(job, error, "realtime publish refused by the provider; not retried");
    if (job.attempt >= this.policy.maxAttempts) {
      this.logger.error(fields, "realtime publish failed on every attempt; dropped");
      return this.settle(job, "rejected");
    }
    if (this.closed || (!this.retrying.has(job) && this.retrying.size >= this.policy.maxQueued)) {
      this.logger.error(fields, "realtime retry queue full or closed; dropped");
      return this.settle(job, "rejected");
    }
    this.logger.warn(fields, "realtime publish failed; will retry");
    this.retrying.add(job);
    job.attempt += 1;
    job.timer = setTimeout(() => void this.retry(job), retryDelayMs(this.policy, job.attempt, this.random));
    job.timer.unref?.();
    return this.settle(job, "queued");
  }

  /** Event names, channel names (ids only) and the failure code: never the payload. */
  private logFields(job: Job, error: unknown): Record<string, unknown> {
    return {
      events: job.entries.map((e) => e.event.name),
      channels: job.entries.map((e) => e.event.channel),
      attempt: job.attempt,
      failure: failureCode(error),
    };
  }

  private async retry(job: Job): Promise<void> {
    const status = await this.attempt(job);
    if (status === "queued" || !this.retrying.delete(job)) return;
    if (this.idle()) this.settleFlush();
  }

  private idle(): boolean {
    return this.queue.length === 0 && this.inFlight === 0 && (this.closed || this.retrying.size === 0);
  }

  private settleFlush(): void {
    const waiters = this.flushWaiters;
    this.flushWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
