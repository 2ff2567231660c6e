// Realtime end to end: the real pusher-js client against a real soketi on loopback, its
// channel authorization answered over HTTP by the app's own route code (everything but
// next-auth's cookie reading, which a header stands in for), and events published by the
// app's configured provider, from a tRPC mutation where one exists.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import PusherClient from "pusher-js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const config = await vi.hoisted(async () => {
  const { createServer: createNetServer } = await import("node:net");
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createNetServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
  const app = { appId: "bedside-int", key: "bedside-int-key", secret: "bedside-int-secret-0123456789" };
  // env.js reads these on first import: the app's realtime() must publish to this test's soketi.
  Object.assign(process.env, {
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: String(port),
    PUSHER_USE_TLS: "false",
    PUSHER_APP_ID: app.appId,
    PUSHER_KEY: app.key,
    PUSHER_SECRET: app.secret,
  });
  return { port, ...app };
});

import { patientChannel, sessionChannel, sessionPresenceChannel, signalChannel, clinicianChannel } from "@/lib/realtime/channels";
import { pusherOptions } from "@/lib/realtime/client/config";
import type { ConnectionState } from "@/lib/realtime/client/connection-state";
import { RealtimeClient, type PresenceSnapshot } from "@/lib/realtime/client/realtime-client";
import { openClientEvents, watchEvent, watchPresence, watchSequencedEvents } from "@/lib/realtime/client/watch";
import { createEvent, type EventPayload } from "@/lib/realtime/events";
import type { SessionUser } from "@/server/auth/session";
import { db } from "@/server/db";
import { startSoketi, type SoketiHandle } from "@/scripts/lib/soketi";
import { observationEventPayload } from "@/tests/helpers/observation-event";
import { addParticipant, callerAs, makeClinician, makePatient, makeVisitSession, makeUser, sessionUserOf } from "@/tests/helpers/factories";
import { publishAfterCommit, realtime } from "./publish";
import { respondToPusherAuth } from "./pusher-auth";

type User = Parameters<typeof sessionUserOf>[0];

let soketi: SoketiHandle;
let authServer: Server;
let authUrl: string;
const signedIn = new Map<string, SessionUser>();
const clients: RealtimeClient[] = [];

/** The route, minus next-auth: `x-test-user` names the signed-in user. */
async function serveAuth(req: IncomingMessage, res: ServerResponse) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, {
    method: req.method,
    headers,
    body: req.method === "POST" ? (Readable.toWeb(req) as ReadableStream) : undefined,
    duplex: "half",
  } as RequestInit);
  const user = signedIn.get(String(req.headers["x-test-user"] ?? "")) ?? null;
  const response = await respondToPusherAuth(request, user);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(await response.text());
}

function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

/** A browser tab of `user`: pusher-js configured as the app configures it, authorizing through the route. */
async function connectAs(user: User | null): Promise<RealtimeClient> {
  const token = user ? `token-${user.id}` : "anonymous";
  if (user) signedIn.set(token, sessionUserOf(user));
  const options = pusherOptions({
    provider: "pusher-protocol",
    key: config.key,
    wsHost: "127.0.0.1",
    wsPort: config.port,
    forceTLS: false,
    authEndpoint: authUrl,
  });
  options.channelAuthorization = { endpoint: authUrl, transport: "ajax", headers: { "x-test-user": token } };
  const client = new RealtimeClient(new PusherClient(config.key, options));
  clients.push(client);
  await waitFor(() => client.getState() === "connected", "pusher-js to connect");
  return client;
}

type Outcome = { subscribed: true } | { subscribed: false; status: number | null };

/** Subscribes as the app does and reports the outcome (the lease stays held). */
function subscribe(client: RealtimeClient, channel: Parameters<RealtimeClient["acquire"]>[0]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const lease = client.acquire(channel);
    const timer = setTimeout(() => reject(new Error(`no answer for ${channel}`)), 15_000);
    lease.onSubscribed(() => {
      clearTimeout(timer);
      resolve({ subscribed: true });
    });
    lease.onDenied((status) => {
      clearTimeout(timer);
      resolve({ subscribed: false, status });
    });
  });
}

function isSubscribed(client: RealtimeClient, channel: Parameters<RealtimeClient["acquire"]>[0]): boolean {
  const lease = client.acquire(channel);
  const status = lease.status();
  lease.release();
  return status === "subscribed";
}

const denials = (actorId: string, entityId?: string | null) =>
  db.auditEvent.count({ where: { actorId, action: "realtime.subscribe", outcome: "DENIED", ...(entityId !== undefined ? { entityId } : {}) } });

async function care() {
  const clinician = await makeClinician("Amara Okafor");
  const { patient, user } = await makePatient({ clinicianIds: [clinician.id] });
  const { session } = await makeVisitSession({ clinicianId: clinician.id, patientId: patient.id, status: "IN_PROGRESS" });
  return { clinician, patient, patientUser: user!, session };
}

function observation(patientId: string, seq: number) {
  return createEvent("vitals.observation", patientId, observationEventPayload(patientId, seq, { heartRate: 70 + seq }));
}

beforeAll(async () => {
  soketi = await startSoketi({ port: config.port, appId: config.appId, key: config.key, secret: config.secret });
  authServer = createServer((req, res) => void serveAuth(req, res));
  await new Promise<void>((resolve) => authServer.listen(0, "127.0.0.1", resolve));
  const address = authServer.address();
  authUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api/pusher/auth`;
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await realtime().flush();
  realtime().close();
  await new Promise((resolve) => authServer?.close(resolve));
  await soketi?.stop();
});

describe("channel authorization through pusher-js", () => {
  it("lets a patient and their clinician subscribe to their own channels", async () => {
    const { clinician, patient, patientUser, session } = await care();
    const patientTab = await connectAs(patientUser);
    const clinicianTab = await connectAs(clinician);

    expect(await subscribe(patientTab, patientChannel(patient.id))).toEqual({ subscribed: true });
    expect(await subscribe(patientTab, sessionChannel(session.id))).toEqual({ subscribed: true });
    expect(await subscribe(clinicianTab, clinicianChannel(clinician.id))).toEqual({ subscribed: true });
    expect(await subscribe(clinicianTab, patientChannel(patient.id))).toEqual({ subscribed: true });
    expect(await subscribe(clinicianTab, signalChannel(session.id))).toEqual({ subscribed: true });
  });

  it("gives a patient subscribing to another patient's channel subscription_error 403, and audits it", async () => {
    const { patient } = await care();
    const { user: other } = await makePatient();
    const tab = await connectAs(other!);

    expect(await subscribe(tab, patientChannel(patient.id))).toEqual({ subscribed: false, status: 403 });
    expect(await denials(other!.id, patient.id)).toBe(1);
  });

  it("gives a clinician subscribing to a session they are not part of 403 on every session channel, audited", async () => {
    const { session } = await care();
    const outsider = await makeClinician();
    const tab = await connectAs(outsider);

    for (const channel of [sessionChannel(session.id), sessionPresenceChannel(session.id), signalChannel(session.id)]) {
      expect(await subscribe(tab, channel)).toEqual({ subscribed: false, status: 403 });
    }
    expect(await denials(outsider.id, session.id)).toBe(3);
  });

  it("gives a signed-out tab 403 on a channel it could otherwise name", async () => {
    const { patient } = await care();
    const tab = await connectAs(null);
    expect(await subscribe(tab, patientChannel(patient.id))).toEqual({ subscribed: false, status: 403 });
  });

  it("refuses channel names with injected ':' or ',' (403 through pusher-js, audited)", async () => {
    const { patient, patientUser, session } = await care();
    const tab = await connectAs(patientUser);
    const forged = [
      `${patientChannel(patient.id)}:{"user_id":"${patientUser.id}"}`,
      `${sessionPresenceChannel(session.id)}:x`,
      `${patientChannel(patient.id)},private-clinician-${patientUser.id}`,
    ];
    for (const channel of forged) {
      // The client layer will not even try a name that is not a Bedside channel…
      expect(() => tab.acquire(channel as never)).toThrow(TypeError);
      // …and pusher-js itself, asked directly, is refused by the server.
      const outcome = await new Promise<Outcome>((resolve) => {
        const raw = tab.pusher.subscribe(channel);
        raw.bind("pusher:subscription_succeeded", () => resolve({ subscribed: true }));
        raw.bind("pusher:subscription_error", (e: { status?: number }) => resolve({ subscribed: false, status: e.status ?? null }));
      });
      expect(outcome).toEqual({ subscribed: false, status: 403 });
    }
    expect(
      await db.auditEvent.count({
        where: { actorId: patientUser.id, action: "realtime.subscribe", outcome: "DENIED", metadata: { path: ["reason"], equals: "malformed_channel" } },
      }),
    ).toBe(3);
  });

  it("refuses forged socket ids and malformed bodies posted straight to the endpoint (403, audited, never 500)", async () => {
    const { patient, patientUser } = await care();
    const token = `token-${patientUser.id}`;
    signedIn.set(token, sessionUserOf(patientUser));
    const post = (body: string, type = "application/x-www-form-urlencoded") =>
      fetch(authUrl, { method: "POST", headers: { "content-type": type, "x-test-user": token }, body });
    const channel = encodeURIComponent(patientChannel(patient.id));

    const genuine = await post(`socket_id=123.456&channel_name=${channel}`);
    expect(genuine.status).toBe(200);
    expect(await genuine.json()).toEqual({ auth: expect.stringMatching(new RegExp(`^${config.key}:[0-9a-f]{64}$`)) });

    const forgedSockets = ["123.456:private-clinician-x", "123.456,1.2", "123", "abc.def", "123.456%0A"];
    for (const socket of forgedSockets) {
      const res = await post(`socket_id=${encodeURIComponent(socket)}&channel_name=${channel}`);
      expect(res.status, socket).toBe(403);
      expect(await res.json()).toMatchObject({ reason: "channel_forbidden" });
    }
    for (const body of ["", "channel_name=x", "socket_id=1.2&socket_id=3.4&channel_name=x", "{not json"]) {
      expect((await post(body, body.startsWith("{") ? "application/json" : undefined)).status, body).toBe(403);
    }
    expect((await post(JSON.stringify({ socket_id: "123.456", channel_name: patientChannel(patient.id) }), "application/json")).status).toBe(200);
    expect((await post(`socket_id=1.2&channel_name=${"a".repeat(5000)}`)).status).toBe(403);

    const reasons = await db.auditEvent.findMany({
      where: { actorId: patientUser.id, action: "realtime.subscribe", outcome: "DENIED" },
      select: { metadata: true },
    });
    const counts = reasons.reduce<Record<string, number>>((acc, r) => {
      const reason = String((r.metadata as { reason?: string }).reason);
      acc[reason] = (acc[reason] ?? 0) + 1;
      return acc;
    }, {});
    expect(counts).toEqual({ malformed_socket_id: forgedSockets.length, malformed_request: 5 });
  });
});

describe("presence", () => {
  it("lists exactly the session's participants as the server signed them, and follows them leaving", async () => {
    const { clinician, patientUser, session } = await care();
    const guest = await makeUser("GUEST");
    await addParticipant({ sessionId: session.id, userId: guest.id, role: "GUEST", displayName: "Ana (interpreter)" });
    const outsider = await makeClinician();
    const presence = sessionPresenceChannel(session.id);

    const tabs = await Promise.all([clinician, patientUser, guest].map((u) => connectAs(u)));
    const snapshots = tabs.map(() => ({ current: null as PresenceSnapshot | null }));
    tabs.forEach((tab, i) => watchPresence(tab, presence, (s) => (snapshots[i]!.current = s)));
    const outsiderTab = await connectAs(outsider);
    expect(await subscribe(outsiderTab, presence)).toEqual({ subscribed: false, status: 403 });

    const everyone = [
      { id: clinician.id, name: "Amara Okafor", role: "CLINICIAN" },
      { id: patientUser.id, name: patientUser.name, role: "PATIENT" },
      { id: guest.id, name: "Ana (interpreter)", role: "GUEST" },
    ];
    const order = ["CLINICIAN", "PATIENT", "GUEST"];
    const sorted = (s: PresenceSnapshot | null) => [...(s?.members ?? [])].sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
    await waitFor(() => snapshots.every((s) => s.current?.members.length === 3), "three members everywhere");
    snapshots.forEach((s, i) => {
      expect(sorted(s.current)).toEqual(everyone);
      expect(s.current?.me).toEqual(everyone[i]);
    });

    tabs[2]!.disconnect();
    await waitFor(() => snapshots[0]!.current?.members.length === 2, "the guest to leave");
    expect(sorted(snapshots[0]!.current)).toEqual(everyone.slice(0, 2));
  });
});

describe("delivery", () => {
  it("delivers a chat message sent through the chat.send mutation to a participant's subscribed tab", async () => {
    const { clinician, patientUser, session } = await care();
    const tab = await connectAs(patientUser);
    const received: EventPayload<"chat.message">[] = [];
    watchEvent(tab, sessionChannel(session.id), "chat.message", (m) => received.push(m));
    await waitFor(() => isSubscribed(tab, sessionChannel(session.id)), "the session channel");

    const sent = await callerAs(clinician).chat.send({ sessionId: session.id, body: "Can you see my screen?" });

    await waitFor(() => received.length === 1, "the chat message");
    expect(received[0]).toEqual({
      id: sent.id,
      sessionId: session.id,
      senderId: clinician.id,
      senderName: "Amara Okafor",
      body: "Can you see my screen?",
      createdAt: sent.createdAt.toISOString(),
    });
  });

  it("applies a vitals stream in order, refetches when a sequence number is skipped, and ignores a repeat", async () => {
    const { patient, patientUser } = await care();
    const tab = await connectAs(patientUser);
    const applied: number[] = [];
    let refetches = 0;
    const watch = watchSequencedEvents(tab, {
      channel: patientChannel(patient.id),
      event: "vitals.observation",
      seqOf: (o) => o.seq,
      initialSeq: 0,
      onEvent: (o) => applied.push(o.seq),
      onGap: () => (refetches += 1),
    });
    await waitFor(() => isSubscribed(tab, patientChannel(patient.id)), "the patient channel");
    // The subscription itself re-reads: what was published before it took effect never arrives.
    await waitFor(() => refetches === 1, "a refetch once subscribed");

    // The app's publish path; seq 3 is "lost" (never published).
    for (const seq of [1, 2]) publishAfterCommit([observation(patient.id, seq)]);
    await waitFor(() => applied.length === 2, "seq 1 and 2");
    expect(refetches).toBe(1);

    publishAfterCommit([observation(patient.id, 4)]);
    await waitFor(() => refetches === 2, "a refetch after the skipped seq 3");
    publishAfterCommit([observation(patient.id, 4), observation(patient.id, 5)]);
    await waitFor(() => applied.length === 4, "seq 5");
    expect(applied).toEqual([1, 2, 4, 5]);
    expect(refetches).toBe(2);
    watch.stop();
  });

  it("refetches after a reconnect, showing reconnecting while the connection is down", async () => {
    const { patient, patientUser } = await care();
    const tab = await connectAs(patientUser);
    const states: ConnectionState[] = [];
    tab.subscribeState(() => states.push(tab.getState()));
    let refetches = 0;
    watchSequencedEvents(tab, {
      channel: patientChannel(patient.id),
      event: "vitals.observation",
      seqOf: (o) => o.seq,
      onGap: () => (refetches += 1),
    });
    await waitFor(() => isSubscribed(tab, patientChannel(patient.id)), "the patient channel");
    await waitFor(() => refetches === 1, "a refetch once subscribed");

    tab.pusher.disconnect();
    await waitFor(() => tab.getState() === "offline", "offline");
    expect(refetches).toBe(1);
    tab.pusher.connect();
    await waitFor(() => refetches === 2, "a refetch after resubscribing");
    expect(states).toEqual(["offline", "reconnecting", "connected"]);
  });

  it("shows offline at once when the browser says so, and live again as soon as the socket proves it still works", async () => {
    const { patient, patientUser } = await care();
    let announce: (online: boolean) => void = () => {};
    const network = { subscribe: (listener: (online: boolean) => void) => ((announce = listener), () => {}) };
    const options = pusherOptions({
      provider: "pusher-protocol",
      key: config.key,
      wsHost: "127.0.0.1",
      wsPort: config.port,
      forceTLS: false,
      authEndpoint: authUrl,
    });
    options.channelAuthorization = { endpoint: authUrl, transport: "ajax", headers: { "x-test-user": `token-${patientUser.id}` } };
    signedIn.set(`token-${patientUser.id}`, sessionUserOf(patientUser));
    const tab = new RealtimeClient(new PusherClient(config.key, options), { network });
    clients.push(tab);
    await waitFor(() => tab.getState() === "connected", "connected");
    expect(await subscribe(tab, patientChannel(patient.id))).toEqual({ subscribed: true });

    announce(false);
    expect(tab.getState()).toBe("offline");
    // Anything arriving on the socket (here an event; in a browser pusher-js's ping answer) proves it alive.
    publishAfterCommit([observation(patient.id, 1)]);
    await waitFor(() => tab.getState() === "connected", "the socket to prove itself");
  });

  it("carries client events between the participants on the signalling channel only", async () => {
    const { clinician, patientUser, session } = await care();
    const [clinicianTab, patientTab] = await Promise.all([connectAs(clinician), connectAs(patientUser)]);
    const offers: unknown[] = [];
    const patientSignal = openClientEvents(patientTab, signalChannel(session.id));
    patientSignal.bind("client-offer", (data) => offers.push(data));
    // A channel only reaches its current members, so the receiving tab subscribes first
    // (in a call, whoever subscribes later announces itself with a hello, and the other side answers).
    await waitFor(() => patientSignal.isReady(), "the patient's signalling subscription");
    const clinicianSignal = openClientEvents(clinicianTab, signalChannel(session.id));

    // The sender's own events are queued until its subscription succeeds, then delivered; never echoed.
    expect(clinicianSignal.isReady()).toBe(false);
    expect(clinicianSignal.trigger("client-offer", { sdp: "v=0", from: clinician.id })).toBe(true);
    const echoes: unknown[] = [];
    clinicianSignal.bind("client-offer", (data) => echoes.push(data));
    await waitFor(() => offers.length === 1, "the offer");
    expect(offers).toEqual([{ sdp: "v=0", from: clinician.id }]);
    expect(echoes).toEqual([]);

    expect(() => openClientEvents(patientTab, sessionChannel(session.id) as never)).toThrow(TypeError);
    expect(() => openClientEvents(patientTab, sessionPresenceChannel(session.id) as never)).toThrow(TypeError);
  });
});
