// The real path end to end: the pusher SDK publishes to a real soketi on loopback, and the
// real pusher-js client, authorized by our own signatures, receives.

import dgram from "node:dgram";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer } from "node:net";
import PusherClient, { type Channel, type Options } from "pusher-js";
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import { parseChannel, patientChannel, sessionChannel, sessionPresenceChannel } from "@/lib/realtime/channels";
import { bindEvent, createEvent, type EventName, type EventPayload } from "@/lib/realtime/events";
import { startSoketi, type SoketiHandle } from "@/scripts/lib/soketi";
import { observationEventPayload } from "@/tests/helpers/observation-event";
import { createRealtime } from "./index";
import type { ChannelAuthorization, Realtime, RealtimeLogger } from "./types";

const app = { appId: "bedside-test", key: "bedside-test-key", secret: "bedside-test-secret" };
const sessionId = "ckz1q2w3e4r5t6y7u8i9o0pa";
const patientId = "clz9x8c7v6b5n4m3a2s1d0fg";
const userId = "cm0a1b2c3d4e5f6g7h8i9j0k";
const at = "2026-11-21T09:00:00.000Z";

const logged: string[] = [];
const logger: RealtimeLogger = {
  warn: (_, message) => logged.push(message),
  error: (_, message) => logged.push(message),
};

let soketi: SoketiHandle;
let realtime: Realtime;
let startedAt: number;
let udpSend: MockInstance;
const clients: PusherClient[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

type Sign = (socketId: string, channel: string) => ChannelAuthorization | null;

/** What the app's /api/pusher/auth route will do once the domain has said yes. */
const signAsApp: Sign = (socketId, channel) =>
  parseChannel(channel)?.kind === "presence"
    ? realtime.authorizeChannel(socketId, channel, { userId, userInfo: { role: "PATIENT" } })
    : realtime.authorizeChannel(socketId, channel);

async function connect(sign: Sign = signAsApp): Promise<PusherClient> {
  const options: Options = {
    cluster: "local", // required by the type; wsHost decides where it connects
    wsHost: soketi.host,
    wsPort: soketi.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        const authorization = sign(socketId, channelName);
        if (authorization) callback(null, authorization);
        else callback(new Error("forbidden"), null);
      },
    },
  };
  const client = new PusherClient(app.key, options);
  clients.push(client);
  await new Promise<void>((resolve, reject) => {
    client.connection.bind("connected", () => resolve());
    client.connection.bind("failed", () => reject(new Error("pusher-js could not connect")));
  });
  return client;
}

function subscribe(client: PusherClient, name: string): Promise<Channel> {
  return new Promise((resolve, reject) => {
    const channel = client.subscribe(name);
    channel.bind("pusher:subscription_succeeded", () => resolve(channel));
    channel.bind("pusher:subscription_error", (error: unknown) => reject(Object.assign(new Error("subscription refused"), { error })));
  });
}

/** Resolves with the first `count` payloads of `name` on `channel`; fails after 15 s. */
function receive<N extends EventName>(channel: Channel, name: N, count: number): Promise<EventPayload<N>[]> {
  return new Promise((resolve, reject) => {
    const payloads: EventPayload<N>[] = [];
    const timer = setTimeout(() => {
      unbind();
      reject(new Error(`received ${payloads.length} of ${count} ${name} events`));
    }, 15_000);
    const unbind = bindEvent(channel, name, (payload) => {
      payloads.push(payload);
      if (payloads.length < count) return;
      clearTimeout(timer);
      unbind();
      resolve(payloads);
    });
  });
}

/** Local addresses (`0100007F:2AFA` is 127.0.0.1:11002) of this process's sockets in a /proc/net table. */
function localAddresses(table: string, state?: string): string[] {
  const inodes = new Set(
    readdirSync("/proc/self/fd").flatMap((fd) => {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1];
        return inode ? [inode] : [];
      } catch {
        return []; // closed while listing
      }
    }),
  );
  return readFileSync(`/proc/net/${table}`, "utf8")
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => inodes.has(cols[9] ?? "") && (state === undefined || cols[3] === state))
    .map((cols) => cols[1] ?? "");
}

beforeAll(async () => {
  udpSend = vi.spyOn(dgram.Socket.prototype, "send");
  startedAt = Date.now();
  soketi = await startSoketi({ port: await freePort(), ...app });
  realtime = createRealtime({ provider: "pusher-protocol", host: soketi.host, port: soketi.port, useTLS: false, ...app }, { logger });
});

afterAll(async () => {
  udpSend?.mockRestore();
  for (const client of clients) client.disconnect();
  realtime?.close();
  await soketi?.stop();
});

describe("realtime through soketi", () => {
  it("delivers an event published on a private session channel to a subscribed participant", async () => {
    const channel = await subscribe(await connect(), sessionChannel(sessionId));
    const received = receive(channel, "session.status", 1);

    const status = await realtime.publish(createEvent("session.status", sessionId, { sessionId, status: "IN_PROGRESS", seq: 1 }));

    expect(status).toBe("delivered");
    expect(await received).toEqual([{ sessionId, status: "IN_PROGRESS", seq: 1 }]);
  });

  it("delivers a batch larger than one request, complete and in order", async () => {
    const channel = await subscribe(await connect(), patientChannel(patientId));
    const received = receive(channel, "vitals.observation", 12);
    const observations = Array.from({ length: 12 }, (_, seq) =>
      createEvent("vitals.observation", patientId, observationEventPayload(patientId, seq, { observedAt: at, heartRate: 60 + seq })),
    );

    const statuses = await realtime.publishBatch(observations);

    expect(statuses).toEqual(Array(12).fill("delivered"));
    expect((await received).map((o) => [o.seq, o.heartRate])).toEqual(observations.map((o) => [o.data.seq, o.data.heartRate]));
  });

  it("admits a member to the session's presence channel under the signed user id", async () => {
    const channel = await subscribe(await connect(), sessionPresenceChannel(sessionId));
    expect((channel as Channel & { members: { me: { id: string; info: unknown } } }).members.me).toEqual({
      id: userId,
      info: { role: "PATIENT" },
    });
  });

  it("answers who is on a presence channel from the realtime server itself, and drops a member whose connection closed", async () => {
    const channel = sessionPresenceChannel("cr2w3e4r5t6y7u8i9o0p1a2s");
    const client = await connect();
    await subscribe(client, channel);
    expect(await realtime.presenceMembers!(channel)).toEqual([userId]);
    client.disconnect();
    await vi.waitFor(async () => expect(await realtime.presenceMembers!(channel)).toEqual([]), { timeout: 5_000, interval: 100 });
    // Not a presence channel: nothing to ask.
    expect(await realtime.presenceMembers!(sessionChannel(sessionId))).toBeNull();
  });

  it("refuses a subscription whose signature was made for another channel", async () => {
    const otherPatient = "cq1w2e3r4t5y6u7i8o9p0a1s";
    const signForOther: Sign = (socketId) => realtime.authorizeChannel(socketId, patientChannel(otherPatient));
    await expect(subscribe(await connect(signForOther), patientChannel(patientId))).rejects.toThrow("subscription refused");
  });

  it("logged nothing: every publish went through on the first attempt", () => {
    expect(logged).toEqual([]);
  });
});

// Bedside's machines may send nothing beyond loopback; soketi's defaults broadcast a UDP
// hello to 255.255.255.255 every 500 ms and listen on 0.0.0.0.
describe.runIf(process.platform === "linux")("soketi stays on loopback", () => {
  it("binds every socket to 127.0.0.1, discovery's UDP socket included", () => {
    const udp = localAddresses("udp");
    expect(udp.length).toBeGreaterThan(0);
    expect(udp.every((address) => address.startsWith("0100007F:"))).toBe(true);
    expect(localAddresses("udp6")).toEqual([]);
    const listening = localAddresses("tcp", "0A");
    expect(listening).toContain(`0100007F:${soketi.port.toString(16).toUpperCase().padStart(4, "0")}`);
    expect(listening.every((address) => address.startsWith("0100007F:"))).toBe(true);
    expect(localAddresses("tcp6", "0A")).toEqual([]);
  });

  it("sends no UDP datagram, not even after several discovery intervals", async () => {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startedAt + 1600 - Date.now())));
    expect(udpSend).not.toHaveBeenCalled();
  });
});
