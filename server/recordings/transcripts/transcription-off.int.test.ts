// Without TRANSCRIPTION_URL nothing is queued, the job does nothing, and the admin is told
// transcription is off rather than shown a transcript "pending" forever.
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  // env.js reads process.env on first import; another file in this worker may have set it.
  delete process.env.TRANSCRIPTION_URL;
});

import { env } from "@/env";
import { db } from "@/server/db";
import { applyEgressState } from "@/server/recordings/apply-egress";
import { resetDatabase } from "@/tests/db/reset";
import { callerAs, makeAdmin, makeVideoSession } from "@/tests/helpers/factories";
import { run, transcribeDueRecordings } from "./transcribe-recordings";

beforeEach(() => resetDatabase(env.DATABASE_URL!));

describe("transcription not configured", () => {
  it("a completed recording gets no transcript row; the admin sees 'not configured' and Retry says what to set", async () => {
    const { session, patient } = await makeVideoSession();
    const at = new Date();
    const { recordingId } = await db.$transaction((tx) =>
      applyEgressState(tx, {
        sessionId: session.id,
        patientId: patient.id,
        egress: {
          egressId: "EG_off",
          roomName: session.roomName,
          status: "COMPLETE",
          startedAt: at,
          endedAt: at,
          error: null,
          file: { storageKey: "off/a.mp4", mimeType: "video/mp4", sizeBytes: 1n, durationSeconds: 1 },
        },
        at,
        actor: { system: "webhook", requestId: "r" },
      }),
    );
    expect(await db.recording.findUniqueOrThrow({ where: { id: recordingId } })).toMatchObject({ status: "COMPLETED" });
    expect(await db.transcript.count()).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "transcript.queue" } })).toBe(0);

    const admin = await makeAdmin();
    expect(await callerAs(admin).admin.transcript({ recordingId })).toMatchObject({ configured: false, transcript: null });
    await expect(callerAs(admin).admin.retryTranscript({ recordingId })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "Transcription is not configured. Set TRANSCRIPTION_URL (see README → Configuration), then retry.",
    });
    expect(await db.transcript.count()).toBe(0);
  });

  it("the job leaves queued transcripts alone (none is claimed or failed)", async () => {
    const { session } = await makeVideoSession();
    const rec = await db.recording.create({ data: { sessionId: session.id, status: "COMPLETED", storageKey: "off/b.mp4" } });
    await db.transcript.create({ data: { recordingId: rec.id } });
    expect(await transcribeDueRecordings()).toEqual({ claimed: 0, done: 0, retrying: 0, failed: 0 });
    expect(await run({ now: new Date() })).toEqual({ started: false });
    expect(await db.transcript.findUniqueOrThrow({ where: { recordingId: rec.id } })).toMatchObject({ status: "PENDING", attempts: 0 });
  });
});
