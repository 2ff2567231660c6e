import "server-only";
import { createEvent, type RealtimeEvent } from "@/lib/realtime/events";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { publishAfterCommit } from "@/server/realtime/publish";
import { notifyPatientWaiting } from "@/server/notifications/session-notifications";
import { assertMayEnter, assertNotFinished, assertRole, loadSession, participantName } from "./session-context";

/**
 * A patient or guest has passed the device check and waits to be let in. The clinician
 * sees them arrive live. If the call is already running they are admitted at once.
 */
export async function arriveInWaitingRoom({ actor, sessionId, now = new Date() }: { actor: Actor; sessionId: string; now?: Date }) {
  const events: RealtimeEvent[] = [];
  const result = await db.$transaction(async (tx) => {
    // Two arrivals of one person at once (a double tap, a second tab) are taken one after the
    // other, so only the first is announced to the clinician: the second reads the first's row.
    await tx.$queryRaw`SELECT 1 FROM "TelemedicineSession" WHERE "id" = ${sessionId} FOR UPDATE`;
    const { session, role } = await loadSession(tx, actor, sessionId, "session.arrive");
    assertRole(role, ["PATIENT", "GUEST"], "the patient or an invited guest");
    assertNotFinished(session);
    const me = session.participants.find((p) => p.userId === actor.userId);
    assertMayEnter(session, role, me, now);
    // The patient walks into a running call; a guest waits until the clinician admits them
    // (`admitParticipant`), so the clinician always sees who is joining.
    const admitted = Boolean(me?.admittedAt) || (session.status === "IN_PROGRESS" && role === "PATIENT");
    const firstArrival = !me?.arrivedAt;
    const displayName = participantName(session, role, me);
    await tx.sessionParticipant.upsert({
      where: { sessionId_userId: { sessionId, userId: actor.userId } },
      create: { sessionId, userId: actor.userId, role, displayName, arrivedAt: now, admittedAt: admitted ? now : null },
      update: { arrivedAt: me?.arrivedAt ?? now, ...(admitted && !me?.admittedAt ? { admittedAt: now } : {}) },
    });
    if (session.consultationId && session.consultation?.status === "SCHEDULED") {
      await tx.consultation.update({ where: { id: session.consultationId }, data: { status: "WAITING" } });
      events.push(createEvent("consultation.updated", session.visit.patientId, { consultationId: session.consultationId, status: "WAITING" }));
    }
    await recordAudit(tx, actor, { action: "session.arrive", entityType: "TelemedicineSession", entityId: sessionId, patientId: session.visit.patientId });
    if (firstArrival && !admitted) await notifyPatientWaiting(tx, { sessionId, participantUserId: actor.userId, waitingSince: now });
    if (firstArrival && !admitted && session.status === "IN_PROGRESS") {
      events.push(createEvent("participant.waiting", sessionId, { sessionId, userId: actor.userId, role, displayName, at: now.toISOString() }));
    }
    if (firstArrival && !admitted && session.consultationId) {
      events.push(
        createEvent("waiting.arrived", session.visit.clinicianId, {
          consultationId: session.consultationId,
          sessionId,
          patientId: session.visit.patientId,
          displayName,
          at: now.toISOString(),
        }),
      );
    }
    return { status: session.status, admitted };
  });
  // The clinician's dashboard and the session room listen for arrivals.
  publishAfterCommit(events);
  return result;
}
