// The P2P call engine driven without a browser: a fake signalling hub (messages held in a
// queue, delivered when the test says, in any order it likes) and a fake RTCPeerConnection
// that keeps the parts of the WebRTC state machine the engine depends on: signalling states,
// implicit rollback of a local offer by a remote one, answers only in have-local-offer,
// candidates refused before a remote description, negotiationneeded only when stable.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SignalHandler, SignalingChannel } from "@/lib/video/signaling";
import { P2PCall } from "./p2p-call";

// ── fakes ──

class FakeTrack {
  enabled = true;
  stopped = false;
  constructor(readonly kind: "audio" | "video") {}
  stop() {
    this.stopped = true;
  }
  addEventListener() {}
}

class FakeMediaStream {
  private tracks: FakeTrack[];
  constructor(tracks: FakeTrack[] = []) {
    this.tracks = [...tracks];
  }
  getTracks() {
    return [...this.tracks];
  }
  getAudioTracks() {
    return this.tracks.filter((t) => t.kind === "audio");
  }
  getVideoTracks() {
    return this.tracks.filter((t) => t.kind === "video");
  }
  addTrack(t: FakeTrack) {
    this.tracks.push(t);
  }
  removeTrack(t: FakeTrack) {
    this.tracks = this.tracks.filter((x) => x !== t);
  }
}

type Desc = { type: "offer" | "answer"; sdp: string };
const tick = () => new Promise<void>((r) => setTimeout(r, 0));

/** Whose handler is running (set by the hub while it delivers), so a connection knows its owner. */
let currentRecipient = "";

class FakePeerConnection {
  static all: FakePeerConnection[] = [];
  /** The connections `owner` made (for the peer `to`, when given). */
  static of(owner: string) {
    return FakePeerConnection.all.filter((pc) => pc.owner === owner);
  }
  readonly owner = currentRecipient;
  /** Extra delay for setRemoteDescription (ms), to let a candidate overtake an offer being applied. */
  static remoteDelayMs = 0;
  signalingState: "stable" | "have-local-offer" | "have-remote-offer" | "closed" = "stable";
  connectionState = "new";
  iceConnectionState = "new";
  localDescription: (Desc & { toJSON(): Desc }) | null = null;
  remoteDescription: Desc | null = null;
  readonly applied: unknown[] = [];
  readonly log: string[] = [];
  onnegotiationneeded: (() => unknown) | null = null;
  onicecandidate: ((e: { candidate: { toJSON(): unknown } | null }) => void) | null = null;
  ontrack: ((e: { track: FakeTrack }) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  oniceconnectionstatechange: (() => void) | null = null;
  onicegatheringstatechange: (() => void) | null = null;
  private needsNegotiation = false;
  private restartPending = false;
  private offers = 0;
  constructor(readonly config: unknown) {
    FakePeerConnection.all.push(this);
  }
  /** Operations in flight (the spec's operations chain): negotiationneeded waits for it to empty. */
  private pending = 0;
  private scheduled = false;
  private negotiationNeeded() {
    this.needsNegotiation = true;
    this.maybeFireNegotiationNeeded();
  }
  private maybeFireNegotiationNeeded() {
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      if (!this.needsNegotiation || this.pending > 0 || this.signalingState !== "stable") return;
      this.needsNegotiation = false;
      void this.onnegotiationneeded?.();
    }, 0);
  }
  private async op<T>(run: () => Promise<T>): Promise<T> {
    this.pending += 1;
    try {
      return await run();
    } finally {
      this.pending -= 1;
      if (this.pending === 0 && this.signalingState === "stable" && this.needsNegotiation) this.maybeFireNegotiationNeeded();
    }
  }
  addTrack(track: FakeTrack) {
    this.negotiationNeeded();
    return { track, replaceTrack: async (t: FakeTrack) => void t };
  }
  addTransceiver() {
    this.negotiationNeeded();
    return { sender: { track: null, replaceTrack: async () => undefined } };
  }
  restartIce() {
    this.restartPending = true;
    this.log.push("restartIce");
    this.negotiationNeeded();
  }
  setLocalDescription(d?: { type: "rollback" }) {
    if (d?.type === "rollback") return this.op(() => this.doRollback());
    return this.op(() => this.doSetLocalDescription());
  }
  private async doRollback() {
    await tick();
    if (this.signalingState !== "have-local-offer") throw new Error(`InvalidStateError: rollback in ${this.signalingState}`);
    this.signalingState = "stable";
    this.localDescription = null;
    this.log.push("rollback-local");
    // The offer's changes are undone: they still need negotiating.
    this.needsNegotiation = true;
  }
  private async doSetLocalDescription() {
    await tick();
    if (this.signalingState === "closed") throw new Error("InvalidStateError: closed");
    let d: Desc;
    if (this.signalingState === "have-remote-offer") {
      d = { type: "answer", sdp: `answer-to:${this.remoteDescription!.sdp}` };
      this.signalingState = "stable";
      // Our tracks ride on the answered offer's transceivers: nothing left to negotiate.
      this.needsNegotiation = false;
    } else {
      this.offers += 1;
      d = { type: "offer", sdp: `offer-${this.offers}${this.restartPending ? "-icerestart" : ""}` };
      this.restartPending = false;
      this.signalingState = "have-local-offer";
    }
    this.localDescription = { ...d, toJSON: () => d };
    this.log.push(`local:${d.sdp}`);
  }
  setRemoteDescription(d: Desc) {
    return this.op(() => this.doSetRemoteDescription(d));
  }
  private async doSetRemoteDescription(d: Desc) {
    if (FakePeerConnection.remoteDelayMs) await new Promise((r) => setTimeout(r, FakePeerConnection.remoteDelayMs));
    else await tick();
    if (this.signalingState === "closed") throw new Error("InvalidStateError: closed");
    if (d.type === "answer") {
      if (this.signalingState !== "have-local-offer") throw new Error(`InvalidStateError: answer in ${this.signalingState}`);
      this.signalingState = "stable";
    } else {
      // An offer while we have our own pending: the implicit rollback of perfect negotiation.
      if (this.signalingState === "have-local-offer") this.log.push("rollback");
      this.signalingState = "have-remote-offer";
    }
    this.remoteDescription = d;
    this.log.push(`remote:${d.sdp}`);
  }
  async addIceCandidate(c: unknown) {
    await tick();
    if (!this.remoteDescription) throw new Error("InvalidStateError: remote description is null");
    this.applied.push(c);
  }
  async getStats() {
    return new Map();
  }
  close() {
    this.signalingState = "closed";
    this.log.push("close");
  }
}

interface Envelope {
  from: string;
  to?: string;
  type: string;
  payload: unknown;
}

/** Every channel's messages go into one queue; `deliver` hands them out (optionally only some). */
class FakeHub {
  readonly queue: Envelope[] = [];
  readonly sent: Envelope[] = [];
  private readonly handlers = new Map<string, Map<string, Set<SignalHandler>>>();
  channel(selfId: string): SignalingChannel {
    const mine = new Map<string, Set<SignalHandler>>();
    this.handlers.set(selfId, mine);
    return {
      selfId,
      send: (type, payload, to) => {
        const e = { from: selfId, to, type, payload: JSON.parse(JSON.stringify(payload)) as unknown };
        this.queue.push(e);
        this.sent.push(e);
      },
      on: (type, handler) => {
        const set = mine.get(type) ?? new Set();
        set.add(handler);
        mine.set(type, set);
        return () => set.delete(handler);
      },
      close: () => this.handlers.delete(selfId),
    };
  }
  /** Delivers queued messages (those matching `which`, in queue order); returns how many. */
  deliver(which: (e: Envelope) => boolean = () => true): number {
    const now = this.queue.filter(which);
    for (const e of now) this.queue.splice(this.queue.indexOf(e), 1);
    for (const e of now) {
      for (const [id, byType] of this.handlers) {
        if (id === e.from || (e.to !== undefined && e.to !== id)) continue;
        currentRecipient = id;
        for (const h of byType.get(e.type) ?? []) h(e.payload, e.from);
        currentRecipient = "";
      }
    }
    return now.length;
  }
}

/** Lets queued work run: delivers everything and waits until nothing moves for a few turns. */
async function settle(hub: FakeHub, turns = 30) {
  let quiet = 0;
  while (quiet < 3 && turns-- > 0) {
    await tick();
    quiet = hub.deliver() === 0 ? quiet + 1 : 0;
  }
}

function makeCall(hub: FakeHub, peerId: string, userId = peerId.split(".")[0]!, options: { connectWatchdogMs?: number } = {}) {
  const mediaDevices = {
    getUserMedia: async (c: { audio?: unknown; video?: unknown }) =>
      new FakeMediaStream([...(c.audio ? [new FakeTrack("audio")] : []), ...(c.video ? [new FakeTrack("video")] : [])]),
  } as unknown as MediaDevices;
  return new P2PCall({
    signaling: hub.channel(peerId),
    iceServers: [],
    self: { userId, displayName: userId, role: "PATIENT" },
    devices: { audioEnabled: true, videoEnabled: true, audioInputId: null, videoInputId: null } as never,
    statsIntervalMs: 3_600_000,
    mediaDevices,
    ...options,
  });
}

// ── tests ──

const calls: P2PCall[] = [];
beforeEach(() => {
  FakePeerConnection.all = [];
  FakePeerConnection.remoteDelayMs = 0;
  vi.stubGlobal("RTCPeerConnection", FakePeerConnection);
  vi.stubGlobal("MediaStream", FakeMediaStream);
  vi.stubGlobal("window", { addEventListener() {}, removeEventListener() {} });
  vi.stubGlobal("navigator", {});
});
afterEach(() => {
  for (const c of calls.splice(0)) c.leave();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** a, then b, join; `together`: both hellos are still in flight when each starts (glare). */
async function twoPeople(hub: FakeHub, { together = false, watchdogMs }: { together?: boolean; watchdogMs?: { a: number; b: number } } = {}) {
  // "a.1" > "b.1" is false: a is the impolite side, b the polite one.
  const a = makeCall(hub, "a.1", "a", watchdogMs ? { connectWatchdogMs: watchdogMs.a } : {});
  const b = makeCall(hub, "b.1", "b", watchdogMs ? { connectWatchdogMs: watchdogMs.b } : {});
  calls.push(a, b);
  await a.start();
  if (!together) hub.deliver(); // a's hello meets an empty room
  await b.start();
  return { a, b };
}
/** b (the polite side) is alone first: its hello meets an empty room; then a joins. */
async function politeFirst(hub: FakeHub, { watchdogMs }: { watchdogMs?: { a: number; b: number } } = {}) {
  const b = makeCall(hub, "b.1", "b", watchdogMs ? { connectWatchdogMs: watchdogMs.b } : {});
  const a = makeCall(hub, "a.1", "a", watchdogMs ? { connectWatchdogMs: watchdogMs.a } : {});
  calls.push(a, b);
  await b.start();
  hub.deliver();
  await a.start();
  return { a, b };
}
const only = (owner: string) => {
  const pcs = FakePeerConnection.of(owner);
  expect(pcs).toHaveLength(1);
  return pcs[0]!;
};

describe("P2P call engine", () => {
  it("connects two people with one offer and one answer, whoever says hello first", async () => {
    const hub = new FakeHub();
    const { a, b } = await twoPeople(hub);
    await settle(hub);
    const pcA = only("a.1");
    const pcB = only("b.1");
    expect(pcA!.signalingState).toBe("stable");
    expect(pcB!.signalingState).toBe("stable");
    const descriptions = hub.sent.filter((e) => e.type === "description").map((e) => (e.payload as { description: Desc }).description.type);
    expect(descriptions).toEqual(["offer", "answer"]);
    expect(a.getSnapshot().peers.map((p) => p.peerId)).toEqual(["b.1"]);
    expect(b.getSnapshot().peers.map((p) => p.peerId)).toEqual(["a.1"]);
    expect(b.getSnapshot().peers[0]!.info?.userId).toBe("a");
  });

  it("applies a candidate that overtakes the offer it belongs to after that offer, so it is not lost", async () => {
    const hub = new FakeHub();
    const { a } = await twoPeople(hub);
    // b's hello reaches a: a creates the connection and offers.
    hub.deliver((e) => e.type === "hello" && e.from === "b.1");
    await settle(new FakeHub(), 5);
    const offer = hub.queue.find((e) => e.type === "description" && e.from === "a.1");
    expect(offer).toBeDefined();
    // b applies the offer slowly; a's candidate arrives meanwhile.
    FakePeerConnection.remoteDelayMs = 30;
    const candidate = {
      from: "a.1",
      to: "b.1",
      type: "candidate",
      payload: { candidate: { candidate: "candidate:1 1 udp 1 127.0.0.1 5000 typ host", sdpMid: "0" } },
    };
    hub.queue.push(candidate);
    hub.deliver((e) => e === offer || e === candidate);
    await new Promise((r) => setTimeout(r, 80));
    const pcB = only("b.1");
    expect(pcB.log).toContain("remote:offer-1");
    expect(pcB.applied).toEqual([candidate.payload.candidate]);
    void a;
  });

  it("both say hello at once: only the impolite side offers, so the first negotiation has no glare", async () => {
    const hub = new FakeHub();
    await twoPeople(hub, { together: true });
    // Both hellos cross: each side creates a connection; only a (impolite) offers.
    hub.deliver((e) => e.type === "hello");
    for (let i = 0; i < 5; i++) await tick();
    const offers = hub.queue.filter((e) => e.type === "description");
    expect(offers.map((e) => e.from)).toEqual(["a.1"]);
    await settle(hub);
    const pcA = only("a.1");
    const pcB = only("b.1");
    expect(pcA.signalingState).toBe("stable");
    expect(pcB.signalingState).toBe("stable");
    // No offer was rolled back on either side (a rolled-back first offer could leave Chrome
    // gathering no candidates on that connection).
    expect(pcB.log).not.toContain("rollback");
    expect(pcA.log).not.toContain("rollback");
    expect(pcA.remoteDescription?.sdp).toBe("answer-to:offer-1");
    expect(FakePeerConnection.all).toHaveLength(2);
  });

  it("the polite side there first says hello back, and the other side's offer connects them", async () => {
    const hub = new FakeHub();
    // b (polite) is alone first: its hello meets an empty room; then a joins.
    const { a, b } = await politeFirst(hub);
    await settle(hub);
    const replies = hub.sent.filter((e) => e.type === "hello" && e.from === "b.1" && e.to === "a.1");
    expect(replies).toHaveLength(1);
    const descriptions = hub.sent.filter((e) => e.type === "description").map((e) => [e.from, (e.payload as { description: Desc }).description.type]);
    expect(descriptions).toEqual([
      ["a.1", "offer"],
      ["b.1", "answer"],
    ]);
    expect(only("a.1").signalingState).toBe("stable");
    expect(only("b.1").remoteDescription?.sdp).toBe("offer-1");
    expect(a.getSnapshot().peers.map((p) => p.peerId)).toEqual(["b.1"]);
    expect(b.getSnapshot().peers.map((p) => p.peerId)).toEqual(["a.1"]);
  });

  it("the polite side offers itself when its hello back is lost and no offer comes within the watchdog's wait", async () => {
    const hub = new FakeHub();
    // b (polite) is alone first; a joins, but b's hello back to a is lost.
    await politeFirst(hub, { watchdogMs: { a: 60_000, b: 60 } });
    hub.deliver((e) => e.type === "hello" && e.from === "a.1");
    for (let i = 0; i < 5; i++) await tick();
    const reply = hub.queue.find((e) => e.type === "hello" && e.from === "b.1" && e.to === "a.1");
    expect(reply).toBeDefined();
    hub.queue.splice(hub.queue.indexOf(reply!), 1);
    await settle(hub);
    expect(only("b.1").localDescription).toBeNull();
    expect(FakePeerConnection.of("a.1")).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 90));
    await settle(hub);
    const pcB = only("b.1");
    expect(pcB.localDescription?.type).toBe("offer");
    expect(pcB.signalingState).toBe("stable");
    expect(pcB.remoteDescription?.type).toBe("answer");
    expect(only("a.1").remoteDescription?.sdp).toBe(pcB.localDescription?.sdp);
  });

  it("a hello again from a peer the polite side waits on is answered with another hello", async () => {
    const hub = new FakeHub();
    await politeFirst(hub);
    hub.deliver((e) => e.type === "hello" && e.from === "a.1");
    for (let i = 0; i < 5; i++) await tick();
    // b's hello back is lost; a, still alone, says hello again (its re-announce).
    for (const e of hub.queue.filter((e) => e.from === "b.1")) hub.queue.splice(hub.queue.indexOf(e), 1);
    hub.queue.push({ from: "a.1", type: "hello", payload: hub.sent.find((e) => e.type === "hello" && e.from === "a.1")!.payload });
    await settle(hub);
    expect(hub.sent.filter((e) => e.type === "hello" && e.from === "b.1" && e.to === "a.1")).toHaveLength(2);
    expect(only("a.1").signalingState).toBe("stable");
    expect(only("b.1").remoteDescription?.sdp).toBe("offer-1");
  });

  it("resolves glare: both restart at once, the polite side rolls back and answers, the impolite side's offer wins", async () => {
    const hub = new FakeHub();
    const { a, b } = await twoPeople(hub);
    await settle(hub);
    hub.sent.length = 0;
    // A network change on both sides: each offers with fresh ICE before seeing the other's.
    a.restartIce();
    b.restartIce();
    for (let i = 0; i < 5; i++) await tick();
    const offers = hub.queue.filter((e) => e.type === "description");
    expect(offers.map((e) => e.from).sort()).toEqual(["a.1", "b.1"]);
    await settle(hub);
    const pcA = only("a.1");
    const pcB = only("b.1");
    expect(pcA.signalingState).toBe("stable");
    expect(pcB.signalingState).toBe("stable");
    // b (polite) rolled its own offer back and answered a's; a (impolite) ignored b's offer.
    expect(pcB.log).toContain("rollback");
    expect(pcA.log).not.toContain("rollback");
    expect(pcA.remoteDescription?.sdp).toBe("answer-to:offer-2-icerestart");
    expect(FakePeerConnection.all).toHaveLength(2);
  });

  it("drops the candidates of an offer it ignored in a glare without failing the call", async () => {
    const hub = new FakeHub();
    const { a, b } = await twoPeople(hub);
    await settle(hub);
    a.restartIce();
    b.restartIce();
    for (let i = 0; i < 5; i++) await tick();
    // b's candidate for its (to be ignored) offer arrives at a right after that offer.
    hub.queue.push({ from: "b.1", to: "a.1", type: "candidate", payload: { candidate: { candidate: "candidate:9", sdpMid: "0" } } });
    await settle(hub);
    expect(only("a.1").signalingState).toBe("stable");
    expect(only("a.1").remoteDescription?.type).toBe("answer");
    expect(a.getSnapshot().peers).toHaveLength(1);
  });

  it("restarts ICE with a fresh offer that the other side answers", async () => {
    const hub = new FakeHub();
    const { a } = await twoPeople(hub);
    await settle(hub);
    hub.sent.length = 0;
    a.restartIce();
    await settle(hub);
    const pcA = only("a.1");
    const pcB = only("b.1");
    const sdps = hub.sent.filter((e) => e.type === "description").map((e) => (e.payload as { description: Desc }).description.sdp);
    expect(sdps).toEqual(["offer-2-icerestart", "answer-to:offer-2-icerestart"]);
    expect(pcA.signalingState).toBe("stable");
    expect(pcB.remoteDescription?.sdp).toBe("offer-2-icerestart");
  });

  it("a peer leaving mid-negotiation is closed and forgotten; its late answer changes nothing", async () => {
    const hub = new FakeHub();
    const { a, b } = await twoPeople(hub);
    hub.deliver((e) => e.type === "hello" && e.from === "b.1");
    for (let i = 0; i < 5; i++) await tick();
    // a has offered; b receives it and answers, but leaves before a sees the answer.
    hub.deliver((e) => e.type === "description" && e.from === "a.1");
    for (let i = 0; i < 5; i++) await tick();
    const answer = hub.queue.find((e) => e.type === "description" && e.from === "b.1");
    expect(answer).toBeDefined();
    b.leave();
    const bye = hub.queue.find((e) => e.type === "bye");
    expect(bye).toBeDefined();
    hub.deliver((e) => e === bye);
    expect(a.getSnapshot().peers).toEqual([]);
    expect(a.getSnapshot().status).toBe("waiting");
    expect(only("a.1").signalingState).toBe("closed");
    // The answer arrives after the goodbye: no new connection, no error.
    hub.deliver((e) => e === answer);
    await settle(hub);
    expect(FakePeerConnection.of("a.1")).toHaveLength(1);
    expect(a.getSnapshot().peers).toEqual([]);
  });

  it("an offer lost on the way is made again after the watchdog's wait, and the call connects", async () => {
    const hub = new FakeHub();
    await twoPeople(hub, { watchdogMs: { a: 60, b: 60 } });
    hub.deliver((e) => e.type === "hello");
    for (let i = 0; i < 5; i++) await tick();
    // a's first offer (and its candidates) never arrive.
    const lost = hub.queue.filter((e) => e.from === "a.1");
    expect(lost.some((e) => e.type === "description")).toBe(true);
    for (const e of lost) hub.queue.splice(hub.queue.indexOf(e), 1);
    await settle(hub);
    expect(only("a.1").signalingState).toBe("have-local-offer");
    await new Promise((r) => setTimeout(r, 90));
    await settle(hub);
    const pcA = only("a.1");
    expect(pcA.log).toContain("rollback-local");
    expect(pcA.signalingState).toBe("stable");
    expect(pcA.remoteDescription?.type).toBe("answer");
    expect(only("b.1").remoteDescription?.sdp).toBe(pcA.localDescription?.sdp);
  });

  // These two run on fake timers: they are about what happens before and after the watchdog's
  // wait, which a loaded machine's real timers would blur.
  /** Delivers whatever is queued, `rounds` times, letting `ms` of fake time pass after each. */
  async function flow(hub: FakeHub, rounds = 10, ms = 5) {
    for (let i = 0; i < rounds; i++) {
      hub.deliver();
      await vi.advanceTimersByTimeAsync(ms);
    }
  }

  it("an answer still on its way when the watchdog offers again is not taken for the answer to the new offer", async () => {
    vi.useFakeTimers();
    const hub = new FakeHub();
    // Only a's watchdog matters: a offered, b is slow to answer.
    await twoPeople(hub, { watchdogMs: { a: 1_000, b: 60_000 } });
    hub.deliver((e) => e.type === "hello");
    await vi.advanceTimersByTimeAsync(10);
    // b gets a's offer and answers; the answer is still on its way when a's watchdog gives up on it.
    expect(hub.deliver((e) => e.from === "a.1")).toBeGreaterThan(0);
    await vi.advanceTimersByTimeAsync(10);
    expect(hub.queue.some((e) => e.type === "description" && e.from === "b.1")).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    const pcA = only("a.1");
    expect(pcA.log).toContain("rollback-local");
    // The old answer arrives, then the new offer reaches b and its answer comes back.
    await flow(hub);
    const pcB = only("b.1");
    expect(pcA.localDescription?.sdp).toBe("offer-2-icerestart");
    expect(pcB.remoteDescription?.sdp).toBe("offer-2-icerestart");
    // a pairs its offer with the answer to that offer. (Applied, the old answer left a with
    // offer 2's ICE credentials against answer 1's, and b's answer 2 was refused in "stable".)
    expect(pcA.remoteDescription?.sdp).toBe("answer-to:offer-2-icerestart");
    expect(pcA.signalingState).toBe("stable");
  });

  it("the watchdog leaves a slow negotiation alone while it moves: no new offer while ICE is checking", async () => {
    vi.useFakeTimers();
    const hub = new FakeHub();
    const { a } = await twoPeople(hub, { watchdogMs: { a: 1_000, b: 60_000 } });
    hub.deliver((e) => e.type === "hello");
    await vi.advanceTimersByTimeAsync(10);
    // A loaded machine: the offer takes half a second to reach b, then the answer comes back.
    await vi.advanceTimersByTimeAsync(500);
    await flow(hub);
    const pcA = only("a.1");
    expect(pcA.remoteDescription?.type).toBe("answer");
    await vi.advanceTimersByTimeAsync(300);
    pcA.iceConnectionState = "checking";
    pcA.oniceconnectionstatechange?.();
    // The watchdog's second since the connection was made passes while ICE checks.
    await vi.advanceTimersByTimeAsync(300);
    pcA.iceConnectionState = "connected";
    pcA.oniceconnectionstatechange?.();
    await vi.advanceTimersByTimeAsync(3_000);
    await flow(hub);
    expect(pcA.log).not.toContain("restartIce");
    expect(hub.sent.filter((e) => e.type === "description" && e.from === "a.1")).toHaveLength(1);
    expect(a.getSnapshot().status).toBe("connected");
  });

  it("a call re-created under the same peer id whose goodbye was lost is connected afresh; nothing meant for the old one reaches it", async () => {
    const hub = new FakeHub();
    const { a, b } = await twoPeople(hub);
    // b's hello reaches a, which offers to that b; b's page then replaces its call (its
    // realtime channel came back) and the old call's goodbye is lost with the old transport.
    hub.deliver((e) => e.type === "hello" && e.from === "b.1");
    for (let i = 0; i < 5; i++) await tick();
    b.leave();
    for (const e of hub.queue.filter((e) => e.from === "b.1")) hub.queue.splice(hub.queue.indexOf(e), 1);
    const b2 = makeCall(hub, "b.1", "b");
    calls.push(b2);
    await b2.start();
    // a's offer to the old b is still on the way and arrives at the new one first.
    await settle(hub);
    const [oldA, freshA] = FakePeerConnection.of("a.1");
    expect(oldA!.signalingState).toBe("closed");
    expect(freshA!.signalingState).toBe("stable");
    expect(freshA!.remoteDescription?.type).toBe("answer");
    const bLive = FakePeerConnection.of("b.1").filter((pc) => pc.signalingState !== "closed");
    expect(bLive).toHaveLength(1);
    expect(bLive[0]!.remoteDescription?.sdp).toBe(freshA!.localDescription?.sdp);
    expect(a.getSnapshot().peers.map((p) => p.peerId)).toEqual(["b.1"]);
    expect(b2.getSnapshot().peers.map((p) => p.peerId)).toEqual(["a.1"]);
  });

  it("the same person rejoining under a new peer id replaces their old connection", async () => {
    const hub = new FakeHub();
    const { a } = await twoPeople(hub);
    await settle(hub);
    const b2 = makeCall(hub, "b.2", "b");
    calls.push(b2);
    await b2.start();
    await settle(hub);
    expect(a.getSnapshot().peers.map((p) => p.peerId)).toEqual(["b.2"]);
    const [old, fresh] = FakePeerConnection.of("a.1");
    expect(old!.signalingState).toBe("closed");
    expect(fresh!.signalingState).toBe("stable");
  });
});
