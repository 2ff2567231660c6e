// The realtime provider the app is configured for. Both configurations speak the Pusher
// HTTP API, so one implementation serves hosted Pusher Channels and self-hosted soketi.

import { createPusherClient, PusherRealtime, type PusherRealtimeOptions } from "./pusher";
import type { Realtime, RealtimeConfig } from "./types";

export function createRealtime(config: RealtimeConfig, options: PusherRealtimeOptions): Realtime {
  return new PusherRealtime(createPusherClient(config), options);
}

export type * from "./types";
