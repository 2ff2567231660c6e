import "server-only";
import type { AnyActor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import type { Tx } from "@/server/db";
import { isTranscriptionConfigured } from "@/server/integrations/transcription";

/**
 * Queue a completed recording for transcription, in the transaction that completes it.
 * Only when a transcription service is configured: without one a PENDING row would wait
 * forever, so there is no row and the admin page says transcription is off (an admin can
 * still queue older recordings with Retry once it is configured). At most one transcript
 * per recording (unique recordingId; a replayed completion queues nothing new).
 */
export async function queueTranscriptOnCompletion(tx: Tx, opts: { recordingId: string; patientId: string; actor: AnyActor; at: Date }): Promise<boolean> {
  if (!isTranscriptionConfigured()) return false;
  const { count } = await tx.transcript.createMany({
    data: [{ recordingId: opts.recordingId, status: "PENDING", nextAttemptAt: opts.at }],
    skipDuplicates: true,
  });
  if (count === 0) return false;
  const transcript = await tx.transcript.findUniqueOrThrow({ where: { recordingId: opts.recordingId }, select: { id: true } });
  await recordAudit(tx, opts.actor, {
    action: "transcript.queue",
    entityType: "Transcript",
    entityId: transcript.id,
    patientId: opts.patientId,
    metadata: { recordingId: opts.recordingId },
  });
  return true;
}
