"use client";

// The tab's realtime connection for React (<RealtimeProvider> fills it) and its state, apart
// from ./hooks.ts: the frame's connection indicator and pages that only refresh on events
// (components/common/use-server-refresh.ts) need these alone, not the presence, sequence and
// client-event watchers hooks.ts brings (the patient's home downloads only this).

import { createContext, useContext, useSyncExternalStore } from "react";
import type { ConnectionState } from "./connection-state";
import type { RealtimeClient } from "./realtime-client";

/** undefined: no provider above (a bug); null: provider mounted, connection not created yet (server render, first paint). */
export const RealtimeContext = createContext<RealtimeClient | null | undefined>(undefined);

export function useRealtimeClient(hook: string): RealtimeClient | null {
  const client = useContext(RealtimeContext);
  if (client === undefined) throw new Error(`${hook} must be used inside <RealtimeProvider> (the signed-in shell mounts one).`);
  return client;
}

const serverState = (): ConnectionState => "connecting";
const noSubscription = () => () => {};

/** "connected" | "connecting" | "reconnecting" | "offline", for the tab's realtime connection. */
export function useConnectionState(): ConnectionState {
  const client = useRealtimeClient("useConnectionState");
  return useSyncExternalStore(client?.subscribeState ?? noSubscription, client?.getState ?? serverState, serverState);
}
