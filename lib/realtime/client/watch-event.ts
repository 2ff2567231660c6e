import type { ChannelName } from "../channels";
import type { EventChannelKind, EventName, EventPayload } from "../events";
import { bindEvent } from "./bind-event";
import type { RealtimeClient } from "./realtime-client";

/** A channel on which `N` is published, e.g. `private-patient-…` for vitals events. */
export type ChannelFor<N extends EventName> = ChannelName<EventChannelKind<N>>;

/** Calls `handler` with each valid `event` payload on `channel`; returns the function that stops (unbinds and releases the channel). */
export function watchEvent<N extends EventName>(
  client: RealtimeClient,
  channel: ChannelFor<N>,
  event: N,
  handler: (payload: EventPayload<N>) => void,
): () => void {
  const lease = client.acquire(channel);
  const unbind = bindEvent(lease.channel, event, handler);
  return () => {
    unbind();
    lease.release();
  };
}
