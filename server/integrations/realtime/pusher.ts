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
}

/** Up to MAX_BATCH_SIZE events sent in one request and retried together. */
interface Job {
  events: readonly RealtimeEvent[];
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

  async publishBatch(events: readonly RealtimeEvent[]): Promise<PublishStatus[]> {
    const publishable = events.filter((event) => this.isPublishable(event));
    const jobs: Job[] = [];
    for (let i = 0; i < publishable.length; i += MAX_BATCH_SIZE) {
      jobs.push({ events: publishable.slice(i, i + MAX_BATCH_SIZE), attempt: 1 });
    }
    const jobStatuses = await Promise.all(jobs.map((job) => this.attempt(job)));
    const statusOf = new Map<RealtimeEvent, PublishStatus>();
    jobs.forEach((job, i) => job.events.forEach((event) => statusOf.set(event, jobStatuses[i] ?? "rejected")));
    return events.map((event) => statusOf.get(event) ?? "rejected");
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

  flush(): Promise<void> {
    if (this.retrying.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.flushWaiters.push(resolve));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const dropped = [...this.retrying].reduce((n, job) => n + job.events.length, 0);
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

  private async attempt(job: Job): Promise<PublishStatus> {
    let request: Promise<unknown>;
    try {
      request = this.send(job.events);
    } catch (error) {
      // The SDK validates synchronously; what it refuses now it will refuse on every retry.
      this.logger.error(this.logFields(job, error), "realtime publish refused by the SDK; not retried");
      return "rejected";
    }
    try {
      await request;
      return "delivered";
    } catch (error) {
      return this.onFailure(job, error);
    }
  }

  private send(events: readonly RealtimeEvent[]): Promise<unknown> {
    const [only] = events;
    if (events.length === 1 && only) return this.client.trigger(only.channel, only.name, only.data);
    // Fresh objects on every attempt: the SDK serialises batch data in place.
    return this.client.triggerBatch(events.map(({ channel, name, data }) => ({ channel, name, data })));
  }

  private onFailure(job: Job, error: unknown): PublishStatus {
    const fields = this.logFields(job, error);
    if (!isRetryable(error)) {
      this.logger.error(fields, "realtime publish refused by the provider; not retried");
      return "rejected";
    }
    if (job.attempt >= this.policy.maxAttempts) {
      this.logger.error(fields, "realtime publish failed on every attempt; dropped");
      return "rejected";
    }
    if (this.closed || (!this.retrying.has(job) && this.retrying.size >= this.policy.maxQueued)) {
      this.logger.error(fields, "realtime retry queue full or closed; dropped");
      return "rejected";
    }
    this.logger.warn(fields, "realtime publish failed; will retry");
    this.retrying.add(job);
    job.attempt += 1;
    job.timer = setTimeout(() => void this.retry(job), retryDelayMs(this.policy, job.attempt, this.random));
    job.timer.unref?.();
    return "queued";
  }

  /** Event names, channel names (ids only) and the failure code: never the payload. */
  private logFields(job: Job, error: unknown): Record<string, unknown> {
    return {
      events: job.events.map((e) => e.name),
      channels: job.events.map((e) => e.channel),
      attempt: job.attempt,
      failure: failureCode(error),
    };
  }

  private async retry(job: Job): Promise<void> {
    const status = await this.attempt(job);
    if (status === "queued" || !this.retrying.delete(job)) return;
    if (this.retrying.size === 0) this.settleFlush();
  }

  private settleFlush(): void {
    const waiters = this.flushWaiters;
    this.flushWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
