"use client";

import { useServerRefresh, type ServerRefreshOptions } from "@/components/common/use-server-refresh";
import type { EventName } from "@/lib/realtime/events";

/** For a server-rendered view: renders nothing, refreshes the route on `events` (see useServerRefresh). */
export function LiveRefresh<N extends EventName>(props: ServerRefreshOptions<N>) {
  useServerRefresh(props);
  return null;
}
