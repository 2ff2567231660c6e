// A set of readings typed in by a person: the patient at home (self-entry, or answering a
// clinician's request) or a clinician (e.g. from the call's side panel).
import "server-only";
import type { NormalizedReading } from "@/lib/vitals/reading-schema";
import type { Actor } from "@/server/audit/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { recordObservations, type RecordedReading } from "./record-observations";
import { refuseAsMissing } from "@/server/access/refusal";
import { requireRole } from "@/server/access/roles";
import { findVitalsPatient } from "@/server/access/vitals-access";

export interface RecordVitalsOptions {
  actor: Actor;
  patientId: string;
  reading: NormalizedReading;
  /** The call this was taken in; it must be one of this patient's sessions. */
  sessionId?: string | null;
  /** The clinician request this answers (a patient's entry answers the latest pending one anyway). */
  requestId?: string | null;
  now?: Date;
}

export async function recordVitals({
  actor,
  patientId,
  reading,
  sessionId: requestedSessionId,
  requestId,
  now,
}: RecordVitalsOptions): Promise<RecordedReading & { fulfilledRequestId: string | null }> {
  const patient = await findVitalsPatient(db, actor, patientId, "vitals.record");
  requireRole(
    actor,
    ["PATIENT", "CLINICIAN"],
    { action: "vitals.record", entityType: "Patient", entityId: patient.id, patientId: patient.id },
    "Only the patient or their clinician can enter readings.",
  );

  // A join-link sign-in is scoped to one session: its readings belong to that call, and any
  // other session (even the same patient's) answers exactly like a missing one.
  const sessionId = requestedSessionId ?? actor.scopeSessionId ?? null;
  let visitId: string | null = null;
  if (sessionId) {
    const session = await db.telemedicineSession.findFirst({
      where: { AND: [{ id: sessionId, visit: { patientId: patient.id } }, actor.scopeSessionId ? { id: actor.scopeSessionId } : {}] },
      select: { id: true, visitId: true, status: true },
    });
    if (!session) {
      const exists = await db.telemedicineSession.count({ where: { id: sessionId } });
      throw refuseAsMissing("Session", actor, exists > 0 ? { patientId: patient.id } : null, {
        action: "vitals.record",
        entityType: "TelemedicineSession",
        entityId: sessionId,
      });
    }
    if (session.status === "CANCELLED") {
      throw new AppError("PRECONDITION_FAILED", "This session was cancelled; enter the reading without it.", { reason: "session_cancelled" });
    }
    visitId = session.visitId;
  }

  const source = actor.role === "PATIENT" ? "PATIENT" : "CLINICIAN";
  const result = await recordObservations({
    actor,
    patientId: patient.id,
    readings: [reading],
    source,
    recordedById: actor.userId,
    sessionId: sessionId ?? null,
    visitId,
    // The patient's own entry answers whatever is pending; a clinician's only the request named.
    fulfil: source === "PATIENT" ? { requestId: requestId ?? null } : requestId ? { requestId } : null,
    pathOf: () => "reading.observedAt",
    now,
  });
  return { ...result.readings[0]!, fulfilledRequestId: result.fulfilledRequestId };
}
