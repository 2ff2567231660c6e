import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CLIENT_EVENT_RETRY_MS, ClientEventQueue, MAX_CLIENT_EVENT_BYTES } from "./client-events";

function recordingQueue(options: { maxPerSecond?: number; maxQueued?: number } = {}) {
  const sent: { event: string; data: unknown; at: number }[] = [];
  let accept = true;
  const queue = new ClientEventQueue({
    ...options,
    send: (event, data) => {
      if (!accept) return false;
      sent.push({ event, data, at: Date.now() });
      return true;
    },
  });
  return { queue, sent, refuse: (value: boolean) => (accept = !value) };
}

describe("ClientEventQueue", () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it("holds events until the channel is subscribed, then sends them in order", () => {
    const { queue, sent } = recordingQueue();
    expect(queue.push("client-offer", { sdp: "a" })).toBe(true);
    expect(queue.push("client-candidate", { c: 1 })).toBe(true);
    expect(sent).toEqual([]);
    queue.setReady(true);
    expect(sent.map((s) => s.event)).toEqual(["client-offer", "client-candidate"]);
    expect(queue.pending).toBe(0);
  });

  it("never sends more than the allowed number in any one second, and sends the rest later in order", async () => {
    const { queue, sent } = recordingQueue({ maxPerSecond: 10 });
    queue.setReady(true);
    for (let i = 0; i < 25; i++) queue.push("client-candidate", { i });
    expect(sent).toHaveLength(10);
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toHaveLength(10);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(20);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.map((s) => (s.data as { i: number }).i)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    for (let i = 10; i < sent.length; i++) expect(sent[i]!.at - sent[i - 10]!.at).toBeGreaterThanOrEqual(1000);
  });

  it("refuses names outside client-*, payloads over 10 KB and more than the queue holds", () => {
    const { queue, sent } = recordingQueue({ maxQueued: 2 });
    expect(queue.push("session.status", {})).toBe(false);
    expect(queue.push("pusher:subscribe", {})).toBe(false);
    expect(queue.push("client-", {})).toBe(false);
    expect(queue.push("client-big", { sdp: "x".repeat(MAX_CLIENT_EVENT_BYTES) })).toBe(false);
    expect(queue.push("client-a", 1)).toBe(true);
    expect(queue.push("client-b", 2)).toBe(true);
    expect(queue.push("client-c", 3)).toBe(false);
    queue.setReady(true);
    expect(sent.map((s) => s.event)).toEqual(["client-a", "client-b"]);
  });

  it("keeps an event the connection could not take and sends it once ready again", () => {
    const { queue, sent, refuse } = recordingQueue();
    refuse(true);
    queue.setReady(true);
    queue.push("client-answer", { sdp: "b" });
    expect(queue.pending).toBe(1);
    refuse(false);
    queue.setReady(true);
    expect(sent.map((s) => s.event)).toEqual(["client-answer"]);
  });

  it("offers a refused event again while the channel still counts as subscribed, so signalling never stalls", async () => {
    const { queue, sent, refuse } = recordingQueue();
    queue.setReady(true);
    refuse(true);
    queue.push("client-signal", { offer: 1 });
    queue.push("client-signal", { candidate: 2 });
    expect(sent).toEqual([]);
    refuse(false);
    // Nothing says "ready" again: the socket just came back.
    await vi.advanceTimersByTimeAsync(CLIENT_EVENT_RETRY_MS);
    expect(sent.map((s) => s.data)).toEqual([{ offer: 1 }, { candidate: 2 }]);
  });

  it("drops what is waiting when cleared", async () => {
    const { queue, sent } = recordingQueue({ maxPerSecond: 1 });
    queue.setReady(true);
    queue.push("client-a", 1);
    queue.push("client-b", 2);
    queue.clear();
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent.map((s) => s.event)).toEqual(["client-a"]);
  });
});
