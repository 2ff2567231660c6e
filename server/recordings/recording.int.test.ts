// Starting and stopping recordings through the tRPC procedures, with the app configured
// for LiveKit and LiveKit's API played by a local HTTP endpoint standing in for LiveKit's
// Twirp API (the real livekit-server-sdk calls it).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const lk = vi.hoisted(() => {
  const c = {
    apiKey: "APIrecordingtest",
    apiSecret: "recording-test-secret-0123456789abcdefghij",
    // A port for the stand-in, fixed before env.js reads LIVEKIT_URL.
    port: 20_000 + Math.floor(Math.random() * 20_000),
  };
  process.env.LIVEKIT_URL = `http://127.0.0.1:${c.port}`;
  process.env.LIVEKIT_API_KEY = c.apiKey;
  process.env.LIVEKIT_API_SECRET = c.apiSecret;
  process.env.LIVEKIT_EGRESS_RECORDINGS_DIR = "/data/recordings";
  return c;
});

vi.mock("@/server/realtime/publish", () => ({ publishAfterCommit: vi.fn() }));

import { db } from "@/server/db";
import { createP2PProvider } from "@/server/integrations/video/p2p";
import { publishAfterCommit } from "@/server/realtime/publish";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { callerAs, makeClinician, makeVideoSession } from "@/tests/helpers/factories";
import { startLiveKitApiStandIn, TwirpFailure, type LiveKitApiStandIn } from "@/tests/helpers/livekit-api-stand-in";
import { startRecording } from "./start-recording";

let standIn: LiveKitApiStandIn;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const published = () => vi.mocked(publishAfterCommit).mock.calls.flatMap(([events]) => events as RealtimeEvent[]);
const egressCallsFor = (roomName: string) => standIn.callsTo("Egress/StartEgress").filter((c) => c.body.roomName === roomName);

beforeAll(async () => {
  standIn = await startLiveKitApiStandIn({ apiKey: lk.apiKey, apiSecret: lk.apiSecret, port: lk.port });
});
afterAll(() => standIn?.close());
beforeEach(() => {
  vi.mocked(publishAfterCommit).mockClear();
  let n = 0;
  // LiveKit takes a moment to accept an egress, so concurrent callers really overlap.
  standIn.on("Egress/StartEgress", async (body) => {
    await sleep(150);
    return { egressId: `EG_rec${Date.now().toString(36)}${++n}`, roomName: body.roomName, status: "EGRESS_STARTING" };
  });
});

describe("recordings.start", () => {
  it("starts exactly one egress when the clinician presses record ten times at once", async () => {
    const { clinician, session, patientUser } = await makeVideoSession();
    const caller = callerAs(clinician);

    const results = await Promise.all(Array.from({ length: 10 }, () => caller.recordings.start({ sessionId: session.id })));

    expect(results.filter((r) => r.started)).toHaveLength(1);
    expect(new Set(results.map((r) => r.recordingId)).size).toBe(1);
    const calls = egressCallsFor(session.roomName);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toMatchObject({
      media: { participantVideo: { identity: patientUser.id }, audio: { captureAll: true } },
      outputs: [{ file: { filepath: `/data/recordings/${session.id}/{time}.mp4` } }],
    });
    const recordings = await db.recording.findMany({ where: { sessionId: session.id } });
    expect(recordings).toEqual([expect.objectContaining({ activeKey: session.id, status: "STARTING", egressId: expect.stringMatching(/^EG_rec/) })]);
    expect(await db.auditEvent.count({ where: { action: "recording.start", entityId: recordings[0]!.id, outcome: "SUCCESS" } })).toBe(1);
    expect(published()).toEqual([
      expect.objectContaining({ name: "session.recording", data: expect.objectContaining({ sessionId: session.id, active: true }) }),
    ]);
  });

  it("refuses while anyone in the session has not consented, and starts nothing", async () => {
    const { clinician, session } = await makeVideoSession({ consent: false });
    await expect(callerAs(clinician).recordings.start({ sessionId: session.id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      cause: expect.objectContaining({ reason: "recording_consent_missing", details: { missing: 2 } }),
    });
    expect(egressCallsFor(session.roomName)).toHaveLength(0);
    expect(await db.recording.count({ where: { sessionId: session.id } })).toBe(0);
  });

  it("refuses when recording is not enabled for the session", async () => {
    const { clinician, session } = await makeVideoSession({ recordingEnabled: false });
    await expect(callerAs(clinician).recordings.start({ sessionId: session.id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      cause: expect.objectContaining({ reason: "recording_not_enabled" }),
    });
  });

  it("refuses a session that is not running", async () => {
    const { clinician, session } = await makeVideoSession({ status: "SCHEDULED" });
    await expect(callerAs(clinician).recordings.start({ sessionId: session.id })).rejects.toMatchObject({
      cause: expect.objectContaining({ reason: "session_not_running" }),
    });
  });

  it("answers another clinician exactly like a missing session, and audits the refusal", async () => {
    const { session } = await makeVideoSession();
    const outsider = await makeClinician();
    const missing = await callerAs(outsider)
      .recordings.start({ sessionId: "cnosuchsession000000000000" })
      .catch((e: unknown) => e);
    const foreign = await callerAs(outsider)
      .recordings.start({ sessionId: session.id })
      .catch((e: unknown) => e);
    expect(foreign).toMatchObject({ code: "NOT_FOUND", message: (missing as Error).message });
    expect(await db.auditEvent.count({ where: { actorId: outsider.id, action: "recording.start", outcome: "DENIED", entityId: session.id } })).toBe(1);
    expect(egressCallsFor(session.roomName)).toHaveLength(0);
  });

  it("does not let the patient start or stop a recording", async () => {
    const { patientUser, session } = await makeVideoSession();
    await expect(callerAs(patientUser).recordings.start({ sessionId: session.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(patientUser).recordings.stop({ sessionId: session.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("releases the session's recording slot when LiveKit refuses the egress, so a retry can start one", async () => {
    const { clinician, session } = await makeVideoSession();
    standIn.on("Egress/StartEgress", () => new TwirpFailure(503, "unavailable", "no egress workers"));
    await expect(callerAs(clinician).recordings.start({ sessionId: session.id })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: expect.stringContaining("try again"),
    });
    expect(await db.recording.findMany({ where: { sessionId: session.id } })).toEqual([expect.objectContaining({ status: "FAILED", activeKey: null })]);

    standIn.on("Egress/StartEgress", (body) => ({ egressId: "EG_retry", roomName: body.roomName, status: "EGRESS_ACTIVE" }));
    await expect(callerAs(clinician).recordings.start({ sessionId: session.id })).resolves.toMatchObject({ started: true, status: "ACTIVE" });
  });

  it("explains that peer-to-peer calls cannot be recorded", async () => {
    const { clinician, session } = await makeVideoSession({ provider: "P2P" });
    const actor = { userId: clinician.id, role: "CLINICIAN" as const, requestId: "req-p2p" };
    await expect(startRecording({ actor, sessionId: session.id, video: createP2PProvider({ iceServers: [] }) })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      reason: "recording_unsupported",
    });
    expect(await db.recording.count({ where: { sessionId: session.id } })).toBe(0);
  });
});

describe("recordings.stop", () => {
  it("stops the egress and frees the slot, so the next start is a new recording", async () => {
    const { clinician, session } = await makeVideoSession();
    const caller = callerAs(clinician);
    const first = await caller.recordings.start({ sessionId: session.id });
    const { egressId } = await db.recording.findUniqueOrThrow({ where: { id: first.recordingId } });

    await expect(caller.recordings.stop({ sessionId: session.id })).resolves.toMatchObject({ recordingId: first.recordingId });

    expect(standIn.callsTo("Egress/StopEgress").map((c) => c.body.egressId)).toContain(egressId);
    expect(await db.recording.findUniqueOrThrow({ where: { id: first.recordingId } })).toMatchObject({ activeKey: null });
    expect(
      published()
        .filter((e) => e.name === "session.recording")
        .map((e) => (e.data as { active: boolean }).active),
    ).toEqual([true, false]);
    await expect(caller.recordings.stop({ sessionId: session.id })).resolves.toEqual({ recordingId: null, status: null });

    const second = await caller.recordings.start({ sessionId: session.id });
    expect(second.started).toBe(true);
    expect(second.recordingId).not.toBe(first.recordingId);
    expect(egressCallsFor(session.roomName)).toHaveLength(2);
  });

  it("frees the slot when the egress had already ended on LiveKit's side", async () => {
    const { clinician, session } = await makeVideoSession();
    const caller = callerAs(clinician);
    const started = await caller.recordings.start({ sessionId: session.id });
    standIn.on("Egress/StopEgress", () => new TwirpFailure(412, "failed_precondition", "egress already ended"));
    standIn.on("Egress/ListEgress", (body) => ({ items: [{ egressId: body.egressId, roomName: session.roomName, status: "EGRESS_ABORTED" }] }));

    await caller.recordings.stop({ sessionId: session.id });

    expect(await db.recording.findUniqueOrThrow({ where: { id: started.recordingId } })).toMatchObject({ activeKey: null });
  });
});
