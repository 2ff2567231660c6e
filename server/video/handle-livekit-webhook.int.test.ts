// LiveKit webhooks through the real route handler and database, signed exactly as LiveKit
// signs them (raw JWT in Authorization, `sha256` claim = base64 SHA-256 of the body).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const creds = vi.hoisted(() => {
  const c = { apiKey: "APIwebhooktest", apiSecret: "webhook-test-secret-0123456789abcdefghij" };
  // The app is configured for LiveKit (env.js reads these on first import).
  process.env.LIVEKIT_URL = "http://127.0.0.1:9";
  process.env.LIVEKIT_API_KEY = c.apiKey;
  process.env.LIVEKIT_API_SECRET = c.apiSecret;
  return c;
});

vi.mock("@/server/realtime/publish", () => ({ publishAfterCommit: vi.fn() }));

import { POST } from "@/app/api/webhooks/livekit/route";
import { db } from "@/server/db";
import { publishAfterCommit } from "@/server/realtime/publish";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { makeVideoSession } from "@/tests/helpers/factories";
import { egressEvent, participantEvent, roomEvent, signWebhook } from "@/tests/helpers/livekit-webhooks";
import { holdRowLock } from "@/tests/helpers/row-lock";

const published = () => vi.mocked(publishAfterCommit).mock.calls.flatMap(([events]) => events as RealtimeEvent[]);

async function deliver(body: string, authorization?: string | null) {
  const headers = new Headers({ "content-type": "application/webhook+json" });
  const auth = authorization === undefined ? await signWebhook(body, creds) : authorization;
  if (auth) headers.set("authorization", auth);
  const res = await POST(new Request("http://localhost/api/webhooks/livekit", { method: "POST", body, headers }));
  return { status: res.status, json: (await res.json()) as { outcome?: string; error?: string } };
}

/** Every body `times` times, all at once, in a shuffled order. */
async function deliverConcurrently(bodies: string[], times: number) {
  const signed = await Promise.all(bodies.map(async (body) => ({ body, auth: await signWebhook(body, creds) })));
  const all = signed.flatMap((s) => Array.from({ length: times }, () => s));
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return Promise.all(all.map((s) => deliver(s.body, s.auth)));
}

const minutesAgo = (m: number) => new Date(Math.floor((Date.now() - m * 60_000) / 1000) * 1000);

beforeEach(() => vi.mocked(publishAfterCommit).mockClear());
afterEach(() => vi.restoreAllMocks());

describe("LiveKit webhook verification", () => {
  it("refuses a tampered body with 401 and writes nothing", async () => {
    const { session, patientUser } = await makeVideoSession();
    const body = participantEvent("participant_joined", { roomName: session.roomName, identity: patientUser.id, sid: "PA_tamper", joinedAt: minutesAgo(1) });
    const signature = await signWebhook(body, creds);
    const tampered = body.replace("PA_tamper", "PA_forged");

    const res = await deliver(tampered, signature);

    expect(res.status).toBe(401);
    expect(await db.webhookEvent.count({ where: { type: "participant_joined", eventId: JSON.parse(body).id } })).toBe(0);
    expect(await db.participantStint.count({ where: { participant: { sessionId: session.id } } })).toBe(0);
  });

  it("refuses a request without a signature, or signed with someone else's secret, with 401", async () => {
    const { session } = await makeVideoSession();
    const body = roomEvent("room_finished", { roomName: session.roomName, at: new Date() });
    expect((await deliver(body, null)).status).toBe(401);
    const foreign = await signWebhook(body, { apiKey: creds.apiKey, apiSecret: "not-our-livekit-secret-0123456789abcdef" });
    expect((await deliver(body, foreign)).status).toBe(401);
    expect((await db.telemedicineSession.findUniqueOrThrow({ where: { id: session.id } })).status).toBe("IN_PROGRESS");
  });
});

describe("participant_joined / participant_left", () => {
  it("turns five concurrent replays of a join and a leave, leave first, into one stint with the real times", async () => {
    const { session, visit, patientUser, participantOf } = await makeVideoSession();
    const joinedAt = minutesAgo(3);
    const leftAt = minutesAgo(1);
    const joined = participantEvent("participant_joined", { roomName: session.roomName, identity: patientUser.id, sid: "PA_once", joinedAt });
    const left = participantEvent("participant_left", { roomName: session.roomName, identity: patientUser.id, sid: "PA_once", joinedAt, at: leftAt });

    const results = await deliverConcurrently([left, joined], 5);

    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(results.filter((r) => r.json.outcome === "processed")).toHaveLength(2);
    expect(results.filter((r) => r.json.outcome === "duplicate")).toHaveLength(8);
    const stints = await db.participantStint.findMany({ where: { participantId: participantOf(patientUser.id).id } });
    expect(stints).toEqual([expect.objectContaining({ connectionId: "PA_once", joinedAt, leftAt, connectedAt: joinedAt })]);
    const participant = await db.sessionParticipant.findUniqueOrThrow({ where: { id: participantOf(patientUser.id).id } });
    expect(participant.firstJoinedAt).toEqual(joinedAt);
    expect(participant.lastLeftAt).toEqual(leftAt);
    for (const action of ["session.participant_joined", "session.participant_left"]) {
      expect(await db.auditEvent.count({ where: { action, entityId: participant.id, patientId: visit.patientId } }), action).toBe(1);
    }
  });

  it("keeps a drop and a rejoin as two stints, the second still open", async () => {
    const { session, patientUser, participantOf } = await makeVideoSession();
    const roomName = session.roomName;
    const identity = patientUser.id;
    // Each time computed once: LiveKit reports whole seconds, and two calls may straddle one.
    const [t10, t8, t7] = [minutesAgo(10), minutesAgo(8), minutesAgo(7)];
    for (const body of [
      participantEvent("participant_joined", { roomName, identity, sid: "PA_first", joinedAt: t10 }),
      participantEvent("participant_left", { roomName, identity, sid: "PA_first", joinedAt: t10, at: t8 }),
      participantEvent("participant_joined", { roomName, identity, sid: "PA_second", joinedAt: t7 }),
    ]) {
      expect((await deliver(body)).json.outcome).toBe("processed");
    }
    const stints = await db.participantStint.findMany({ where: { participantId: participantOf(identity).id }, orderBy: { joinedAt: "asc" } });
    expect(stints.map((s) => [s.connectionId, s.leftAt === null])).toEqual([
      ["PA_first", false],
      ["PA_second", true],
    ]);
    expect((await db.sessionParticipant.findUniqueOrThrow({ where: { id: participantOf(identity).id } })).firstJoinedAt).toEqual(t10);
  });

  it("reports a connection made with the app's join token under that join: one stint, now connected", async () => {
    const { session, patientUser, participantOf } = await makeVideoSession();
    const joinId = "7d5e0c1a-2b3f-4a6d-8e9f-0a1b2c3d4e5f";
    const joinedAt = minutesAgo(3);
    // What sessions.join wrote when it issued the token.
    await db.participantStint.create({ data: { participantId: participantOf(patientUser.id).id, joinedAt, connectionId: `app:${joinId}` } });
    const body = participantEvent("participant_joined", {
      roomName: session.roomName,
      identity: patientUser.id,
      sid: "PA_app",
      joinedAt,
      attributes: { role: "PATIENT", "bedside.join": joinId },
    });
    expect((await deliver(body)).json.outcome).toBe("processed");
    const stints = await db.participantStint.findMany({ where: { participantId: participantOf(patientUser.id).id } });
    expect(stints).toHaveLength(1);
    expect(stints[0]).toMatchObject({ connectionId: `app:${joinId}`, connectedAt: joinedAt, leftAt: null });
  });

  it("keeps a join open when LiveKit reconnects it as a new participant (left, then joined again with the same join token)", async () => {
    // The real server, after a network drop it cannot resume, replaces the participant: a
    // participant_left for the old sid, then participant_joined for a new sid, both carrying
    // the app's join id. The person never left the call; the stint must stay open.
    const { session, patientUser, participantOf } = await makeVideoSession();
    const joinId = "0f6a3c2e-5b4d-4e7f-9a8b-1c2d3e4f5a6b";
    const attributes = { role: "PATIENT", "bedside.join": joinId };
    const [t5, t3, t2] = [minutesAgo(5), minutesAgo(3), minutesAgo(2)];
    await db.participantStint.create({ data: { participantId: participantOf(patientUser.id).id, joinedAt: t5, connectionId: `app:${joinId}` } });
    const roomName = session.roomName;
    const identity = patientUser.id;
    for (const body of [
      participantEvent("participant_joined", { roomName, identity, sid: "PA_before_drop", joinedAt: t5, attributes }),
      participantEvent("participant_left", { roomName, identity, sid: "PA_before_drop", joinedAt: t5, at: t3, attributes }),
      participantEvent("participant_joined", { roomName, identity, sid: "PA_after_drop", joinedAt: t2, attributes }),
    ]) {
      expect((await deliver(body)).json.outcome).toBe("processed");
    }
    const stints = await db.participantStint.findMany({ where: { participantId: participantOf(identity).id } });
    expect(stints).toHaveLength(1);
    expect(stints[0]).toMatchObject({ connectionId: `app:${joinId}`, joinedAt: t5, connectedAt: t5, leftAt: null });
  });

  it("puts a waiting (hidden) connection on no record: no stint, no join, even when it leaves unadmitted", async () => {
    const { session, patientUser, participantOf } = await makeVideoSession();
    const roomName = session.roomName;
    const identity = patientUser.id;
    const [t4, t2] = [minutesAgo(4), minutesAgo(2)];
    for (const body of [
      participantEvent("participant_joined", {
        roomName,
        identity,
        sid: "PA_waiting",
        joinedAt: t4,
        attributes: { role: "PATIENT", "bedside.waiting": "1" },
        hidden: true,
      }),
      participantEvent("participant_left", {
        roomName,
        identity,
        sid: "PA_waiting",
        joinedAt: t4,
        at: t2,
        attributes: { role: "PATIENT", "bedside.waiting": "1" },
        hidden: true,
      }),
    ]) {
      expect((await deliver(body)).status).toBe(200);
    }
    expect(await db.participantStint.count({ where: { participantId: participantOf(identity).id } })).toBe(0);
    const participant = await db.sessionParticipant.findUniqueOrThrow({ where: { id: participantOf(identity).id } });
    expect(participant.firstJoinedAt).toBeNull();
    expect(participant.lastLeftAt).toBeNull();
    expect(await db.auditEvent.count({ where: { entityId: participant.id, action: { startsWith: "session.participant_" } } })).toBe(0);
  });

  it("closes the stint admission opened when a connection admitted in place leaves", async () => {
    // Admitted in place: LiveKit reports the connection (made while waiting) under the join id
    // the app set on admission, no longer hidden.
    const { session, patientUser, participantOf } = await makeVideoSession();
    const joinId = "3c1b2a4d-6e5f-4a7b-8c9d-0e1f2a3b4c5d";
    const [t5, t1] = [minutesAgo(5), minutesAgo(1)];
    await db.participantStint.create({ data: { participantId: participantOf(patientUser.id).id, joinedAt: t5, connectionId: `app:${joinId}` } });
    const left = participantEvent("participant_left", {
      roomName: session.roomName,
      identity: patientUser.id,
      sid: "PA_admitted_in_place",
      joinedAt: minutesAgo(8),
      at: t1,
      attributes: { role: "PATIENT", "bedside.join": joinId },
    });
    expect((await deliver(left)).json.outcome).toBe("processed");
    const stints = await db.participantStint.findMany({ where: { participantId: participantOf(patientUser.id).id } });
    expect(stints).toEqual([expect.objectContaining({ connectionId: `app:${joinId}`, leftAt: t1 })]);
  });

  it("records an aborted connection as a join that never connected", async () => {
    const { session, patientUser, participantOf } = await makeVideoSession();
    const body = participantEvent("participant_connection_aborted", {
      roomName: session.roomName,
      identity: patientUser.id,
      sid: "PA_aborted",
      joinedAt: minutesAgo(2),
    });
    await deliver(body);
    const [stint] = await db.participantStint.findMany({ where: { participantId: participantOf(patientUser.id).id } });
    expect(stint).toMatchObject({ connectionId: "PA_aborted", connectedAt: null });
    expect(stint?.leftAt).not.toBeNull();
    expect((await db.sessionParticipant.findUniqueOrThrow({ where: { id: participantOf(patientUser.id).id } })).firstJoinedAt).toBeNull();
  });

  it("acknowledges events for rooms and people Bedside does not know, without effect", async () => {
    const { session } = await makeVideoSession();
    const stranger = participantEvent("participant_joined", {
      roomName: session.roomName,
      identity: "not-a-participant",
      sid: "PA_x",
      joinedAt: minutesAgo(1),
    });
    const elsewhere = roomEvent("room_finished", { roomName: "room-not-ours", at: new Date() });
    expect((await deliver(stranger)).json).toEqual({ ok: true, outcome: "ignored" });
    expect((await deliver(elsewhere)).json).toEqual({ ok: true, outcome: "ignored" });
    expect(await db.participantStint.count({ where: { participant: { sessionId: session.id } } })).toBe(0);
  });
});

describe("room_finished", () => {
  it("ends a running session once, however many times it arrives", async () => {
    // Both instants from one clock reading: on a slow database, creating the session takes
    // seconds, and two readings would put more than 19 minutes between them.
    const startedAt = minutesAgo(20);
    const endedAt = new Date(startedAt.getTime() + 19 * 60_000);
    const { session, visit } = await makeVideoSession({ startedAt });
    const body = roomEvent("room_finished", { roomName: session.roomName, at: endedAt });

    const results = await deliverConcurrently([body], 5);

    expect(results.map((r) => r.json.outcome).sort()).toEqual(["duplicate", "duplicate", "duplicate", "duplicate", "processed"]);
    const ended = await db.telemedicineSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(ended).toMatchObject({ status: "COMPLETED", endedAt, durationSeconds: 19 * 60, seq: session.seq + 1 });
    expect(await db.auditEvent.count({ where: { action: "session.complete", entityId: session.id, patientId: visit.patientId } })).toBe(1);
    expect(published().filter((e) => e.name === "session.status")).toEqual([
      expect.objectContaining({ data: { sessionId: session.id, status: "COMPLETED", seq: session.seq + 1 } }),
    ]);
  });

  it("answers every event of a burst 200 when the burst waited over 2 s for the database", async () => {
    // More concurrent events than pooled connections, held up behind a lock on the session (on
    // the embedded database every transaction waits for the one before it the same way).
    const { session, patientUser } = await makeVideoSession({ startedAt: minutesAgo(20) });
    const finished = roomEvent("room_finished", { roomName: session.roomName, at: minutesAgo(0) });
    const joined = participantEvent("participant_joined", { roomName: session.roomName, identity: patientUser.id, sid: "PA_burst", joinedAt: minutesAgo(3) });
    const left = participantEvent("participant_left", {
      roomName: session.roomName,
      identity: patientUser.id,
      sid: "PA_burst",
      joinedAt: minutesAgo(3),
      at: minutesAgo(1),
    });
    const lock = await holdRowLock("TelemedicineSession", session.id);
    let results: Awaited<ReturnType<typeof deliverConcurrently>>;
    try {
      const burst = deliverConcurrently([finished, finished, joined, left], 3);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await lock.commit();
      results = await burst;
    } finally {
      await lock.release();
    }
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(results.filter((r) => r.json.outcome === "processed")).toHaveLength(3);
    expect((await db.telemedicineSession.findUniqueOrThrow({ where: { id: session.id } })).status).toBe("COMPLETED");
  });

  it("leaves a session the clinician already completed as it was", async () => {
    const { session } = await makeVideoSession({ status: "COMPLETED" });
    const res = await deliver(roomEvent("room_finished", { roomName: session.roomName, at: new Date() }));
    expect(res.status).toBe(200);
    expect(await db.auditEvent.count({ where: { action: "session.complete", entityId: session.id } })).toBe(0);
  });
});

describe("egress_started / egress_ended", () => {
  it("completes the session's recording once from a replayed egress_ended, and a late egress_started does not reopen it", async () => {
    const { session } = await makeVideoSession();
    const recording = await db.recording.create({ data: { sessionId: session.id, egressId: "EG_replayed", activeKey: session.id, status: "ACTIVE" } });
    const at = minutesAgo(1);
    const ended = egressEvent("egress_ended", {
      roomName: session.roomName,
      egressId: "EG_replayed",
      status: "EGRESS_COMPLETE",
      at,
      file: { filename: `/data/recordings/${session.id}/2026-11-21T090000.mp4`, size: 7_340_032, durationSeconds: 754 },
    });
    const started = egressEvent("egress_started", { roomName: session.roomName, egressId: "EG_replayed", status: "EGRESS_ACTIVE", at: minutesAgo(14) });

    await deliverConcurrently([ended], 5);
    expect((await deliver(started)).status).toBe(200);

    const recordings = await db.recording.findMany({ where: { sessionId: session.id } });
    expect(recordings).toHaveLength(1);
    expect(recordings[0]).toMatchObject({
      id: recording.id,
      status: "COMPLETED",
      activeKey: null,
      endedAt: at,
      storageKey: `/data/recordings/${session.id}/2026-11-21T090000.mp4`,
      mimeType: "video/mp4",
      sizeBytes: 7_340_032n,
      durationSeconds: 754,
    });
    expect(recordings[0]!.deleteAfter!.getTime()).toBeGreaterThan(at.getTime());
    expect(await db.auditEvent.count({ where: { action: "recording.complete", entityId: recording.id } })).toBe(1);
    expect(published().filter((e) => e.name === "session.recording")).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ recordingId: recording.id, active: false }) }),
    ]);
  });

  it("attaches egress_started to the recording the start call claimed before it stored the egress id", async () => {
    const { session } = await makeVideoSession();
    const claim = await db.recording.create({ data: { sessionId: session.id, activeKey: session.id, status: "STARTING" } });
    await deliver(egressEvent("egress_started", { roomName: session.roomName, egressId: "EG_early", status: "EGRESS_ACTIVE", at: minutesAgo(1) }));
    expect(await db.recording.findMany({ where: { sessionId: session.id } })).toEqual([
      expect.objectContaining({ id: claim.id, egressId: "EG_early", status: "ACTIVE", activeKey: session.id }),
    ]);
  });

  it("tracks an egress started outside Bedside as one recording without taking the session's active slot", async () => {
    const { session } = await makeVideoSession();
    const failed = egressEvent("egress_ended", {
      roomName: session.roomName,
      egressId: "EG_outside",
      status: "EGRESS_FAILED",
      at: minutesAgo(1),
      error: "no tracks",
    });
    await deliverConcurrently([failed], 5);
    expect(await db.recording.findMany({ where: { sessionId: session.id } })).toEqual([
      expect.objectContaining({ egressId: "EG_outside", status: "FAILED", activeKey: null, error: "no tracks" }),
    ]);
  });
});
