import "server-only";
import { env } from "@/env";
import { PUSHER_AUTH_ENDPOINT, type RealtimeClientConfig } from "@/lib/realtime/client/config";

/**
 * Where browsers connect for realtime: Pusher Channels (cluster), or a Pusher-protocol
 * server at PUSHER_PUBLIC_HOST/PORT/TLS when it is reached differently from the server's
 * own PUSHER_HOST/PORT/USE_TLS (a reverse proxy, TLS at the edge). Only the public key.
 */
export function getRealtimeClientConfig(): RealtimeClientConfig {
  if (env.PUSHER_CLUSTER) {
    return { provider: "pusher", key: env.PUSHER_KEY, cluster: env.PUSHER_CLUSTER, authEndpoint: PUSHER_AUTH_ENDPOINT };
  }
  return {
    provider: "pusher-protocol",
    key: env.PUSHER_KEY,
    wsHost: env.PUSHER_PUBLIC_HOST ?? env.PUSHER_HOST,
    wsPort: env.PUSHER_PUBLIC_PORT ?? env.PUSHER_PORT,
    forceTLS: env.PUSHER_PUBLIC_TLS ?? env.PUSHER_USE_TLS,
    authEndpoint: PUSHER_AUTH_ENDPOINT,
  };
}
