import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { clinicianDisplayName, entryState, participantName, loadSession, sessionJoinWindow } from "./session-context";

/**
 * Everything the session room page shows, from the viewer's side. A read and its audit row,
 * no interactive transaction: the page is reloaded by every tab in a call, and under load an
 * interactive transaction holding a pooled connection across round trips timed out (P2028).
 */
export async function getSessionRoom({ actor, sessionId, now = new Date() }: { actor: Actor; sessionId: string; now?: Date }) {
  const { session, role } = await loadSession(db, actor, sessionId, "session.read");
  await recordAudit(db, actor, { action: "session.read", entityType: "TelemedicineSession", entityId: sessionId, patientId: session.visit.patientId });
  const window = sessionJoinWindow(session);
  const me = session.participants.find((p) => p.userId === actor.userId);
  return {
    id: session.id,
    visitId: session.visitId,
    consultationId: session.consultationId,
    status: session.status,
    seq: session.seq,
    provider: session.provider,
    scheduledStart: session.scheduledStart,
    startedAt: session.startedAt,
    endedAt: session.endedAt,
    durationSeconds: session.durationSeconds,
    recordingEnabled: session.recordingEnabled,
    // Notes are the clinician's; patients and guests do not see them.
    notes: role === "CLINICIAN" || actor.role === "ADMIN" ? session.notes : null,
    myRole: role,
    myRecordingConsent: Boolean(me?.recordingConsentAt),
    // `state` is this viewer's: the window governs a first admission only, so the
    // clinician and anyone already admitted see "open" until the session ends.
    joinWindow: { opensAt: window.opensAt, closesAt: window.closesAt, state: entryState(session, role, me, now) },
    clinicianName: clinicianDisplayName(session.visit.clinician),
    patient: { id: session.visit.patientId, name: `${session.visit.patient.givenName} ${session.visit.patient.familyName}` },
    visitOpen: session.visit.status === "OPEN",
    participants: session.participants.map((p) => ({
      userId: p.userId,
      role: p.role,
      displayName: participantName(session, p.role, p),
      arrivedAt: p.arrivedAt,
      admittedAt: p.admittedAt,
      joinedAt: p.firstJoinedAt,
    })),
  };
}
