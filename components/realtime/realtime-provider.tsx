"use client";

import Pusher from "pusher-js";
import { useEffect, useState, type ReactNode } from "react";
import { pusherOptions, type RealtimeClientConfig } from "@/lib/realtime/client/config";
import { RealtimeContext } from "@/lib/realtime/client/context";
import { RealtimeClient, type NetworkEvents } from "@/lib/realtime/client/realtime-client";

// One connection per tab, whatever mounts and unmounts: layouts switch (patient home →
// session room) and React's strict mode mounts twice in development. The connection is
// closed a little after the last provider goes, so a layout switch keeps it.
const CLOSE_AFTER_MS = 5_000;
// Once the realtime server was unreachable, how often to try again (jittered ±25 %).
const RETRY_EVERY_MS = 8_000;

let shared: { key: string; client: RealtimeClient; users: number; closeTimer?: ReturnType<typeof setTimeout> } | null = null;

const browserNetwork: NetworkEvents = {
  subscribe(listener) {
    const online = () => listener(true);
    const offline = () => listener(false);
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
    };
  },
};

function retainClient(config: RealtimeClientConfig): RealtimeClient {
  const key = JSON.stringify(config);
  if (shared && shared.key !== key) {
    clearTimeout(shared.closeTimer);
    shared.client.disconnect();
    shared = null;
  }
  shared ??= {
    key,
    client: new RealtimeClient(new Pusher(config.key, pusherOptions(config)), { network: browserNetwork, retryEveryMs: RETRY_EVERY_MS }),
    users: 0,
  };
  clearTimeout(shared.closeTimer);
  shared.users += 1;
  return shared.client;
}

function releaseClient(client: RealtimeClient): void {
  const entry = shared;
  if (entry?.client !== client) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  entry.closeTimer = setTimeout(() => {
    if (shared !== entry || entry.users > 0) return;
    entry.client.disconnect();
    shared = null;
  }, CLOSE_AFTER_MS);
}

/**
 * Opens the tab's realtime connection (pusher-js, WebSocket only, channels authorized by
 * /api/pusher/auth) for the hooks in lib/realtime/client. `config` comes from
 * getRealtimeClientConfig() on the server.
 */
export function RealtimeProvider({ config, children }: { config: RealtimeClientConfig; children: ReactNode }) {
  const [client, setClient] = useState<RealtimeClient | null>(null);
  const key = JSON.stringify(config);

  useEffect(() => {
    const retained = retainClient(JSON.parse(key) as RealtimeClientConfig);
    setClient(retained);
    // pusher-js backs off between attempts; a returning user should not wait for it
    // (the network coming back is handled by the client itself).
    const retry = () => {
      if (document.visibilityState === "visible") retained.retryNow();
    };
    document.addEventListener("visibilitychange", retry);
    return () => {
      document.removeEventListener("visibilitychange", retry);
      releaseClient(retained);
    };
  }, [key]);

  return <RealtimeContext.Provider value={client}>{children}</RealtimeContext.Provider>;
}
