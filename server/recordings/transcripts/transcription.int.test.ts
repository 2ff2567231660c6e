// Transcription end to end: recordings completed through the video domain, the
// `recordings.transcribe` job streaming the file from local storage to a loopback stand-in
// for an OpenAI-compatible speech-to-text API, and the admin procedures.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const stt = await vi.hoisted(async () => {
  const { createServer } = await import("node:net");
  const port = await new Promise<number>((ok, ko) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const a = probe.address();
      probe.close(() => (typeof a === "object" && a ? ok(a.port) : ko(new Error("no port"))));
    });
  });
  // env.js reads these on first import: the app transcribes through this file's stand-in.
  Object.assign(process.env, {
    TRANSCRIPTION_URL: `http://127.0.0.1:${port}/v1`,
    TRANSCRIPTION_API_KEY: "sk-int-test",
    TRANSCRIPTION_MODEL: "whisper-int",
    TRANSCRIPTION_MAX_ATTEMPTS: "3",
    TRANSCRIPTION_RETRY_BASE_SECONDS: "60",
  });
  return { port };
});

import { env } from "@/env";
import { run as deleteExpiredRecordings } from "@/server/recordings/delete-expired-recordings";
import { db } from "@/server/db";
import { applyEgressState } from "@/server/recordings/apply-egress";
import { resetDatabase } from "@/tests/db/reset";
import { callerAs, makeAdmin, makeVideoSession } from "@/tests/helpers/factories";
import { SAMPLE_TRANSCRIPT, SpeechToTextStandIn } from "@/tests/helpers/speech-to-text-stand-in";
import { transcribeDueRecordings } from "./transcribe-recordings";

const standIn = new SpeechToTextStandIn();
const dir = `transcribe-int-${process.pid}`;
const fixture = randomBytes(64 * 1024 + 17);

beforeAll(async () => {
  await standIn.start(stt.port);
  await mkdir(join(resolve(env.RECORDINGS_DIR), dir), { recursive: true });
});
afterAll(async () => {
  await standIn.stop();
  await rm(join(resolve(env.RECORDINGS_DIR), dir), { recursive: true, force: true });
  for (const k of ["TRANSCRIPTION_URL", "TRANSCRIPTION_API_KEY", "TRANSCRIPTION_MODEL", "TRANSCRIPTION_MAX_ATTEMPTS", "TRANSCRIPTION_RETRY_BASE_SECONDS"])
    delete process.env[k];
});
beforeEach(() => resetDatabase(env.DATABASE_URL!));
afterEach(() => {
  standIn.requests.length = 0;
  standIn.next = () => "ok";
  standIn.delayMs = 0;
});

/** A COMPLETED recording whose file is on the local recordings volume, with a PENDING transcript. */
async function completedRecording(opts: { file?: Buffer | null; transcript?: boolean; deleteAfter?: Date } = {}) {
  const v = await makeVideoSession();
  const key = `${dir}/${v.session.id}.mp4`;
  if (opts.file !== null) await writeFile(join(resolve(env.RECORDINGS_DIR), key), opts.file ?? fixture);
  const recording = await db.recording.create({
    data: {
      sessionId: v.session.id,
      status: "COMPLETED",
      storageKey: key,
      mimeType: "video/mp4",
      sizeBytes: fixture.length,
      endedAt: new Date(),
      deleteAfter: opts.deleteAfter ?? new Date(Date.now() + 86_400_000),
    },
  });
  const transcript = opts.transcript === false ? null : await db.transcript.create({ data: { recordingId: recording.id, status: "PENDING" } });
  return { ...v, recording, transcript };
}

const transcriptOf = (recordingId: string) => db.transcript.findUniqueOrThrow({ where: { recordingId } });
const audits = (action: string) => db.auditEvent.findMany({ where: { action }, orderBy: { id: "asc" } });

describe("queueing", () => {
  it("a recording reaching COMPLETED queues one PENDING transcript in the same transaction, audited; a replay queues nothing new", async () => {
    const { session, patient } = await makeVideoSession();
    await db.recording.create({ data: { sessionId: session.id, egressId: "EG_tx", activeKey: session.id, status: "ACTIVE" } });
    const at = new Date();
    const egress = {
      egressId: "EG_tx",
      roomName: session.roomName,
      status: "COMPLETE" as const,
      startedAt: new Date(at.getTime() - 60_000),
      endedAt: at,
      error: null,
      file: { storageKey: `${session.id}/a.mp4`, mimeType: "video/mp4", sizeBytes: 10n, durationSeconds: 60 },
    };
    const apply = () =>
      db.$transaction((tx) => applyEgressState(tx, { sessionId: session.id, patientId: patient.id, egress, at, actor: { system: "webhook", requestId: "r" } }));
    const { recordingId } = await apply();
    await apply();

    const transcripts = await db.transcript.findMany({ where: { recordingId } });
    expect(transcripts).toEqual([expect.objectContaining({ status: "PENDING", attempts: 0, text: null })]);
    expect(await audits("transcript.queue")).toEqual([expect.objectContaining({ entityId: transcripts[0]!.id, patientId: patient.id })]);
  });

  it("a FAILED recording queues nothing", async () => {
    const { session, patient } = await makeVideoSession();
    const at = new Date();
    const { recordingId } = await db.$transaction((tx) =>
      applyEgressState(tx, {
        sessionId: session.id,
        patientId: patient.id,
        egress: { egressId: "EG_fail", roomName: session.roomName, status: "FAILED", startedAt: at, endedAt: at, error: "no tracks", file: null },
        at,
        actor: { system: "webhook", requestId: "r" },
      }),
    );
    expect(await db.transcript.count({ where: { recordingId } })).toBe(0);
  });
});

describe("the recordings.transcribe job", () => {
  it("streams the file from local storage to the service in the OpenAI request shape and stores text, language and timed segments", async () => {
    const { recording, transcript, patient } = await completedRecording();
    const admin = await makeAdmin();

    expect(await transcribeDueRecordings()).toEqual({ claimed: 1, done: 1, retrying: 0, failed: 0 });

    expect(standIn.requests).toHaveLength(1);
    const req = standIn.requests[0]!;
    expect(req).toMatchObject({ method: "POST", path: "/v1/audio/transcriptions", authorization: "Bearer sk-int-test" });
    expect(req.fields).toEqual([
      ["model", "whisper-int"],
      ["response_format", "verbose_json"],
      ["timestamp_granularities[]", "segment"],
    ]);
    expect(req.file).toMatchObject({ fieldName: "file", fileName: `recording-${recording.id}.mp4`, type: "video/mp4" });
    expect(req.file!.bytes.equals(fixture)).toBe(true);

    const stored = await transcriptOf(recording.id);
    expect(stored).toMatchObject({ status: "DONE", language: "english", text: SAMPLE_TRANSCRIPT.text.trim(), error: null, attempts: 1, nextAttemptAt: null });
    expect(stored.completedAt).toBeInstanceOf(Date);
    expect(stored.segments).toEqual([
      { start: 0, end: 3.2, text: "Good morning, how are you feeling today?" },
      { start: 3.6, end: 7.5, text: "Much better, thank you." },
    ]);
    const [done] = await audits("transcript.complete");
    expect(done).toMatchObject({ entityId: transcript!.id, patientId: patient.id, outcome: "SUCCESS" });
    expect(JSON.stringify(done!.metadata)).not.toContain("morning");

    // The admin reads it beside the player (audited), segments included.
    const view = await callerAs(admin).admin.transcript({ recordingId: recording.id });
    expect(view).toMatchObject({
      configured: true,
      maxAttempts: 3,
      transcript: { status: "DONE", language: "english", segments: [expect.objectContaining({ start: 0 }), expect.objectContaining({ start: 3.6 })] },
    });
    expect(await audits("transcript.view")).toEqual([expect.objectContaining({ actorId: admin.id, entityId: transcript!.id, patientId: patient.id })]);

    // Nothing left to do.
    expect(await transcribeDueRecordings()).toEqual({ claimed: 0, done: 0, retrying: 0, failed: 0 });
  });

  it("a retryable failure (503) backs off exponentially, then is FAILED with the reason after TRANSCRIPTION_MAX_ATTEMPTS", async () => {
    const { recording } = await completedRecording();
    standIn.next = () => ({ status: 503 });
    let now = new Date("2030-01-01T00:00:00Z");

    expect(await transcribeDueRecordings({ now })).toMatchObject({ claimed: 1, retrying: 1 });
    let t = await transcriptOf(recording.id);
    expect(t).toMatchObject({ status: "PENDING", attempts: 1, error: "The transcription service failed (HTTP 503)." });
    const firstDelay = t.nextAttemptAt!.getTime() - now.getTime();
    expect(firstDelay).toBeGreaterThanOrEqual(48_000); // 60 s ± 20 %
    expect(firstDelay).toBeLessThanOrEqual(72_000);

    // Not due before its time.
    expect(await transcribeDueRecordings({ now: new Date(t.nextAttemptAt!.getTime() - 1) })).toMatchObject({ claimed: 0 });

    now = t.nextAttemptAt!;
    expect(await transcribeDueRecordings({ now })).toMatchObject({ claimed: 1, retrying: 1 });
    t = await transcriptOf(recording.id);
    const secondDelay = t.nextAttemptAt!.getTime() - now.getTime();
    expect(secondDelay).toBeGreaterThanOrEqual(96_000); // doubled: 120 s ± 20 %
    expect(secondDelay).toBeLessThanOrEqual(144_000);

    expect(await transcribeDueRecordings({ now: t.nextAttemptAt! })).toMatchObject({ claimed: 1, failed: 1 });
    t = await transcriptOf(recording.id);
    expect(t).toMatchObject({ status: "FAILED", attempts: 3, nextAttemptAt: null, text: null });
    expect(t.error).toBe("The transcription service failed (HTTP 503). Gave up after 3 attempts: retry once the service is working again.");
    expect(standIn.requests).toHaveLength(3);
    expect((await audits("transcript.retry_scheduled")).length).toBe(2);
    expect(await audits("transcript.fail")).toEqual([
      expect.objectContaining({ outcome: "FAILURE", metadata: expect.objectContaining({ code: "server_error", status: 503, attempts: 3 }) }),
    ]);

    // FAILED is never picked up again by itself.
    expect(await transcribeDueRecordings({ now: new Date("2031-01-01T00:00:00Z") })).toMatchObject({ claimed: 0 });
  });

  it("a refused API key fails at once, with the reason an admin can act on", async () => {
    const { recording } = await completedRecording();
    standIn.next = () => ({ status: 401, body: { error: { message: "Incorrect API key provided" } } });
    expect(await transcribeDueRecordings()).toMatchObject({ claimed: 1, failed: 1 });
    const t = await transcriptOf(recording.id);
    expect(t).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(t.error).toContain("The transcription service refused the API key (HTTP 401)");
    expect(standIn.requests).toHaveLength(1);
  });

  it("a recording whose file is gone fails at once without calling the service", async () => {
    const { recording } = await completedRecording({ file: null });
    expect(await transcribeDueRecordings()).toMatchObject({ claimed: 1, failed: 1 });
    expect((await transcriptOf(recording.id)).error).toMatch(/missing from storage/);
    expect(standIn.requests).toHaveLength(0);
  });

  it("a file above TRANSCRIPTION_MAX_UPLOAD_MB fails at once without uploading it", async () => {
    const { recording } = await completedRecording();
    expect(await transcribeDueRecordings({ maxUploadBytes: 1024 })).toMatchObject({ failed: 1 });
    expect((await transcriptOf(recording.id)).error).toMatch(/more than the 1 MB/);
    expect(standIn.requests).toHaveLength(0);
  });

  it("two concurrent runs transcribe a recording once", async () => {
    const { recording } = await completedRecording();
    standIn.delayMs = 300;
    const now = new Date();
    const results = await Promise.all([transcribeDueRecordings({ now }), transcribeDueRecordings({ now }), transcribeDueRecordings({ now })]);
    expect(results.reduce((n, r) => n + r.claimed, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.done, 0)).toBe(1);
    expect(standIn.requests).toHaveLength(1);
    expect(await transcriptOf(recording.id)).toMatchObject({ status: "DONE", attempts: 1 });
    expect(await audits("transcript.complete")).toHaveLength(1);
  });

  it("a worker whose claim ran out cannot write over the worker that took the transcript over", async () => {
    const { recording } = await completedRecording();
    // The first worker's request fails late (503 after 600 ms), after its 50 ms claim ran out...
    standIn.delayMs = 600;
    standIn.next = () => ({ status: 503 });
    const now = new Date();
    const slow = transcribeDueRecordings({ now, leaseMs: 50 });
    await vi.waitFor(() => expect(standIn.requests).toHaveLength(1), { timeout: 10_000 });
    // ...while a second worker has taken it over and is still transcribing.
    standIn.delayMs = 1_200;
    standIn.next = () => "ok";
    const takeover = transcribeDueRecordings({ now: new Date(now.getTime() + 1_000) });

    expect(await slow).toEqual({ claimed: 1, done: 0, retrying: 0, failed: 0 });
    expect(await takeover).toMatchObject({ claimed: 1, done: 1 });
    expect(standIn.requests).toHaveLength(2);
    expect(await transcriptOf(recording.id)).toMatchObject({ status: "DONE", attempts: 2, error: null, nextAttemptAt: null });
    expect(await audits("transcript.retry_scheduled")).toHaveLength(0);
    expect(await audits("transcript.complete")).toHaveLength(1);
  });
});

describe("admin.retryTranscript", () => {
  it("puts a FAILED transcript back in the queue with a fresh attempt budget (audited), and the job then transcribes it", async () => {
    const { recording, transcript, patient } = await completedRecording();
    await db.transcript.update({
      where: { id: transcript!.id },
      data: { status: "FAILED", attempts: 3, error: "The transcription service failed (HTTP 503)." },
    });
    const admin = await makeAdmin();

    expect(await callerAs(admin).admin.retryTranscript({ recordingId: recording.id })).toEqual({
      recordingId: recording.id,
      transcriptId: transcript!.id,
      status: "PENDING",
    });
    expect(await transcriptOf(recording.id)).toMatchObject({ status: "PENDING", attempts: 0, error: null });
    expect(await audits("transcript.retry")).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        entityId: transcript!.id,
        patientId: patient.id,
        metadata: { recordingId: recording.id, previousStatus: "FAILED" },
      }),
    ]);

    expect(await transcribeDueRecordings()).toMatchObject({ done: 1 });

    // Pressing it again on a done transcript is refused, and writes nothing.
    await expect(callerAs(admin).admin.retryTranscript({ recordingId: recording.id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "This recording is already transcribed.",
    });
    expect(await audits("transcript.retry")).toHaveLength(1);
  });

  it("queues the first transcription of a recording completed while transcription was off", async () => {
    const { recording } = await completedRecording({ transcript: false });
    const admin = await makeAdmin();
    await callerAs(admin).admin.retryTranscript({ recordingId: recording.id });
    expect(await transcriptOf(recording.id)).toMatchObject({ status: "PENDING", attempts: 0 });
    expect((await audits("transcript.retry"))[0]!.metadata).toMatchObject({ previousStatus: "NONE" });
    await expect(callerAs(admin).admin.retryTranscript({ recordingId: recording.id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "This recording is already waiting to be transcribed. Check again in a few minutes.",
    });
  });

  it("is for admins only: a clinician gets the standard refusal and nothing changes", async () => {
    const { recording, transcript, clinician } = await completedRecording();
    await db.transcript.update({ where: { id: transcript!.id }, data: { status: "FAILED", attempts: 3 } });
    await expect(callerAs(clinician).admin.retryTranscript({ recordingId: recording.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(clinician).admin.transcript({ recordingId: recording.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await transcriptOf(recording.id)).toMatchObject({ status: "FAILED", attempts: 3 });
    expect(await audits("transcript.retry")).toHaveLength(0);
  });

  it("refuses a recording deleted by retention with a clear message, and an unknown id as NOT_FOUND", async () => {
    const { recording, transcript } = await completedRecording();
    await db.transcript.update({ where: { id: transcript!.id }, data: { status: "FAILED" } });
    await db.recording.update({ where: { id: recording.id }, data: { status: "DELETED", deletedAt: new Date() } });
    const admin = await makeAdmin();
    await expect(callerAs(admin).admin.retryTranscript({ recordingId: recording.id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "This recording was deleted at the end of its retention period, so it can no longer be transcribed.",
    });
    await expect(callerAs(admin).admin.retryTranscript({ recordingId: "no-such-recording" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await transcriptOf(recording.id)).toMatchObject({ status: "FAILED" });
  });
});

describe("retention", () => {
  it("clears a transcript's text and segments with the file", async () => {
    const past = new Date(Date.now() - 1000);
    const { recording } = await completedRecording({ deleteAfter: past });
    await transcribeDueRecordings();
    expect((await transcriptOf(recording.id)).segments).not.toBeNull();

    expect(await deleteExpiredRecordings({ now: new Date() })).toEqual({ deleted: 1 });
    expect(await transcriptOf(recording.id)).toMatchObject({ status: "DONE", text: null, segments: null });
  });

  it("fails a transcription still in flight when the recording is deleted, and its late answer is not stored", async () => {
    const { recording } = await completedRecording({ deleteAfter: new Date(Date.now() - 1000) });
    standIn.delayMs = 500;
    const inFlight = transcribeDueRecordings();
    await vi.waitFor(() => expect(standIn.requests).toHaveLength(1), { timeout: 10_000 });
    expect(await deleteExpiredRecordings({ now: new Date() })).toEqual({ deleted: 1 });

    expect(await inFlight).toMatchObject({ claimed: 1, done: 0 });
    expect(await transcriptOf(recording.id)).toMatchObject({
      status: "FAILED",
      text: null,
      segments: null,
      error: "The recording was deleted at the end of its retention period before it was transcribed.",
    });
  });
});
