import "server-only";
import { createEvent, type RealtimeEvent } from "@/lib/realtime/events";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { publishAfterCommit } from "@/server/realtime/publish";
import { notifyPatientWaiting } from "@/server/notifications/session-notifications";
import { assertInJoinWindow, assertNotFinished, assertRole, loadSession } from "./session-context";

/**
 * A patient or guest has passed the device check and waits to be let in. The clinician
 * sees them arrive live. If the call is already running they are admitted at once.
 */
export async function arriveInWaitingRoom({ actor, sessionId, now = new Date() }: { actor: Actor; sessionId: string; now?: Date }) {
  const events: RealtimeEvent[] = [];
  const result = await db.$transaction(async (tx) => {
    const { session, role } = await loadSession(tx, actor, sessionId, "session.arrive");
    assertRole(role, ["PATIENT", "GUEST"], "the patient or an invited guest");
    assertNotFinished(session);
    assertInJoinWindow(session, now);
    const me = session.participants.find((p) => p.userId === actor.userId);
    const admitted = session.status === "IN_PROGRESS";
    const firstArrival = !me?.arrivedAt;
    const displayName = me?.displayName ?? `${session.visit.patient.givenName} ${session.visit.patient.familyName}`;
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
