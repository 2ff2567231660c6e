import "server-only";
import { env } from "@/env";
import { createRealtime, type Realtime, type RealtimeConfig } from "@/server/integrations/realtime";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { logger } from "@/server/logger";

function configFromEnv(): RealtimeConfig {
  const credentials = { appId: env.PUSHER_APP_ID, key: env.PUSHER_KEY, secret: env.PUSHER_SECRET };
  return env.PUSHER_CLUSTER
    ? { provider: "pusher", cluster: env.PUSHER_CLUSTER, ...credentials }
    : { provider: "pusher-protocol", host: env.PUSHER_HOST, port: env.PUSHER_PORT, useTLS: env.PUSHER_USE_TLS, ...credentials };
}

const globalForRealtime = globalThis as unknown as { bedsideRealtime?: Realtime };

/** The configured realtime provider (one per process). */
export function realtime(): Realtime {
  globalForRealtime.bedsideRealtime ??= createRealtime(configFromEnv(), { logger: logger.child({ component: "realtime" }) });
  return globalForRealtime.bedsideRealtime;
}

/**
 * Publish events after the transaction that caused them has committed. Never throws and is
 * not awaited by callers' responses: a failed publish is logged and retried by the
 * provider, and clients repair gaps through sequence numbers and refetches.
 */
export function publishAfterCommit(events: RealtimeEvent[]): void {
  if (events.length === 0) return;
  const r = realtime();
  void (events.length === 1 ? r.publish(events[0]!) : r.publishBatch(events)).catch((error: unknown) =>
    logger.error({ error: error instanceof Error ? error.name : "unknown", count: events.length }, "realtime.publish_failed"),
  );
}
