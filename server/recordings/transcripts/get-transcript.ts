import "server-only";
import { env } from "@/env";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { requireAdmin } from "@/server/access/roles";
import { notFound } from "@/server/errors";
import { isTranscriptionConfigured } from "@/server/integrations/transcription";
import type { TranscriptSegment } from "@/server/integrations/transcription";

function segmentsOf(value: unknown): TranscriptSegment[] | null {
  if (!Array.isArray(value)) return null;
  return value.filter(
    (s): s is TranscriptSegment =>
      typeof s === "object" && s !== null && typeof s.start === "number" && typeof s.end === "number" && typeof s.text === "string",
  );
}

/**
 * One recording's transcript for the player: status (with the reason when it failed or is
 * being retried), text and timed segments, and whether transcription is configured at all.
 * Reading it is audited (the text is patient information).
 */
export async function getTranscript({ actor, recordingId }: { actor: Actor; recordingId: string }) {
  requireAdmin(actor, "transcript.view");
  const rec = await db.recording.findUnique({
    where: { id: recordingId },
    select: {
      id: true,
      session: { select: { visit: { select: { patientId: true } } } },
      transcript: {
        select: { id: true, status: true, language: true, text: true, segments: true, error: true, attempts: true, nextAttemptAt: true, completedAt: true },
      },
    },
  });
  if (!rec) throw notFound("Recording");
  const t = rec.transcript;
  await recordAudit(db, actor, {
    action: "transcript.view",
    entityType: "Transcript",
    entityId: t?.id ?? null,
    patientId: rec.session.visit.patientId,
    metadata: { recordingId: rec.id, status: t?.status ?? "NONE" },
  });
  return {
    recordingId: rec.id,
    configured: isTranscriptionConfigured(),
    maxAttempts: env.TRANSCRIPTION_MAX_ATTEMPTS,
    transcript: t
      ? {
          status: t.status,
          language: t.language,
          text: t.text,
          segments: segmentsOf(t.segments),
          error: t.error,
          attempts: t.attempts,
          // While PENDING: when it is tried next (or, while being transcribed, when the claim runs out).
          nextAttemptAt: t.status === "PENDING" ? t.nextAttemptAt : null,
          completedAt: t.completedAt,
        }
      : null,
  };
}
