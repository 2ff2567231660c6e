// What the browser needs to open its realtime connection, decided on the server
// (server/realtime/client-config.ts) and handed to <RealtimeProvider>. No secret in here.

import type { Options } from "pusher-js";

export const PUSHER_AUTH_ENDPOINT = "/api/pusher/auth";

export type RealtimeClientConfig =
  | { provider: "pusher"; key: string; cluster: string; authEndpoint: string }
  | { provider: "pusher-protocol"; key: string; wsHost: string; wsPort: number; forceTLS: boolean; authEndpoint: string };

// A dead connection is noticed within activity + pong timeout; pusher-js's defaults
// (120 s + 30 s) leave an indicator green for minutes after the network went away.
const ACTIVITY_TIMEOUT_MS = 30_000;
const PONG_TIMEOUT_MS = 10_000;

/**
 * pusher-js options for a config: WebSocket only (no HTTP fallbacks, which would reach
 * Pusher's own hosts), channel authorization through the app's endpoint.
 */
export function pusherOptions(config: RealtimeClientConfig): Options {
  const common = {
    activityTimeout: ACTIVITY_TIMEOUT_MS,
    pongTimeout: PONG_TIMEOUT_MS,
    channelAuthorization: { endpoint: config.authEndpoint, transport: "ajax" as const },
  };
  if (config.provider === "pusher") {
    return { ...common, cluster: config.cluster, forceTLS: true, enabledTransports: ["wss"] };
  }
  return {
    ...common,
    // pusher-js insists on a cluster; with wsHost set it only names the (unused) HTTP fallback.
    cluster: "local",
    wsHost: config.wsHost,
    wsPort: config.wsPort,
    wssPort: config.wsPort,
    forceTLS: config.forceTLS,
    enabledTransports: config.forceTLS ? ["wss"] : ["ws", "wss"],
  };
}
