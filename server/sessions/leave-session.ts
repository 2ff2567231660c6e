import "server-only";
import { createEvent } from "@/lib/realtime/events";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { publishAfterCommit } from "@/server/realtime/publish";
import { assertRole, loadSession } from "./session-context";

/**
 * A participant leaves the call: their open stint closes. Leaving after the session ended
 * changes nothing (ending closed every stint).
 */
export async function leaveSession({ actor, sessionId, stintId, now = new Date() }: { actor: Actor; sessionId: string; stintId?: string; now?: Date }) {
  const result = await db.$transaction(async (tx) => {
    const { session, role } = await loadSession(tx, actor, sessionId, "session.leave");
    assertRole(role, ["CLINICIAN", "PATIENT", "GUEST"], "participants");
    const me = session.participants.find((p) => p.userId === actor.userId);
    if (!me) return { closed: 0, role, displayName: null, patientId: session.visit.patientId };
    const closed = await tx.participantStint.updateMany({
      where: { participantId: me.id, leftAt: null, ...(stintId ? { connectionId: `app:${stintId}` } : {}) },
      data: { leftAt: now },
    });
    if (closed.count > 0) {
      await tx.sessionParticipant.update({ where: { id: me.id }, data: { lastLeftAt: now } });
      await recordAudit(tx, actor, { action: "session.leave", entityType: "TelemedicineSession", entityId: sessionId, patientId: session.visit.patientId });
    }
    return { closed: closed.count, role, displayName: me.displayName, patientId: session.visit.patientId };
  });
  if (result.closed > 0 && result.displayName) {
    publishAfterCommit([
      createEvent("participant.left", sessionId, {
        sessionId,
        userId: actor.userId,
        role: result.role,
        displayName: result.displayName,
        at: now.toISOString(),
      }),
    ]);
  }
  return { left: result.closed > 0 };
}
