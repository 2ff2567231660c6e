// watchSequencedEvents on a stand-in channel: what a screen following a sequenced stream
// (vitals per patient) ends up showing when events race its subscription and its fetches.
import { beforeAll, describe, expect, it } from "vitest";
import { loadEventValidation } from "./bind-event";
import type { ChannelLease, RealtimeClient } from "./realtime-client";
import { REPLAY_KEPT, watchSequencedEvents } from "./watch";
import { observationEventPayload } from "@/tests/helpers/observation-event";

const PATIENT = "cmpatient000000000000001";

// Events here are delivered synchronously, as in a tab once its first event has loaded the
// validators (bind-event.test.ts covers the events that arrive before that).
beforeAll(async () => {
  await loadEventValidation();
});
const CHANNEL = `private-patient-${PATIENT}` as const;

function observation(seq: number) {
  return observationEventPayload(PATIENT, seq, { observedAt: new Date(1_800_000_000_000 + seq * 1000).toISOString(), heartRate: 80 + seq });
}

/** A realtime client with one channel whose events and subscriptions the test drives. */
function standIn() {
  const handlers = new Map<string, Set<(data: unknown) => void>>();
  const subscribed = new Set<(info: { resubscribed: boolean }) => void>();
  let successes = 0;
  const channel = {
    name: CHANNEL,
    bind: (event: string, fn: (data: unknown) => void) => void (handlers.get(event) ?? handlers.set(event, new Set()).get(event)!).add(fn),
    unbind: (event: string, fn: (data: unknown) => void) => void handlers.get(event)?.delete(fn),
  };
  const lease = {
    name: CHANNEL,
    channel,
    status: () => (successes > 0 ? "subscribed" : "pending"),
    onSubscribed: (fn: (info: { resubscribed: boolean }) => void) => {
      subscribed.add(fn);
      return () => subscribed.delete(fn);
    },
  } as unknown as ChannelLease;
  lease.release = () => {};
  const client = { acquire: () => lease } as unknown as RealtimeClient;
  return {
    client,
    /** The server confirmed the subscription (the first, or again after a reconnect). */
    subscribe: () => {
      successes += 1;
      for (const fn of [...subscribed]) fn({ resubscribed: successes > 1 });
    },
    deliver: (seq: number) => {
      for (const fn of [...(handlers.get("vitals.observation") ?? [])]) fn(observation(seq));
    },
  };
}

/** A watch that records the sequence number of every event it delivers (replays included). */
function recordingWatch(initialSeq: number | null) {
  const realtime = standIn();
  const delivered: number[] = [];
  const watch = watchSequencedEvents(realtime.client, {
    channel: CHANNEL,
    event: "vitals.observation",
    seqOf: (p) => p.seq,
    initialSeq,
    onGap: () => {},
    onEvent: (p) => delivered.push(p.seq),
  });
  return { realtime, delivered, watch };
}

/**
 * A screen as use-live-vitals.ts runs it: readings on screen, replaced by each fetch's answer,
 * with live events applied on top (idempotently).
 */
function screen(server: { seqs: number[] }, initial: number[]) {
  const realtime = standIn();
  let shown = [...initial];
  let fetches = 0;
  const watch = watchSequencedEvents(realtime.client, {
    channel: CHANNEL,
    event: "vitals.observation",
    seqOf: (p) => p.seq,
    initialSeq: initial.at(-1) ?? null,
    onGap: () => void (fetches += 1),
    onEvent: (p) => void (shown = shown.includes(p.seq) ? shown : [...shown, p.seq].sort((a, b) => a - b)),
  });
  return {
    realtime,
    watch,
    shown: () => shown,
    fetches: () => fetches,
    /** A fetch reads the server now; its answer replaces the screen's state when `answer()` is called. */
    startFetch: () => {
      const read = [...server.seqs];
      return () => {
        shown = read;
        watch.advanceTo(read.at(-1) ?? 0);
        watch.replayAfter(read.at(-1) ?? null);
      };
    },
  };
}

describe("watchSequencedEvents", () => {
  it("re-reads the state after the first subscription, so a reading published while the page loaded is not missed", () => {
    // The page was rendered with readings 1–2; reading 3 was published before its channel
    // was subscribed, so no event for it will ever come.
    const s = screen({ seqs: [1, 2, 3] }, [1, 2]);
    expect(s.fetches()).toBe(0);
    s.realtime.subscribe();
    expect(s.fetches()).toBe(1);
  });

  it("re-reads the state after every resubscription (a reconnect, e.g. to another soketi node)", () => {
    const s = screen({ seqs: [] }, []);
    s.realtime.subscribe();
    s.realtime.subscribe();
    s.realtime.subscribe();
    expect(s.fetches()).toBe(3);
  });

  it("keeps a reading that arrived while a fetch was on its way, although the fetch's answer predates it", () => {
    const server = { seqs: [1, 2] };
    const s = screen(server, [1, 2]);
    s.realtime.subscribe();
    // The refetch reads the server, then reading 3 is stored and its event arrives before the answer.
    const answer = s.startFetch();
    server.seqs.push(3);
    s.realtime.deliver(3);
    expect(s.shown()).toEqual([1, 2, 3]);
    answer();
    // No later reading comes to reveal a gap: the screen must show 3 on its own.
    expect(s.shown()).toEqual([1, 2, 3]);
  });

  it("re-reads when a fetch holds a reading whose event never came (the stream's last event lost: no later one will show the gap)", () => {
    const server = { seqs: [1, 2] };
    const s = screen(server, [1, 2]);
    s.realtime.subscribe();
    expect(s.fetches()).toBe(1);
    // Reading 3 is stored but its event is lost (published to a realtime node that had just
    // died). The summary's slow poll answers with it; the chart fetched earlier still lacks it.
    server.seqs.push(3);
    s.startFetch()();
    expect(s.fetches()).toBe(2);
    // The refetch's own answer holds nothing newer: no further re-read.
    s.startFetch()();
    expect(s.fetches()).toBe(2);
  });

  it("re-reads when a fetch answered after a reading was stored but before its event arrived (the event is then dropped as not newer)", () => {
    const server = { seqs: [1, 2] };
    const s = screen(server, [1, 2]);
    s.realtime.subscribe();
    server.seqs.push(3);
    s.startFetch()();
    s.realtime.deliver(3);
    expect(s.fetches()).toBe(2);
  });

  it("keeps readings that arrived before the first answer of a screen that had nothing yet", () => {
    const server = { seqs: [] as number[] };
    const s = screen(server, []);
    const answer = s.startFetch();
    s.realtime.subscribe();
    for (const seq of [1, 2, 3]) {
      server.seqs.push(seq);
      s.realtime.deliver(seq);
    }
    answer();
    expect(s.shown()).toEqual([1, 2, 3]);
  });

  it("delivers again only what is newer than the answer, oldest first, and never what the gate dropped", () => {
    const { realtime, delivered, watch } = recordingWatch(4);
    for (const seq of [3, 5, 6, 5, 7]) realtime.deliver(seq);
    expect(delivered).toEqual([5, 6, 7]);
    delivered.length = 0;
    watch.replayAfter(5);
    expect(delivered).toEqual([6, 7]);
    delivered.length = 0;
    watch.replayAfter(7);
    expect(delivered).toEqual([]);
    watch.replayAfter(null);
    expect(delivered).toEqual([5, 6, 7]);
    watch.stop();
  });

  it(`keeps the last ${REPLAY_KEPT} events for replay`, () => {
    const { realtime, delivered, watch } = recordingWatch(null);
    for (let seq = 1; seq <= REPLAY_KEPT + 10; seq++) realtime.deliver(seq);
    delivered.length = 0;
    watch.replayAfter(0);
    expect(delivered).toHaveLength(REPLAY_KEPT);
    expect(delivered[0]).toBe(11);
    watch.stop();
  });
});
