import "server-only";
import { extname } from "node:path";
import { env } from "@/env";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";
import { recordingFiles, type RecordingFiles } from "@/server/integrations/storage";
import {
  getTranscriptionProvider,
  isTranscriptionError,
  TranscriptionError,
  type TranscriptionProvider,
  type TranscriptionResult,
} from "@/server/integrations/transcription";
import { errorForLog, logger } from "@/server/logger";
import { retryDelayMs, type BackoffPolicy } from "@/server/notifications/backoff";
import { newRequestId } from "@/server/request-id";

// The `recordings.transcribe` job: due PENDING transcripts are claimed one by one, their
// recording streamed from storage to the speech-to-text service, and the answer stored.

export interface TranscribeOptions {
  now?: Date;
  /** Defaults to the configured provider; null means none is configured (nothing happens). */
  provider?: TranscriptionProvider | null;
  files?: RecordingFiles;
  batchSize?: number;
  /** How long a claim holds a transcript; after that another worker may take it over. */
  leaseMs?: number;
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  maxUploadBytes?: number | null;
}

export interface TranscribeResult {
  claimed: number;
  done: number;
  retrying: number;
  failed: number;
}

/** Due now: PENDING and never tried (null), due for a retry, or held by a worker whose claim ran out. */
const due = (now: Date): Prisma.TranscriptWhereInput => ({ status: "PENDING", OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] });

/**
 * Claim up to `batchSize` transcripts. A claim is a conditional UPDATE on the attempt count
 * it read, which one worker only can win; the count then fences every later write, so a
 * worker whose claim ran out cannot overwrite the one that took over.
 */
async function claim(now: Date, batchSize: number, leaseMs: number) {
  const candidates = await db.transcript.findMany({
    where: due(now),
    orderBy: [{ nextAttemptAt: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }],
    take: batchSize,
    select: { id: true, attempts: true },
  });
  const claimed: { id: string; attempts: number }[] = [];
  for (const c of candidates) {
    const { count } = await db.transcript.updateMany({
      where: { AND: [{ id: c.id, attempts: c.attempts }, due(now)] },
      data: { attempts: c.attempts + 1, nextAttemptAt: new Date(now.getTime() + leaseMs) },
    });
    if (count === 1) claimed.push({ id: c.id, attempts: c.attempts + 1 });
  }
  return claimed;
}

const EXTENSIONS: Record<string, string> = {
  "video/mp4": ".mp4",
  "audio/mp4": ".m4a",
  "video/webm": ".webm",
  "audio/webm": ".webm",
  "audio/ogg": ".ogg",
  "video/ogg": ".ogg",
  "audio/mpeg": ".mp3",
  "audio/wav": ".wav",
  "audio/flac": ".flac",
};
const KNOWN = new Set(Object.values(EXTENSIONS).concat([".mpeg", ".mpga", ".oga"]));

/** The name the service sees: the recording id (never a path) with the extension that names its format. */
export function uploadName(recordingId: string, storageKey: string, mimeType: string | null): string {
  const fromKey = extname(storageKey).toLowerCase();
  const ext = KNOWN.has(fromKey) ? fromKey : (EXTENSIONS[mimeType ?? ""] ?? ".mp4");
  return `recording-${recordingId}${ext}`;
}

type Outcome = { ok: true; result: TranscriptionResult } | { ok: false; error: TranscriptionError };

const fail = (code: string, message: string, retryable = false) => ({ ok: false as const, error: new TranscriptionError(code, message, { retryable }) });

/**
 * Transcribe due recordings now, one after another. Used by the scheduled job (in the
 * background) and by tests. A failure a retry can help (network, timeout, 429, 5xx) backs
 * off exponentially; after `maxAttempts`, or at once for one it cannot (refused key, file too
 * large, recording gone), the transcript is FAILED with the reason for an admin to act on.
 */
export async function transcribeDueRecordings(opts: TranscribeOptions = {}): Promise<TranscribeResult> {
  const now = opts.now ?? new Date();
  const result: TranscribeResult = { claimed: 0, done: 0, retrying: 0, failed: 0 };
  const provider = opts.provider === undefined ? getTranscriptionProvider() : opts.provider;
  if (!provider) return result;
  const files = opts.files ?? recordingFiles();
  const maxAttempts = opts.maxAttempts ?? env.TRANSCRIPTION_MAX_ATTEMPTS;
  const backoff = opts.backoff ?? { baseMs: env.TRANSCRIPTION_RETRY_BASE_SECONDS * 1000, maxMs: 6 * 3_600_000, jitter: 0.2 };
  const leaseMs = opts.leaseMs ?? env.TRANSCRIPTION_TIMEOUT_SECONDS * 1000 + 5 * 60_000;
  const configuredMax = env.TRANSCRIPTION_MAX_UPLOAD_MB ? env.TRANSCRIPTION_MAX_UPLOAD_MB * 1_048_576 : null;
  const maxUploadBytes = opts.maxUploadBytes === undefined ? configuredMax : opts.maxUploadBytes;
  const actor = { system: "scheduler" as const, requestId: newRequestId() };

  const claimed = await claim(now, opts.batchSize ?? 3, leaseMs);
  result.claimed = claimed.length;
  for (const { id, attempts } of claimed) {
    const t = await db.transcript.findUniqueOrThrow({
      where: { id },
      select: {
        recording: {
          select: {
            id: true,
            status: true,
            storageKey: true,
            mimeType: true,
            deletedAt: true,
            session: { select: { visit: { select: { patientId: true } } } },
          },
        },
      },
    });
    const rec = t.recording;
    const patientId = rec.session.visit.patientId;
    const outcome = await transcribeOne(provider, files, rec, maxUploadBytes);
    // Only the claim we hold may finish it (not a worker whose claim ran out, nor after retention).
    const ours = { id, status: "PENDING" as const, attempts };
    const audit = { entityType: "Transcript", entityId: id, patientId };

    if (outcome.ok) {
      const { text, language, segments } = outcome.result;
      const written = await db.$transaction(async (tx) => {
        const { count } = await tx.transcript.updateMany({
          where: ours,
          data: {
            status: "DONE",
            text,
            language,
            segments: segments as unknown as Prisma.InputJsonValue,
            error: null,
            nextAttemptAt: null,
            completedAt: new Date(),
          },
        });
        if (count === 1)
          await recordAudit(tx, actor, { ...audit, action: "transcript.complete", metadata: { recordingId: rec.id, attempts, segments: segments.length } });
        return count === 1;
      });
      if (written) result.done += 1;
      logger.info({ transcriptId: id, recordingId: rec.id, attempts, written }, written ? "transcript.done" : "transcript.claim_lost");
      continue;
    }

    const { error } = outcome;
    const giveUp = !error.retryable || attempts >= maxAttempts;
    const reason = giveUp && error.retryable ? `${error.message} Gave up after ${attempts} attempts: retry once the service is working again.` : error.message;
    const nextAttemptAt = giveUp ? null : new Date(now.getTime() + Math.max(retryDelayMs(attempts, backoff), error.retryAfterMs ?? 0));
    const written = await db.$transaction(async (tx) => {
      const { count } = await tx.transcript.updateMany({
        where: ours,
        data: giveUp ? { status: "FAILED", error: reason.slice(0, 1000), nextAttemptAt: null } : { error: reason.slice(0, 1000), nextAttemptAt },
      });
      if (count === 1) {
        await recordAudit(tx, actor, {
          ...audit,
          action: giveUp ? "transcript.fail" : "transcript.retry_scheduled",
          outcome: "FAILURE",
          metadata: { recordingId: rec.id, attempts, code: error.code, status: error.status },
        });
      }
      return count === 1;
    });
    if (written) result[giveUp ? "failed" : "retrying"] += 1;
    logger.warn(
      { transcriptId: id, recordingId: rec.id, attempts, code: error.code, status: error.status, retryable: error.retryable, nextAttemptAt, written },
      giveUp ? "transcript.failed" : "transcript.retry_scheduled",
    );
  }
  return result;
}

async function transcribeOne(
  provider: TranscriptionProvider,
  files: RecordingFiles,
  rec: { id: string; status: string; storageKey: string | null; mimeType: string | null; deletedAt: Date | null },
  maxUploadBytes: number | null,
): Promise<Outcome> {
  if (rec.status === "DELETED" || rec.deletedAt) return fail("recording_deleted", "The recording was deleted before it could be transcribed.");
  if (rec.status !== "COMPLETED" || !rec.storageKey) return fail("no_file", "This recording has no file to transcribe.");
  try {
    const size = await files.size(rec.storageKey);
    if (size === null) return fail("file_missing", "The recording file is missing from storage. Check the recordings volume, then retry.");
    if (size === 0) return fail("file_empty", "The recording file is empty: there is nothing to transcribe.");
    if (maxUploadBytes !== null && size > maxUploadBytes) {
      const mb = (n: number) => Math.ceil(n / 1_048_576);
      return fail(
        "too_large",
        `The recording is ${mb(size)} MB, more than the ${mb(maxUploadBytes)} MB the transcription service takes (TRANSCRIPTION_MAX_UPLOAD_MB).`,
      );
    }
    const audio = await files.read(rec.storageKey, 0, size - 1);
    try {
      const mimeType = rec.mimeType ?? "video/mp4";
      return { ok: true, result: await provider.transcribe({ audio, size, fileName: uploadName(rec.id, rec.storageKey, rec.mimeType), mimeType }) };
    } finally {
      // A request that failed before reading the whole file must not leave it open.
      if (!audio.locked) await audio.cancel().catch(() => undefined);
    }
  } catch (error) {
    if (isTranscriptionError(error)) return { ok: false, error };
    // Storage trouble or a bug: logged with ids only, retried like a network error.
    logger.error({ error: errorForLog(error), recordingId: rec.id }, "transcript.unexpected_error");
    return fail("unexpected", "Transcription failed unexpectedly (see the server log for this recording's id).", true);
  }
}

let inFlight: Promise<unknown> | null = null;

/**
 * The scheduled job. A transcription can take minutes and the scheduler runs its jobs one
 * after another, so the batch runs in the background (one per process at a time) and the
 * tick moves on; claims keep instances from taking the same transcript, and a claim that
 * outlives its process (a restart mid-transcription) runs out and is taken up again.
 */
export function run({ now }: { now: Date }): Promise<{ started: boolean }> {
  if (inFlight || !getTranscriptionProvider()) return Promise.resolve({ started: false });
  inFlight = transcribeDueRecordings({ now })
    .catch((error: unknown) => logger.error({ error: errorForLog(error) }, "transcript.job_failed"))
    .finally(() => {
      inFlight = null;
    });
  return Promise.resolve({ started: true });
}
