// Peer-to-peer signalling over the real path: pusher-js clients on a real soketi (the
// embedded realtime server, with its 10 KB event limit), client events on the presence
// signalling channel signed as the app signs them (the server's records name each member).
import { createServer } from "node:net";
import PusherClient, { type Channel } from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signalChannel } from "@/lib/realtime/channels";
import { startSoketi, type SoketiHandle } from "@/scripts/lib/soketi";
import { createRealtime } from "@/server/integrations/realtime";
import type { Realtime } from "@/server/integrations/realtime";
import { createPusherSignaling } from "./pusher-signaling";

const app = { appId: "bedside-signal-test", key: "bedside-signal-key", secret: "bedside-signal-secret" };
const sessionId = "ckz1q2w3e4r5t6y7u8i9o0pa";
let soketi: SoketiHandle;
let realtime: Realtime;
const clients: PusherClient[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** A user id as the app's are (cuid-shaped), from a readable name. */
const user = (name: string) => `${name}${"0".repeat(24)}`.slice(0, 24);

async function subscribeToSignalChannel(name: string): Promise<Channel> {
  const userId = user(name);
  const client = new PusherClient(app.key, {
    cluster: "local",
    wsHost: soketi.host,
    wsPort: soketi.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    channelAuthorization: {
      // What /api/pusher/auth answers once the domain has said this person is in the session.
      customHandler: ({ socketId, channelName }, callback) =>
        callback(null, realtime.authorizeChannel(socketId, channelName, { userId, userInfo: { id: userId, name: userId, role: "PATIENT" } })),
    },
  });
  clients.push(client);
  return new Promise((resolve, reject) => {
    const channel = client.subscribe(signalChannel(sessionId));
    channel.bind("pusher:subscription_succeeded", () => resolve(channel));
    channel.bind("pusher:subscription_error", () => reject(new Error("subscription refused")));
  });
}

beforeAll(async () => {
  soketi = await startSoketi({ port: await freePort(), ...app });
  realtime = createRealtime(
    { provider: "pusher-protocol", host: soketi.host, port: soketi.port, useTLS: false, ...app },
    { logger: { warn: () => {}, error: () => {} } },
  );
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  realtime?.close();
  await soketi?.stop();
});

describe("signalling through soketi", () => {
  it("carries an offer larger than one event, and the candidates after it, to the addressed peer in order", async () => {
    const [a, b, c] = await Promise.all([subscribeToSignalChannel("alice"), subscribeToSignalChannel("bob"), subscribeToSignalChannel("carol")]);
    const alice = createPusherSignaling(a, { selfId: `${user("alice")}.1` });
    const bob = createPusherSignaling(b, { selfId: `${user("bob")}.1` });
    const carol = createPusherSignaling(c, { selfId: `${user("carol")}.1` });
    const atBob: unknown[] = [];
    const atCarol: unknown[] = [];
    bob.on("description", (p, from) => atBob.push([from, p]));
    bob.on("candidate", (p, from) => atBob.push([from, p]));
    carol.on("description", (p) => atCarol.push(p));

    const sdp = `v=0\r\n${"a=candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host generation 0\r\n".repeat(400)}`;
    alice.send("description", { type: "offer", sdp }, `${user("bob")}.1`);
    for (let i = 0; i < 5; i++) alice.send("candidate", { i }, `${user("bob")}.1`);

    await expect.poll(() => atBob.length, { timeout: 10_000 }).toBe(6);
    expect(sdp.length).toBeGreaterThan(2 * 10 * 1024);
    expect(atBob[0]).toEqual([`${user("alice")}.1`, { type: "offer", sdp }]);
    expect(atBob.slice(1)).toEqual([0, 1, 2, 3, 4].map((i) => [`${user("alice")}.1`, { i }]));
    expect(atCarol).toEqual([]);
    for (const s of [alice, bob, carol]) s.close();
  });

  it("reaches every other peer with a broadcast, and never the sender", async () => {
    const [a, b] = await Promise.all([subscribeToSignalChannel("alice"), subscribeToSignalChannel("bob")]);
    const alice = createPusherSignaling(a, { selfId: `${user("alice")}.2` });
    const bob = createPusherSignaling(b, { selfId: `${user("bob")}.2` });
    const seen: string[] = [];
    alice.on("hello", (_, from) => seen.push(`alice<-${from}`));
    bob.on("hello", (_, from) => seen.push(`bob<-${from}`));

    alice.send("hello", { info: { userId: "u1", displayName: "Alice" } });
    await expect.poll(() => seen, { timeout: 10_000 }).toEqual([`bob<-${user("alice")}.2`]);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([`bob<-${user("alice")}.2`]);
    for (const s of [alice, bob]) s.close();
  });

  it("drops a participant's message that claims another participant as its sender (soketi names the real one)", async () => {
    const [a, m, p] = await Promise.all([subscribeToSignalChannel("alice"), subscribeToSignalChannel("mallory"), subscribeToSignalChannel("pat")]);
    const alice = createPusherSignaling(a, { selfId: `${user("alice")}.3` });
    const patient = createPusherSignaling(p, { selfId: `${user("pat")}.3` });
    const got: string[] = [];
    patient.on("description", (payload, from) => got.push(`${from}:${(payload as { sdp: string }).sdp}`));

    // Mallory writes the wire format by hand, naming Alice's peer as the sender.
    m.trigger("client-signal", { b: [{ f: `${user("alice")}.3`, t: `${user("pat")}.3`, k: "description", p: { type: "offer", sdp: "forged" } }] });
    await new Promise((r) => setTimeout(r, 150));
    alice.send("description", { type: "offer", sdp: "genuine" }, `${user("pat")}.3`);

    await expect.poll(() => got, { timeout: 10_000 }).toEqual([`${user("alice")}.3:genuine`]);
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toEqual([`${user("alice")}.3:genuine`]);
    for (const s of [alice, patient]) s.close();
  });
});
