import { createHmac } from "node:crypto";
import Pusher from "pusher";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { patientChannel, sessionChannel, sessionPresenceChannel } from "@/lib/realtime/channels";
import { createEvent, type RealtimeEvent } from "@/lib/realtime/events";
import { PusherRealtime, type PusherClient } from "./pusher";
import { MAX_EVENT_BYTES, type RealtimeLogger } from "./types";

const sessionId = "ckz1q2w3e4r5t6y7u8i9o0pa";
const patientId = "clz9x8c7v6b5n4m3a2s1d0fg";
const userId = "cm0a1b2c3d4e5f6g7h8i9j0k";
const at = "2026-11-21T09:00:00.000Z";
// Stands in for health information: it must never reach a log line.
const SECRET_BODY = "chest pain since this morning";

const chat = (body = SECRET_BODY) =>
  createEvent("chat.message", sessionId, {
    id: userId,
    sessionId,
    senderId: userId,
    senderName: "Ada Obi",
    body,
    createdAt: at,
  });
const status = (seq: number) => createEvent("session.status", sessionId, { sessionId, status: "IN_PROGRESS", seq });

/** A transport that fails with the given errors, in turn, then succeeds. */
function fakeClient(failures: unknown[] = []) {
  const calls: { kind: "trigger" | "batch"; events: { channel: string; name: string; data: unknown }[] }[] = [];
  const next = () => {
    const failure = failures.shift();
    return failure === undefined ? Promise.resolve({}) : Promise.reject(failure);
  };
  const client = {
    trigger: (channel: string | string[], name: string, data: unknown) => {
      calls.push({ kind: "trigger", events: [{ channel: String(channel), name, data }] });
      return next();
    },
    triggerBatch: (events: { channel: string; name: string; data: unknown }[]) => {
      calls.push({ kind: "batch", events });
      return next();
    },
    authorizeChannel: () => ({ auth: "unused" }),
  } as unknown as PusherClient;
  return { client, calls };
}

function recordingLogger() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const logger: RealtimeLogger = {
    warn: (fields, message) => lines.push({ level: "warn", fields, message }),
    error: (fields, message) => lines.push({ level: "error", fields, message }),
  };
  return { logger, lines };
}

const unavailable = () => Object.assign(new Error("Unexpected status code 503"), { status: 503 });
const retry = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, jitter: 0 };

// Retry delays run on fake timers; the end-of-turn send (setImmediate) stays real.
const fakeRetryTimers = () => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });

describe("PusherRealtime publishing", () => {
  beforeEach(fakeRetryTimers);
  afterEach(() => vi.useRealTimers());

  it("sends one event with trigger and reports it delivered", async () => {
    const { client, calls } = fakeClient();
    const realtime = new PusherRealtime(client, { logger: recordingLogger().logger });

    await expect(realtime.publish(status(1))).resolves.toBe("delivered");
    expect(calls).toEqual([
      {
        kind: "trigger",
        events: [{ channel: sessionChannel(sessionId), name: "session.status", data: status(1).data }],
      },
    ]);
  });

  it("sends a batch in requests of at most ten events, in order", async () => {
    const { client, calls } = fakeClient();
    const realtime = new PusherRealtime(client, { logger: recordingLogger().logger });
    const events = Array.from({ length: 23 }, (_, i) => status(i));

    const statuses = await realtime.publishBatch(events);

    expect(statuses).toEqual(Array(23).fill("delivered"));
    expect(calls.map((c) => c.events.length)).toEqual([10, 10, 3]);
    expect(calls.flatMap((c) => c.events.map((e) => (e.data as { seq: number }).seq))).toEqual(events.map((_, i) => i));
  });

  it("retries a failing publish with growing delays until it is delivered, without throwing to the caller", async () => {
    const { client, calls } = fakeClient([unavailable(), unavailable()]);
    const { logger, lines } = recordingLogger();
    const realtime = new PusherRealtime(client, { logger, retry });

    await expect(realtime.publish(chat())).resolves.toBe("queued");
    expect(calls).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(99);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(199);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);

    await realtime.flush();
    expect(lines.map((l) => [l.level, l.fields.attempt, l.fields.failure])).toEqual([
      ["warn", 1, "http_503"],
      ["warn", 2, "http_503"],
    ]);
  });

  it("gives up after the last attempt and says so in the log", async () => {
    const { client, calls } = fakeClient(Array.from({ length: 10 }, unavailable));
    const { logger, lines } = recordingLogger();
    const realtime = new PusherRealtime(client, { logger, retry });

    await realtime.publish(chat());
    const flushed = realtime.flush();
    await vi.runAllTimersAsync();
    await flushed;

    expect(calls).toHaveLength(4);
    expect(lines.at(-1)).toMatchObject({
      level: "error",
      fields: { attempt: 4 },
      message: expect.stringMatching(/dropped/),
    });
  });

  it("does not retry what the provider refuses (4xx) or the SDK rejects synchronously", async () => {
    const refused = fakeClient([Object.assign(new Error("Unexpected status code 413"), { status: 413 })]);
    const realtime = new PusherRealtime(refused.client, { logger: recordingLogger().logger, retry });
    await expect(realtime.publish(chat())).resolves.toBe("rejected");
    await vi.runAllTimersAsync();
    expect(refused.calls).toHaveLength(1);

    const throwing = {
      trigger: () => {
        throw new Error("Invalid channel name");
      },
    } as unknown as PusherClient;
    await expect(new PusherRealtime(throwing, { logger: recordingLogger().logger }).publish(chat())).resolves.toBe("rejected");
  });

  it("refuses events over 10 KB, forged channels and events on the wrong kind of channel, without sending them", async () => {
    const { client, calls } = fakeClient();
    const { logger, lines } = recordingLogger();
    const realtime = new PusherRealtime(client, { logger });
    const big = chat();
    const oversized: RealtimeEvent = { ...big, data: { ...big.data, body: "é".repeat(MAX_EVENT_BYTES / 2) } };
    const forged: RealtimeEvent = {
      ...status(1),
      channel: `${sessionChannel(sessionId)}:x` as RealtimeEvent["channel"],
    };

    const misaddressed = { ...status(1), name: "vitals.observation" } as unknown as RealtimeEvent;

    const statuses = await realtime.publishBatch([status(1), oversized, forged, misaddressed, status(2)]);

    expect(statuses).toEqual(["delivered", "rejected", "rejected", "rejected", "delivered"]);
    expect(calls.flatMap((c) => c.events.map((e) => (e.data as { seq: number }).seq))).toEqual([1, 2]);
    expect(lines.map((l) => l.level)).toEqual(["error", "error", "error"]);
  });

  it("keeps at most maxQueued events waiting and drops the rest", async () => {
    const { client } = fakeClient(Array.from({ length: 3 }, unavailable));
    const realtime = new PusherRealtime(client, {
      logger: recordingLogger().logger,
      retry: { ...retry, maxQueued: 2 },
    });

    const statuses = [await realtime.publish(status(1)), await realtime.publish(status(2)), await realtime.publish(status(3))];

    expect(statuses).toEqual(["queued", "queued", "rejected"]);
  });

  it("stops retrying when closed", async () => {
    const { client, calls } = fakeClient(Array.from({ length: 10 }, unavailable));
    const { logger, lines } = recordingLogger();
    const realtime = new PusherRealtime(client, { logger, retry });

    await realtime.publish(status(1));
    realtime.close();
    await vi.runAllTimersAsync();

    expect(calls).toHaveLength(1);
    expect(lines.at(-1)).toMatchObject({ level: "warn", fields: { dropped: 1 } });
    await expect(realtime.flush()).resolves.toBeUndefined();
  });

  it("logs event names and channel ids but never payload contents", async () => {
    const { client } = fakeClient([unavailable(), { status: 400 }]);
    const { logger, lines } = recordingLogger();
    const realtime = new PusherRealtime(client, { logger, retry });

    await realtime.publish(chat());
    await vi.runAllTimersAsync();
    const event = chat();
    await realtime.publishBatch([{ ...event, data: { ...event.data, body: "x".repeat(MAX_EVENT_BYTES) } }]);

    expect(lines.length).toBeGreaterThanOrEqual(3);
    const logged = JSON.stringify(lines);
    expect(logged).toContain("chat.message");
    expect(logged).toContain(sessionChannel(sessionId));
    expect(logged).not.toContain(SECRET_BODY);
    expect(logged).not.toContain("Ada Obi");
    expect(logged).not.toContain("xxxx");
  });
});

/** A transport whose requests stay open until the test answers them, in any order. */
function heldClient() {
  const requests: { events: { channel: string; name: string; data: unknown }[]; answer: (error?: unknown) => void }[] = [];
  const hold = (events: { channel: string; name: string; data: unknown }[]) =>
    new Promise((resolve, reject) => requests.push({ events, answer: (error) => (error === undefined ? resolve({}) : reject(error)) }));
  const client = {
    trigger: (channel: string, name: string, data: unknown) => hold([{ channel, name, data }]),
    triggerBatch: (events: { channel: string; name: string; data: unknown }[]) => hold(events),
    authorizeChannel: () => ({ auth: "unused" }),
  } as unknown as PusherClient;
  return { client, requests };
}

const otherSessionId = "ckz1q2w3e4r5t6y7u8i9o0pb";
const seqs = (events: { data: unknown }[]) => events.map((e) => (e.data as { seq: number }).seq);
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe("PusherRealtime coalescing", () => {
  beforeEach(fakeRetryTimers);
  afterEach(() => vi.useRealTimers());

  it("sends what several callers publish in one turn of the event loop as one batch request, in publishing order", async () => {
    const { client, calls } = fakeClient();
    const realtime = new PusherRealtime(client, { logger: recordingLogger().logger });

    const statuses = await Promise.all([realtime.publish(status(1)), realtime.publishBatch([status(2), status(3)]), realtime.publish(status(4))]);

    expect(statuses).toEqual(["delivered", ["delivered", "delivered"], "delivered"]);
    expect(calls.map((c) => [c.kind, seqs(c.events)])).toEqual([["batch", [1, 2, 3, 4]]]);
  });

  it("splits a turn's events into requests of at most ten, sent at once when their channels differ", async () => {
    const { client, requests } = heldClient();
    const realtime = new PusherRealtime(client, { logger: recordingLogger().logger });
    const events = Array.from({ length: 25 }, (_, i) => {
      const id = `c${String(i).padStart(24, "0")}`;
      return createEvent("session.status", id, { sessionId: id, status: "IN_PROGRESS", seq: i });
    });

    const statuses = Promise.all(events.map((e) => realtime.publish(e)));
    await settled();
    expect(requests.map((r) => r.events.length)).toEqual([10, 10, 5]);
    for (const r of requests) r.answer();

    expect(await statuses).toEqual(Array(25).fill("delivered"));
    expect(requests.flatMap((r) => seqs(r.events))).toEqual(events.map((_, i) => i));
  });

  it("sends one channel's events ten at a time, each request after the previous one's answer", async () => {
    const { client, requests } = heldClient();
    const realtime = new PusherRealtime(client, { logger: recordingLogger().logger });
    const events = Array.from({ length: 23 }, (_, i) => status(i));

    const statuses = realtime.publishBatch(events);
    await settled();
    expect(requests.map((r) => r.events.length)).toEqual([10]);
    requests[0]!.answer();
    await settled();
    expect(requests.map((r) => r.events.length)).toEqual([10, 10]);
    requests[1]!.answer();
    await settled();
    requests[2]!.answer();

    expect(await statuses).toEqual(Array(23).fill("delivered"));
    expect(requests.map((r) => seqs(r.events))).toEqual([events.slice(0, 10), events.slice(10, 20), events.slice(20)].map(seqs));
  });

  it("keeps each channel's order: a later event waits while an earlier one on its channel is in flight; other channels do not wait", async () => {
    const { client, requests } = heldClient();
    const realtime = new PusherRealtime(client, { logger: recordingLogger().logger });
    const other = (seq: number) => createEvent("session.status", otherSessionId, { sessionId: otherSessionId, status: "IN_PROGRESS", seq });

    const first = realtime.publish(status(1));
    await settled();
    const later = [realtime.publish(status(2)), realtime.publish(other(10)), realtime.publish(status(3))];
    await settled();
    expect(requests.map((r) => seqs(r.events))).toEqual([[1], [10]]);

    requests[0]!.answer();
    await settled();
    expect(requests.map((r) => seqs(r.events))).toEqual([[1], [10], [2, 3]]);
    requests[1]!.answer();
    requests[2]!.answer();
    expect(await first).toBe("delivered");
    expect(await Promise.all(later)).toEqual(["delivered", "delivered", "delivered"]);
  });

  it("handles a failed batch like a failed single publish: every event in it queued, retried together and delivered", async () => {
    const { client, calls } = fakeClient([unavailable()]);
    const { logger, lines } = recordingLogger();
    const realtime = new PusherRealtime(client, { logger, retry });

    const statuses = await Promise.all([realtime.publish(status(1)), realtime.publish(status(2)), realtime.publish(chat())]);
    expect(statuses).toEqual(["queued", "queued", "queued"]);
    expect(calls).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(100);
    await realtime.flush();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.events.map((e) => e.name)).toEqual(["session.status", "session.status", "chat.message"]);
    expect(lines.map((l) => [l.level, l.fields.attempt, l.fields.failure])).toEqual([["warn", 1, "http_503"]]);
  });

  it("refuses only the caller whose event the provider refused: a refused shared batch is sent again per caller", async () => {
    const refused = Object.assign(new Error("Unexpected status code 413"), { status: 413 });
    const sent: string[][] = [];
    const client = {
      trigger: (_channel: string, name: string, data: { body?: string }) => {
        sent.push([name]);
        return data.body === "bad" ? Promise.reject(refused) : Promise.resolve({});
      },
      triggerBatch: (events: { name: string; data: { body?: string } }[]) => {
        sent.push(events.map((e) => e.name));
        return events.some((e) => e.data.body === "bad") ? Promise.reject(refused) : Promise.resolve({});
      },
      authorizeChannel: () => ({ auth: "unused" }),
    } as unknown as PusherClient;
    const realtime = new PusherRealtime(client, { logger: recordingLogger().logger, retry });

    const statuses = await Promise.all([realtime.publishBatch([status(1), status(2)]), realtime.publish(chat("bad"))]);

    expect(statuses).toEqual([["delivered", "delivered"], "rejected"]);
    expect(sent).toEqual([["session.status", "session.status", "chat.message"], ["session.status", "session.status"], ["chat.message"]]);
  });

  it("waits in flush() for events not sent yet", async () => {
    const { client, requests } = heldClient();
    const realtime = new PusherRealtime(client, { logger: recordingLogger().logger });
    void realtime.publish(status(1));
    let flushed = false;
    const flushing = realtime.flush().then(() => (flushed = true));
    await settled();
    expect(flushed).toBe(false);
    requests[0]!.answer();
    await flushing;
    expect(flushed).toBe(true);
  });
});

describe("PusherRealtime.authorizeChannel", () => {
  const secret = "test-secret";
  const realtime = new PusherRealtime(new Pusher({ appId: "1", key: "test-key", secret, host: "127.0.0.1" }), {
    logger: recordingLogger().logger,
  });
  const sign = (text: string) => `test-key:${createHmac("sha256", secret).update(text).digest("hex")}`;

  it("signs socket id and channel for a private channel", () => {
    const channel = patientChannel(patientId);
    expect(realtime.authorizeChannel("123.456", channel)).toEqual({ auth: sign(`123.456:${channel}`) });
  });

  it("signs the member's data along with the channel for a presence channel", () => {
    const channel = sessionPresenceChannel(sessionId);
    const result = realtime.authorizeChannel("123.456", channel, { userId, userInfo: { role: "PATIENT" } });
    const channelData = JSON.stringify({ user_id: userId, user_info: { role: "PATIENT" } });
    expect(result).toEqual({ auth: sign(`123.456:${channel}:${channelData}`), channel_data: channelData });
  });

  it.each([
    ["a channel carrying a separator", "123.456", `${sessionChannel(sessionId)}:${patientChannel(patientId)}`],
    ["a channel outside the catalogue", "123.456", `private-visit-${sessionId}`],
    ["a socket id carrying a separator", `123.456:${sessionChannel(sessionId)}`, sessionChannel(sessionId)],
    ["a malformed socket id", "abc", sessionChannel(sessionId)],
  ])("refuses %s", (_, socketId, channel) => {
    expect(realtime.authorizeChannel(socketId, channel)).toBeNull();
  });

  it("requires member data exactly for presence channels", () => {
    expect(realtime.authorizeChannel("1.2", sessionPresenceChannel(sessionId))).toBeNull();
    expect(realtime.authorizeChannel("1.2", sessionChannel(sessionId), { userId })).toBeNull();
    expect(realtime.authorizeChannel("1.2", sessionPresenceChannel(sessionId), { userId: "x:y" })).toBeNull();
  });
});
