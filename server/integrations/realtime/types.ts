// What the app needs from a realtime provider. Domain code publishes catalogue events
// (lib/realtime/events.ts) after its transaction commits and never learns whether the
// provider is Pusher Channels or a self-hosted Pusher-protocol server such as soketi.

import type { RealtimeEvent } from "@/lib/realtime/events";

/** Pusher Channels' limit on one event's data; larger events are refused, not sent. */
export const MAX_EVENT_BYTES = 10 * 1024;
/** Pusher Channels' limit on events per batch request. */
export const MAX_BATCH_SIZE = 10;

/**
 * delivered: the provider accepted it. queued: the first attempt failed and it will be
 * retried in the background. rejected: it will never be sent (invalid, too large, refused
 * by the provider, or the retry queue is full).
 */
export type PublishStatus = "delivered" | "queued" | "rejected";

export interface RealtimePublisher {
  /**
   * Never throws, so it is safe to call without awaiting. Resolves after the first attempt
   * (bounded by the request timeout); later attempts run in the background.
   */
  publish(event: RealtimeEvent): Promise<PublishStatus>;
  /** As publish, for several events at once; returns the status of each, in order. */
  publishBatch(events: readonly RealtimeEvent[]): Promise<PublishStatus[]>;
}

export interface PresenceMember {
  userId: string;
  /** Shown to every member of the channel: ids, role and display name only. */
  userInfo?: Record<string, string>;
}

/** What the client library expects back from the channel authorization endpoint. */
export interface ChannelAuthorization {
  auth: string;
  channel_data?: string;
}

export interface ChannelAuthorizer {
  /**
   * Signs a subscription. It does not decide: call it only after the domain has checked
   * that the user may see this channel. Returns null for a malformed socket id or channel
   * name, or when presence data is missing for a presence channel (or given for another).
   */
  authorizeChannel(socketId: string, channel: string, presence?: PresenceMember): ChannelAuthorization | null;
}

export interface PresenceReader {
  /**
   * The user ids subscribed to a presence channel right now, as the realtime server itself
   * knows them (not as any client says); null when that cannot be learned.
   */
  presenceMembers?(channel: string): Promise<string[] | null>;
}

/** A presence change the realtime server reported by webhook (Pusher's format; soketi's too). */
export interface PresenceWebhookEvent {
  name: "member_added" | "member_removed";
  channel: string;
  userId: string;
}

export interface WebhookVerifier {
  /**
   * A webhook from the realtime server, checked against the app's key and secret (HMAC of
   * the raw body): its presence events and when the server sent it. Null when it is not
   * signed by our app (or not JSON); other event types are left out.
   */
  verifyWebhook?(request: { headers: Headers; body: string }): { sentAt: Date; events: PresenceWebhookEvent[] } | null;
}

export interface Realtime extends RealtimePublisher, ChannelAuthorizer, PresenceReader, WebhookVerifier {
  /** Resolves once every queued retry has been delivered or given up. */
  flush(): Promise<void>;
  /** Stops retrying; events still queued are dropped and counted in the log. */
  close(): void;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Delay before the second attempt; each later one doubles, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Up to this fraction of each delay is removed at random, so retries do not arrive in step. */
  jitter: number;
  /** Events waiting for a retry at once; beyond this a failing event is dropped. */
  maxQueued: number;
}

/** Structurally a pino logger; fields are ids and codes, never payloads. */
export interface RealtimeLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

interface Credentials {
  appId: string;
  key: string;
  secret: string;
  /** Per-request timeout; a timed-out request counts as a failed attempt. */
  timeoutMs?: number;
}

/** Pusher Channels (hosted). */
export interface PusherChannelsConfig extends Credentials {
  provider: "pusher";
  cluster: string;
}

/** Any server that speaks the Pusher HTTP API (soketi in development, tests and on-premises). */
export interface PusherProtocolConfig extends Credentials {
  provider: "pusher-protocol";
  host: string;
  port: number;
  useTLS: boolean;
}

export type RealtimeConfig = PusherChannelsConfig | PusherProtocolConfig;
