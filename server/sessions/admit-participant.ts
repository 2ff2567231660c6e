import "server-only";
import { createEvent } from "@/lib/realtime/events";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { publishAfterCommit } from "@/server/realtime/publish";
import { assertNotFinished, assertRole, loadSession, participantName } from "./session-context";

/**
 * The clinician lets a waiting guest into the running call (one click, from the call). A
 * guest never walks in unannounced: arriving only puts them in the waiting room. Admitting
 * someone already admitted is a no-op (a double click, a second clinician tab).
 */
export async function admitParticipant({ actor, sessionId, userId, now = new Date() }: { actor: Actor; sessionId: string; userId: string; now?: Date }) {
  const result = await db.$transaction(async (tx) => {
    const { session, role } = await loadSession(tx, actor, sessionId, "session.admit");
    assertRole(role, ["CLINICIAN"], "the visit's clinician");
    assertNotFinished(session);
    if (session.status !== "IN_PROGRESS") {
      throw new AppError("PRECONDITION_FAILED", "Start the session first: starting admits everyone waiting.", { reason: "session_not_started" });
    }
    const them = session.participants.find((p) => p.userId === userId);
    if (!them || them.role === "CLINICIAN") {
      throw new AppError("NOT_FOUND", "That person is not invited to this session.", { reason: "not_found" });
    }
    if (!them.arrivedAt) {
      throw new AppError("PRECONDITION_FAILED", `${them.displayName} is not in the waiting room yet.`, { reason: "not_waiting" });
    }
    if (them.admittedAt)
      return { admitted: false, role: them.role, displayName: participantName(session, them.role, them), patientId: session.visit.patientId };
    const { count } = await tx.sessionParticipant.updateMany({ where: { id: them.id, admittedAt: null }, data: { admittedAt: now } });
    if (count === 1) {
      await recordAudit(tx, actor, {
        action: "session.admit",
        entityType: "SessionParticipant",
        entityId: them.id,
        patientId: session.visit.patientId,
        metadata: { sessionId },
      });
    }
    return { admitted: count === 1, role: them.role, displayName: participantName(session, them.role, them), patientId: session.visit.patientId };
  });
  if (result.admitted) {
    publishAfterCommit([
      createEvent("participant.admitted", sessionId, { sessionId, userId, role: result.role, displayName: result.displayName, at: now.toISOString() }),
    ]);
  }
  return { admitted: result.admitted };
}
