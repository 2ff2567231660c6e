"use client";

import { useRouter } from "next/navigation";
import { useContext, useEffect } from "react";
import { RealtimeContext } from "@/lib/realtime/client/context";
import { watchEvent, type ChannelFor } from "@/lib/realtime/client/watch-event";
import type { EventName } from "@/lib/realtime/events";
import { createRefresher, reconnected, type Refresher } from "./server-refresh";

export interface ServerRefreshOptions<N extends EventName> {
  /** The channel whose `events` mean the view changed; null: none. */
  channel: ChannelFor<N> | null;
  events: readonly N[];
  /** Poll this often while the tab is visible (a fallback for a missed event); null: never. */
  everyMs: number | null;
}

/**
 * Keeps a server-rendered view current without a client-side data layer: on each of `events`,
 * when the realtime connection comes back (events sent while it was down are not replayed),
 * every `everyMs` and when the tab or the network comes back after a while, the route's server
 * components render again (`router.refresh()`, layouts included) and React patches the page in
 * place. For views that only read; the reads stay the procedures' own (`serverCaller()`), audited
 * as before. Calls from several components in the same tick make one refresh.
 */
export function useServerRefresh<N extends EventName>({ channel, events, everyMs }: ServerRefreshOptions<N>): void {
  const router = useRouter();
  const client = useContext(RealtimeContext);
  const eventKey = events.join(" ");

  useEffect(() => {
    const r = tabRefresher(router);
    const poll = everyMs === null ? undefined : window.setInterval(() => r.tick(document.visibilityState === "hidden"), everyMs);
    const resumed = () => {
      if (document.visibilityState === "visible") r.resumed();
    };
    document.addEventListener("visibilitychange", resumed);
    window.addEventListener("online", resumed);
    return () => {
      window.clearInterval(poll);
      document.removeEventListener("visibilitychange", resumed);
      window.removeEventListener("online", resumed);
    };
  }, [router, everyMs]);

  useEffect(() => {
    if (!client || !channel) return;
    const r = tabRefresher(router);
    const stops = (eventKey.split(" ") as N[]).map((event) => watchEvent(client, channel, event, () => r.request()));
    let state = client.getState();
    stops.push(
      client.subscribeState(() => {
        const next = client.getState();
        if (reconnected(state, next)) r.request();
        state = next;
      }),
    );
    return () => stops.forEach((stop) => stop());
  }, [client, channel, eventKey, router]);
}

// One per tab: the banner in the layout and the list in the page refresh the same route.
let shared: { refresher: Refresher; router: { refresh(): void } } | null = null;
function tabRefresher(router: { refresh(): void }): Refresher {
  if (!shared) {
    const state: { refresher: Refresher; router: { refresh(): void } } = {
      router,
      refresher: createRefresher({ refresh: () => state.router.refresh(), defer: (run) => window.setTimeout(run, 0), now: () => Date.now() }),
    };
    shared = state;
  }
  shared.router = router;
  return shared.refresher;
}
