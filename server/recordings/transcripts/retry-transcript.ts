import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { requireAdmin } from "@/server/access/roles";
import { AppError, notFound } from "@/server/errors";
import { isTranscriptionConfigured } from "@/server/integrations/transcription";

const alreadyQueued = () =>
  new AppError("PRECONDITION_FAILED", "This recording is already waiting to be transcribed. Check again in a few minutes.", { reason: "transcript_pending" });
const alreadyDone = () => new AppError("PRECONDITION_FAILED", "This recording is already transcribed.", { reason: "transcript_done" });

/**
 * Queue a recording's transcription again: a FAILED transcript goes back to PENDING with a
 * fresh attempt budget, and a recording never transcribed (completed while transcription
 * was off) gets its first. Admins only; audited. The write is conditional, so two admins
 * pressing Retry at once queue it once.
 */
export async function retryTranscript({ actor, recordingId, now = new Date() }: { actor: Actor; recordingId: string; now?: Date }) {
  requireAdmin(actor, "transcript.retry");
  const rec = await db.recording.findUnique({
    where: { id: recordingId },
    select: {
      id: true,
      status: true,
      storageKey: true,
      deletedAt: true,
      session: { select: { visit: { select: { patientId: true } } } },
      transcript: { select: { id: true, status: true } },
    },
  });
  if (!rec) throw notFound("Recording");
  if (rec.status === "DELETED" || rec.deletedAt) {
    throw new AppError("PRECONDITION_FAILED", "This recording was deleted at the end of its retention period, so it can no longer be transcribed.", {
      reason: "recording_deleted",
    });
  }
  if (rec.status !== "COMPLETED" || !rec.storageKey) {
    throw new AppError("PRECONDITION_FAILED", "This recording has no file to transcribe: the recording itself failed.", { reason: "no_file" });
  }
  if (!isTranscriptionConfigured()) {
    throw new AppError("PRECONDITION_FAILED", "Transcription is not configured. Set TRANSCRIPTION_URL (see README → Configuration), then retry.", {
      reason: "transcription_off",
    });
  }
  if (rec.transcript?.status === "PENDING") throw alreadyQueued();
  if (rec.transcript?.status === "DONE") throw alreadyDone();

  return db.$transaction(async (tx) => {
    let transcriptId: string;
    if (rec.transcript) {
      const { count } = await tx.transcript.updateMany({
        where: { id: rec.transcript.id, status: "FAILED" },
        data: { status: "PENDING", attempts: 0, error: null, nextAttemptAt: now, completedAt: null },
      });
      if (count !== 1) throw alreadyQueued();
      transcriptId = rec.transcript.id;
    } else {
      const { count } = await tx.transcript.createMany({ data: [{ recordingId: rec.id, status: "PENDING", nextAttemptAt: now }], skipDuplicates: true });
      if (count !== 1) throw alreadyQueued();
      transcriptId = (await tx.transcript.findUniqueOrThrow({ where: { recordingId: rec.id }, select: { id: true } })).id;
    }
    await recordAudit(tx, actor, {
      action: "transcript.retry",
      entityType: "Transcript",
      entityId: transcriptId,
      patientId: rec.session.visit.patientId,
      metadata: { recordingId: rec.id, previousStatus: rec.transcript?.status ?? "NONE" },
    });
    return { recordingId: rec.id, transcriptId, status: "PENDING" as const };
  });
}
