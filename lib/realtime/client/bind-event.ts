// bindEvent for the browser: the same typed, validated listening as ../events.ts's bindEvent,
// but the catalogue's schemas (and zod with them, ~18 KiB gz) are downloaded when the first
// event arrives rather than with every signed-in page; most page views receive none. Events
// that arrive meanwhile wait, in order, and are then validated and delivered; after that,
// delivery is synchronous as before.

import { parseChannel } from "../channels";
import { EVENT_CHANNELS } from "../event-kinds";
import type { BindableChannel, EventName, EventPayload } from "../events";

type Parse = typeof import("../events").parseEventPayload;

let parse: Parse | null = null;
let loading: Promise<Parse> | null = null;

/** Loads the validators now (tests, or a page that knows events are coming). */
export function loadEventValidation(): Promise<Parse> {
  loading ??= import("../events").then(
    (m) => (parse = m.parseEventPayload),
    (error: unknown) => {
      loading = null; // a failed chunk download is tried again with the next event
      throw error;
    },
  );
  return loading;
}

const RETRY_MS = 2_000;

/**
 * Listens for one catalogue event with a typed handler; payloads that fail the schema are
 * ignored. Throws at once when the event is not published on this kind of channel. Returns
 * the function that stops listening (events still waiting are dropped).
 */
export function bindEvent<N extends EventName>(channel: BindableChannel, name: N, handler: (payload: EventPayload<N>) => void): () => void {
  if (parseChannel(channel.name)?.kind !== EVENT_CHANNELS[name]) {
    throw new TypeError(`${name} is not published on ${channel.name}`);
  }
  let stopped = false;
  // Events received before the validators were loaded, oldest first.
  let waiting: unknown[] = [];
  let retry: ReturnType<typeof setTimeout> | undefined;
  const deliver = (validate: Parse, data: unknown) => {
    const payload = validate(name, data);
    if (payload && !stopped) handler(payload);
  };
  const drain = () => {
    loadEventValidation().then(
      (validate) => {
        const queued = waiting;
        waiting = [];
        for (const data of queued) deliver(validate, data);
      },
      () => {
        if (stopped) return;
        retry = setTimeout(() => {
          retry = undefined;
          drain();
        }, RETRY_MS);
      },
    );
  };
  const listener = (data: unknown) => {
    if (parse && waiting.length === 0) return deliver(parse, data);
    waiting.push(data);
    if (waiting.length === 1 && retry === undefined) drain();
  };
  channel.bind(name, listener);
  return () => {
    stopped = true;
    waiting = [];
    clearTimeout(retry);
    channel.unbind(name, listener);
  };
}
