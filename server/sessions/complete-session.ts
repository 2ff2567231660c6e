import "server-only";
import type { Tx } from "@/server/db";
import type { AnyActor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { createEvent, type RealtimeEvent } from "@/lib/realtime/events";

export type CompletionReason = "ended_by_clinician" | "room_finished" | "room_gone";

/**
 * Marks a running session COMPLETED inside the caller's transaction: end time, duration,
 * the next state `seq`, its consultation completed, open participant stints closed, and
 * the audit row. Does nothing for a session that is not IN_PROGRESS, so the clinician's
 * "End", LiveKit's room_finished webhook and the reconciler can all call it and the first
 * one wins (the conditional UPDATE serialises them). Returns the realtime events for the
 * caller to publish after commit.
 */
export async function completeRunningSession(
  tx: Tx,
  opts: {
    sessionId: string;
    endedAt: Date;
    actor: AnyActor;
    reason: CompletionReason;
    endedById?: string | null;
    /**
     * The clinician's end: the notes draft typed during the call is cleared and `notes`
     * (when given) become the record's, in the same UPDATE (completing makes the row immutable).
     */
    clinicianNotes?: { notes: string | null };
  },
): Promise<{ completed: boolean; events: RealtimeEvent[]; durationSeconds: number | null }> {
  const clearDraft = opts.clinicianNotes !== undefined;
  const notes = opts.clinicianNotes?.notes ?? null;
  const rows = await tx.$queryRaw<{ seq: number; consultationId: string | null; patientId: string; durationSeconds: number | null }[]>`
    UPDATE "TelemedicineSession" AS s
       SET "status" = 'COMPLETED',
           "endedAt" = ${opts.endedAt},
           "endedById" = ${opts.endedById ?? null},
           "durationSeconds" = CASE WHEN s."startedAt" IS NULL THEN NULL
                                    ELSE GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (${opts.endedAt}::timestamp(3) - s."startedAt"))))::int END,
           "notes" = COALESCE(${notes}::text, s."notes"),
           "notesDraft" = CASE WHEN ${clearDraft} THEN NULL ELSE s."notesDraft" END,
           "notesDraftSavedAt" = CASE WHEN ${clearDraft} THEN NULL ELSE s."notesDraftSavedAt" END,
           "seq" = s."seq" + 1,
           "updatedAt" = now()
      FROM "Visit" AS v
     WHERE s."id" = ${opts.sessionId} AND s."status" = 'IN_PROGRESS' AND v."id" = s."visitId"
 RETURNING s."seq", s."consultationId", v."patientId", s."durationSeconds"`;
  const row = rows[0];
  if (!row) return { completed: false, events: [], durationSeconds: null };

  if (row.consultationId) {
    await tx.consultation.updateMany({
      where: { id: row.consultationId, status: "IN_PROGRESS" },
      // Ending early frees the rest of the slot (see the no-overlap constraint).
      data: { status: "COMPLETED", endedAt: opts.endedAt },
    });
  }
  await tx.participantStint.updateMany({
    where: { participant: { sessionId: opts.sessionId }, leftAt: null },
    data: { leftAt: opts.endedAt },
  });
  await recordAudit(tx, opts.actor, {
    action: "session.complete",
    entityType: "TelemedicineSession",
    entityId: opts.sessionId,
    patientId: row.patientId,
    metadata: { reason: opts.reason },
  });
  return {
    completed: true,
    durationSeconds: row.durationSeconds,
    events: [createEvent("session.status", opts.sessionId, { sessionId: opts.sessionId, status: "COMPLETED", seq: row.seq })],
  };
}
