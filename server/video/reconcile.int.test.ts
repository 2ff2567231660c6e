// The reconciler repairs what lost LiveKit webhooks would have written, from what LiveKit's
// API reports (played by a local HTTP endpoint standing in for LiveKit's Twirp API).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@/server/realtime/publish", () => ({ publishAfterCommit: vi.fn() }));

import { db } from "@/server/db";
import { createLiveKitProvider } from "@/server/integrations/video/livekit";
import { createP2PProvider } from "@/server/integrations/video/p2p";
import type { VideoProvider } from "@/server/integrations/video";
import { makeVideoSession } from "@/tests/helpers/factories";
import { startLiveKitApiStandIn, type LiveKitApiStandIn } from "@/tests/helpers/livekit-api-stand-in";
import { run } from "./reconcile";

const creds = { apiKey: "APIreconciletest", apiSecret: "reconcile-test-secret-0123456789abcdefghij" };
let standIn: LiveKitApiStandIn;
let video: VideoProvider;
const now = new Date();
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

/** What LiveKit reports: rooms by name, with the people in each. */
function liveKitReports(rooms: Record<string, { sid: string; identity: string; joinedAt: Date }[]>, egresses: unknown[] = []) {
  standIn.on("RoomService/ListRooms", () => ({ rooms: Object.keys(rooms).map((name) => ({ name })) }));
  standIn.on("RoomService/ListParticipants", (body) => ({
    participants: (rooms[body.room as string] ?? []).map((p) => ({ sid: p.sid, identity: p.identity, joinedAtMs: String(p.joinedAt.getTime()) })),
  }));
  standIn.on("Egress/ListEgress", (body) => ({ items: egresses.filter((e) => (e as { egressId: string }).egressId === body.egressId) }));
}

beforeAll(async () => {
  standIn = await startLiveKitApiStandIn(creds);
  video = createLiveKitProvider({
    apiUrl: standIn.url,
    publicUrl: "wss://video.example",
    ...creds,
    tokenTtlSeconds: 600,
    emptyTimeoutSeconds: 900,
    departureTimeoutSeconds: 300,
    recordings: { kind: "local", dir: "/data/recordings" },
  });
});
afterAll(() => standIn?.close());
beforeEach(async () => {
  // Each test sees only its own sessions as running.
  await db.telemedicineSession.updateMany({ where: { status: "IN_PROGRESS" }, data: { status: "CANCELLED" } });
  await db.recording.updateMany({ where: { status: { in: ["STARTING", "ACTIVE"] } }, data: { status: "FAILED", activeKey: null } });
});

describe("video reconciler", () => {
  it("ends a running session whose room LiveKit no longer has, but not one that only just started", async () => {
    const { session: gone, visit } = await makeVideoSession({ startedAt: minutesAgo(30) });
    const { session: fresh } = await makeVideoSession({ startedAt: minutesAgo(0.5) });
    liveKitReports({});

    const summary = await run({ now, video });

    expect(summary.sessionsCompleted).toBe(1);
    expect(await db.telemedicineSession.findUniqueOrThrow({ where: { id: gone.id } })).toMatchObject({ status: "COMPLETED", endedAt: now });
    expect((await db.telemedicineSession.findUniqueOrThrow({ where: { id: fresh.id } })).status).toBe("IN_PROGRESS");
    expect(await db.auditEvent.findFirst({ where: { action: "session.complete", entityId: gone.id } })).toMatchObject({
      patientId: visit.patientId,
      metadata: { system: "scheduler", reason: "room_gone" },
    });
  });

  it("a run limited to some sessions leaves every other running session alone", async () => {
    const { session: mine } = await makeVideoSession({ startedAt: minutesAgo(30) });
    const { session: other } = await makeVideoSession({ startedAt: minutesAgo(30) });
    liveKitReports({});

    const summary = await run({ now, video, sessionIds: [mine.id] });

    expect(summary.sessionsCompleted).toBe(1);
    expect((await db.telemedicineSession.findUniqueOrThrow({ where: { id: mine.id } })).status).toBe("COMPLETED");
    expect((await db.telemedicineSession.findUniqueOrThrow({ where: { id: other.id } })).status).toBe("IN_PROGRESS");
  });

  it("closes the stint of someone who left unseen and opens one for someone who joined unseen, once", async () => {
    const { session, clinician, patientUser, participantOf } = await makeVideoSession({ startedAt: minutesAgo(30) });
    await db.participantStint.create({
      data: { participantId: participantOf(clinician.id).id, connectionId: "PA_clin", joinedAt: minutesAgo(20), connectedAt: minutesAgo(20) },
    });
    liveKitReports({ [session.roomName]: [{ sid: "PA_pat", identity: patientUser.id, joinedAt: minutesAgo(4) }] });

    const first = await run({ now, video });
    const second = await run({ now, video });

    expect(first).toMatchObject({ stintsClosed: 1, stintsOpened: 1 });
    expect(second).toMatchObject({ stintsClosed: 0, stintsOpened: 0, sessionsCompleted: 0 });
    const stints = await db.participantStint.findMany({ where: { participant: { sessionId: session.id } }, include: { participant: true } });
    expect(stints.map((s) => ({ who: s.participant.userId, connectionId: s.connectionId, open: s.leftAt === null }))).toEqual(
      expect.arrayContaining([
        { who: clinician.id, connectionId: "PA_clin", open: false },
        { who: patientUser.id, connectionId: "PA_pat", open: true },
      ]),
    );
    expect((await db.sessionParticipant.findUniqueOrThrow({ where: { id: participantOf(clinician.id).id } })).lastLeftAt).toEqual(now);
    expect((await db.sessionParticipant.findUniqueOrThrow({ where: { id: participantOf(patientUser.id).id } })).firstJoinedAt).toEqual(minutesAgo(4));
  });

  it("completes a recording whose egress_ended was lost and releases a start that never reached LiveKit", async () => {
    const { session } = await makeVideoSession({ startedAt: minutesAgo(30) });
    const { session: other } = await makeVideoSession({ startedAt: minutesAgo(30) });
    const lost = await db.recording.create({
      data: { sessionId: session.id, egressId: "EG_lost", activeKey: session.id, status: "ACTIVE", createdAt: minutesAgo(15) },
    });
    const stuck = await db.recording.create({ data: { sessionId: other.id, activeKey: other.id, status: "STARTING", createdAt: minutesAgo(10) } });
    liveKitReports({ [session.roomName]: [], [other.roomName]: [] }, [
      {
        egressId: "EG_lost",
        roomName: session.roomName,
        status: "EGRESS_COMPLETE",
        endedAt: String(BigInt(minutesAgo(3).getTime()) * 1_000_000n),
        fileResults: [{ filename: `/data/recordings/${session.id}/a.mp4`, size: "2048", duration: "600000000000" }],
      },
    ]);

    const summary = await run({ now, video });

    expect(summary.recordingsRepaired).toBe(2);
    expect(await db.recording.findUniqueOrThrow({ where: { id: lost.id } })).toMatchObject({
      status: "COMPLETED",
      activeKey: null,
      storageKey: `/data/recordings/${session.id}/a.mp4`,
      durationSeconds: 600,
      endedAt: minutesAgo(3),
    });
    expect(await db.recording.findUniqueOrThrow({ where: { id: stuck.id } })).toMatchObject({ status: "FAILED", activeKey: null, error: "start_interrupted" });
  });

  it("has nothing to reconcile for peer-to-peer calls", async () => {
    const { session } = await makeVideoSession({ provider: "P2P", startedAt: minutesAgo(30) });
    const summary = await run({ now, video: createP2PProvider({ iceServers: [] }) });
    expect(summary).toEqual({ sessionsCompleted: 0, stintsOpened: 0, stintsClosed: 0, recordingsRepaired: 0 });
    expect((await db.telemedicineSession.findUniqueOrThrow({ where: { id: session.id } })).status).toBe("IN_PROGRESS");
  });
});
