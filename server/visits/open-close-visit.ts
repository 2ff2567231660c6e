import "server-only";
import { findVisiblePatient } from "@/server/access/patient-access";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { findVisibleVisit } from "@/server/access/visit-access";

/** A clinician opens a visit (encounter) for a patient in their care. */
export async function openVisit({
  actor,
  patientId,
  chiefComplaint,
  now = new Date(),
}: {
  actor: Actor;
  patientId: string;
  chiefComplaint?: string;
  now?: Date;
}) {
  return db.$transaction(async (tx) => {
    const patient = await findVisiblePatient(tx, actor, patientId, { id: true }, "visit.open");
    const visit = await tx.visit.create({
      data: { patientId: patient.id, clinicianId: actor.userId, chiefComplaint: chiefComplaint?.trim() || null, openedAt: now },
      select: { id: true, status: true, openedAt: true },
    });
    await recordAudit(tx, actor, { action: "visit.open", entityType: "Visit", entityId: visit.id, patientId });
    return visit;
  });
}

/** The visit's clinician closes it; no video session may still be running. */
export async function closeVisit({ actor, visitId, now = new Date() }: { actor: Actor; visitId: string; now?: Date }) {
  return db.$transaction(async (tx) => {
    const visit = await findVisibleVisit(tx, actor, visitId, { id: true, status: true, clinicianId: true, patientId: true }, "visit.close");
    if (visit.clinicianId !== actor.userId) {
      throw new AppError("FORBIDDEN", "Only the visit's clinician can close it.", { reason: "not_visit_clinician" });
    }
    if (visit.status === "CLOSED") return { id: visit.id, status: visit.status };
    const running = await tx.telemedicineSession.count({ where: { visitId, status: "IN_PROGRESS" } });
    if (running > 0) {
      throw new AppError("PRECONDITION_FAILED", "A video session on this visit is still running. End it before closing the visit.", {
        reason: "session_running",
      });
    }
    const updated = await tx.visit.update({
      where: { id: visitId },
      data: { status: "CLOSED", closedAt: now, closedById: actor.userId },
      select: { id: true, status: true },
    });
    await recordAudit(tx, actor, { action: "visit.close", entityType: "Visit", entityId: visitId, patientId: visit.patientId });
    return updated;
  });
}
