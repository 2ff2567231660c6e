// When a server-rendered view asks the server again (`router.refresh()`): what react-query did
// for the lists that used to fetch through the tRPC client, without it. Pure, so it is tested
// without a browser; `useServerRefresh` (./use-server-refresh.ts) wires it to the router, the
// realtime events, the tab's visibility and the network.

import type { ConnectionState } from "@/lib/realtime/client/connection-state";

export interface Refresher {
  /** Something changed (a realtime event): refresh, once for all the calls made in the same tick. */
  request(): void;
  /** A poll tick: refresh unless the tab is hidden (react-query's refetchInterval does not poll in the background either). */
  tick(hidden: boolean): void;
  /** The tab came back or the network did: refresh when the view is older than `staleMs` (react-query's refetchOnWindowFocus / OnReconnect). */
  resumed(): void;
}

/**
 * Whether the tab's realtime connection just came back (so events may have been missed while it
 * was down): the state became "connected" from "reconnecting" or "offline". The first connect
 * ("connecting" → "connected") is not one: the view was rendered with the current data.
 */
export function reconnected(previous: ConnectionState, next: ConnectionState): boolean {
  return next === "connected" && (previous === "reconnecting" || previous === "offline");
}

export interface RefresherOptions {
  refresh: () => void;
  /** Defer to the end of the tick (e.g. `(f) => setTimeout(f, 0)`), so several requests make one refresh. */
  defer: (run: () => void) => void;
  now: () => number;
  /** A view younger than this is not refreshed on resume (the tRPC client's staleTime). */
  staleMs?: number;
}

export function createRefresher({ refresh, defer, now, staleMs = 30_000 }: RefresherOptions): Refresher {
  let queued = false;
  let last = now();
  const request = () => {
    if (queued) return;
    queued = true;
    defer(() => {
      queued = false;
      last = now();
      refresh();
    });
  };
  return {
    request,
    tick: (hidden) => {
      if (!hidden) request();
    },
    resumed: () => {
      if (now() - last >= staleMs) request();
    },
  };
}
