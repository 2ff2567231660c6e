import { afterEach, describe, expect, it, vi } from "vitest";
import { createPusherSignaling, SIGNAL_EVENT, type PusherChannelLike } from "./pusher-signaling";
import { createLocalSignalingHub } from "./signaling";

/**
 * A channel on a fake Pusher server with Pusher Channels' rules: client events are relayed
 * to every other member (never echoed), and an event over 10 KB or an 11th event within a
 * second is refused. As a presence channel (`presence: true`) it stamps each client event
 * with the sender's user id, as Pusher and soketi do.
 */
function fakePusher({ presence = false } = {}) {
  const members: FakeChannel[] = [];
  const refused: string[] = [];
  type Listener = (data: unknown, metadata?: { user_id?: unknown }) => void;
  class FakeChannel implements PusherChannelLike {
    readonly name = `${presence ? "presence" : "private"}-signal-ckz1q2w3e4r5t6y7u8i9o0pa`;
    subscribed = true;
    sent: { at: number; bytes: number }[] = [];
    private listeners = new Map<string, Set<Listener>>();
    constructor(readonly userId: string) {}
    trigger(event: string, data: unknown) {
      const bytes = new TextEncoder().encode(JSON.stringify(data)).length;
      const now = Date.now();
      if (!event.startsWith("client-")) return refuse("not a client event");
      if (bytes > 10 * 1024) return refuse(`event of ${bytes} bytes`);
      if (this.sent.filter((s) => now - s.at < 1000).length >= 10) return refuse("more than 10 events a second");
      this.sent.push({ at: now, bytes });
      const metadata = presence ? { user_id: this.userId } : undefined;
      for (const other of members) if (other !== this) other.emit(event, JSON.parse(JSON.stringify(data)), metadata);
      return true;
    }
    bind(event: string, callback: Listener) {
      this.listeners.set(event, (this.listeners.get(event) ?? new Set()).add(callback));
    }
    unbind(event: string, callback?: Listener) {
      if (callback) this.listeners.get(event)?.delete(callback);
      else this.listeners.delete(event);
    }
    emit(event: string, data: unknown, metadata?: { user_id?: unknown }) {
      for (const l of this.listeners.get(event) ?? []) l(data, metadata);
    }
  }
  function refuse(reason: string) {
    refused.push(reason);
    return false;
  }
  return {
    refused,
    join(userId = "user") {
      const channel = new FakeChannel(userId);
      members.push(channel);
      return channel;
    },
  };
}

const settle = () => vi.advanceTimersByTimeAsync(5_000);

afterEach(() => vi.useRealTimers());

describe("Pusher signalling", () => {
  it("delivers to everyone else, or only to the addressed peer, never back to the sender", async () => {
    vi.useFakeTimers();
    const pusher = fakePusher();
    const [a, b, c] = ["peer-a", "peer-b", "peer-c"].map((selfId) => createPusherSignaling(pusher.join(), { selfId }));
    const got: string[] = [];
    for (const peer of [a!, b!, c!]) peer.on("hello", (payload, from) => got.push(`${peer.selfId}<-${from}:${JSON.stringify(payload)}`));

    a!.send("hello", { n: 1 });
    a!.send("hello", { n: 2 }, "peer-c");
    await settle();

    expect(got.sort()).toEqual(['peer-b<-peer-a:{"n":1}', 'peer-c<-peer-a:{"n":1}', 'peer-c<-peer-a:{"n":2}']);
  });

  it("keeps to 10 KB and 10 events a second while a burst of candidates and a large offer go through in order", async () => {
    vi.useFakeTimers();
    const pusher = fakePusher();
    const sender = createPusherSignaling(pusher.join(), { selfId: "peer-a" });
    const receiver = createPusherSignaling(pusher.join(), { selfId: "peer-b" });
    const received: unknown[] = [];
    receiver.on("candidate", (p) => received.push(p));
    receiver.on("description", (p) => received.push(p));

    const sdp = `v=0\r\n${"a=candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host generation 0\r\n".repeat(400)}`;
    for (let i = 0; i < 30; i++) sender.send("candidate", { candidate: `candidate:${i} 1 udp 1 192.0.2.${i} 9 typ host`, i }, "peer-b");
    sender.send("description", { type: "offer", sdp }, "peer-b");
    for (let i = 30; i < 40; i++) sender.send("candidate", { i }, "peer-b");
    await settle();

    expect(pusher.refused).toEqual([]);
    expect(sdp.length).toBeGreaterThan(20_000);
    expect(received).toHaveLength(41);
    expect(received[30]).toEqual({ type: "offer", sdp });
    expect(received.filter((_, i) => i !== 30).map((p) => (p as { i: number }).i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it("waits for the subscription before sending, then sends what was queued", async () => {
    vi.useFakeTimers();
    const pusher = fakePusher();
    const channel = pusher.join();
    channel.subscribed = false;
    const sender = createPusherSignaling(channel, { selfId: "peer-a" });
    const receiver = createPusherSignaling(pusher.join(), { selfId: "peer-b" });
    const got: unknown[] = [];
    receiver.on("hello", (p) => got.push(p));

    sender.send("hello", { early: true });
    await settle();
    expect(got).toEqual([]);

    channel.subscribed = true;
    channel.emit("pusher:subscription_succeeded", {});
    await settle();
    expect(got).toEqual([{ early: true }]);
  });

  it("ignores malformed events and stops delivering after close", async () => {
    vi.useFakeTimers();
    const pusher = fakePusher();
    const channel = pusher.join();
    const peer = createPusherSignaling(channel, { selfId: "peer-b" });
    const got: unknown[] = [];
    peer.on("hello", (p) => got.push(p));

    channel.emit(SIGNAL_EVENT, { b: [{ k: "hello" }, null, { f: "peer-a", k: "hello", p: 1 }] });
    channel.emit(SIGNAL_EVENT, { f: "peer-a", m: "x", i: 5, n: 2, c: "{" });
    peer.close();
    channel.emit(SIGNAL_EVENT, { b: [{ f: "peer-a", k: "hello", p: 2 }] });

    expect(got).toEqual([1]);
  });
});

describe("in-page signalling hub", () => {
  it("on a presence channel, accepts a message only from a peer of the user the server names as its sender", async () => {
    vi.useFakeTimers();
    const pusher = fakePusher({ presence: true });
    const patient = createPusherSignaling(pusher.join("patient1"), { selfId: "patient1.p1" });
    const guestChannel = pusher.join("guest1");
    const guest = createPusherSignaling(guestChannel, { selfId: "guest1.g1" });
    const clinician = createPusherSignaling(pusher.join("clinician1"), { selfId: "clinician1.c1" });
    const got: string[] = [];
    patient.on("description", (p, from) => got.push(`${from}:${JSON.stringify(p)}`));

    clinician.send("description", { type: "offer", sdp: "real" }, "patient1.p1");
    // The guest claims to be the clinician, in a batch and in a chunked message.
    guestChannel.trigger(SIGNAL_EVENT, { b: [{ f: "clinician1.c1", t: "patient1.p1", k: "description", p: { type: "offer", sdp: "forged" } }] });
    const forged = JSON.stringify({ f: "clinician1.c1", t: "patient1.p1", k: "description", p: { type: "offer", sdp: "forged2" } });
    guestChannel.trigger(SIGNAL_EVENT, { f: "clinician1.c1", m: "z", i: 0, n: 1, c: forged });
    // Nor can a guest's own chunk carry someone else's envelope.
    guestChannel.trigger(SIGNAL_EVENT, { f: "guest1.g1", m: "y", i: 0, n: 1, c: forged });
    guest.send("description", { type: "answer", sdp: "own" }, "patient1.p1");
    await settle();

    expect(got).toEqual([`clinician1.c1:{"type":"offer","sdp":"real"}`, `guest1.g1:{"type":"answer","sdp":"own"}`]);
    for (const s of [patient, guest, clinician]) s.close();
  });

  it("on a presence channel, drops messages the server did not stamp with a sender", async () => {
    vi.useFakeTimers();
    const channel = fakePusher({ presence: true }).join("patient1");
    const patient = createPusherSignaling(channel, { selfId: "patient1.p1" });
    const got: unknown[] = [];
    patient.on("hello", (p) => got.push(p));
    channel.emit(SIGNAL_EVENT, { b: [{ f: "clinician1.c1", k: "hello", p: 1 }] });
    channel.emit(SIGNAL_EVENT, { b: [{ f: "clinician1.c1", k: "hello", p: 2 }] }, { user_id: "clinician1" });
    expect(got).toEqual([2]);
    patient.close();
  });

  it("delivers asynchronously to the other peers, as copies", async () => {
    const hub = createLocalSignalingHub();
    const a = hub.join("a");
    const b = hub.join("b");
    const payload = { sdp: "x" };
    const got: unknown[] = [];
    b.on("description", (p, from) => got.push([p, from]));
    a.on("description", () => got.push("echo"));

    a.send("description", payload);
    expect(got).toEqual([]);
    await new Promise((r) => setTimeout(r, 5));

    expect(got).toEqual([[{ sdp: "x" }, "a"]]);
    expect((got[0] as unknown[])[0]).not.toBe(payload);
  });
});

describe("Pusher signalling on leaving", () => {
  it("sends a goodbye still waiting for its turn when the transport closes", async () => {
    vi.useFakeTimers();
    const pusher = fakePusher();
    const leaving = createPusherSignaling(pusher.join(), { selfId: "peer-a" });
    const staying = createPusherSignaling(pusher.join(), { selfId: "peer-b" });
    const got: string[] = [];
    staying.on("bye", (_, from) => got.push(from));

    leaving.send("media", { audio: false });
    leaving.send("bye", {});
    leaving.close();

    expect(got).toEqual(["peer-a"]);
    await settle();
    expect(got).toEqual(["peer-a"]);
  });
});
