import "server-only";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { Prisma } from "@/server/generated/prisma/client";
import { recordingFiles } from "@/server/integrations/storage";
import { errorForLog, logger } from "@/server/logger";
import { newRequestId } from "@/server/request-id";

const BATCH = 100;

/**
 * Retention: recordings past `deleteAfter` (RECORDING_RETENTION_DAYS after they ended) lose
 * their file and become DELETED. The row, its audit trail and the transcript's status stay;
 * the transcript text and segments go with the recording, and one not yet done is FAILED. Safe to repeat: a file already gone counts as
 * removed, and the row is claimed with a conditional update.
 */
export async function run({ now }: { now: Date }): Promise<{ deleted: number }> {
  const due = await db.recording.findMany({
    where: { status: "COMPLETED", deletedAt: null, deleteAfter: { lte: now } },
    orderBy: { deleteAfter: "asc" },
    take: BATCH,
    select: { id: true, storageKey: true, session: { select: { visit: { select: { patientId: true } } } } },
  });
  let deleted = 0;
  const files = recordingFiles();
  for (const rec of due) {
    try {
      if (rec.storageKey) await files.remove(rec.storageKey);
    } catch (error) {
      logger.error({ error: errorForLog(error), recordingId: rec.id }, "recording.retention_delete_failed");
      continue;
    }
    await db.$transaction(async (tx) => {
      const { count } = await tx.recording.updateMany({ where: { id: rec.id, deletedAt: null }, data: { status: "DELETED", deletedAt: now, activeKey: null } });
      if (count !== 1) return;
      await tx.transcript.updateMany({ where: { recordingId: rec.id }, data: { text: null, segments: Prisma.DbNull } });
      // A transcript still queued (or being transcribed: this also fences the worker's write) ends here.
      await tx.transcript.updateMany({
        where: { recordingId: rec.id, status: "PENDING" },
        data: { status: "FAILED", error: "The recording was deleted at the end of its retention period before it was transcribed.", nextAttemptAt: null },
      });
      await recordAudit(
        tx,
        { system: "scheduler", requestId: newRequestId() },
        {
          action: "recording.retention_delete",
          entityType: "Recording",
          entityId: rec.id,
          patientId: rec.session.visit.patientId,
          metadata: { fileRemoved: rec.storageKey !== null },
        },
      );
      deleted++;
    });
  }
  return { deleted };
}
