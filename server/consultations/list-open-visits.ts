import "server-only";
import { findVisiblePatient } from "@/server/access/patient-access";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";

/**
 * The patient's open visits with the clinician a booking is for, each by its reason, so the
 * booking dialog can offer "a new visit" or one of these explicitly. Audited as a read.
 */
export async function listOpenVisitsForBooking(opts: { actor: Actor; patientId: string; clinicianId?: string }) {
  const { actor, patientId } = opts;
  const clinicianId = actor.role === "CLINICIAN" ? actor.userId : opts.clinicianId;
  if (!clinicianId) throw new AppError("BAD_REQUEST", "Choose the clinician to book with.", { reason: "clinician_required" });
  return db.$transaction(async (tx) => {
    await findVisiblePatient(tx, actor, patientId, { id: true }, "consultation.book");
    const visits = await tx.visit.findMany({
      where: { patientId, clinicianId, status: "OPEN" },
      orderBy: { openedAt: "desc" },
      take: 20,
      select: { id: true, chiefComplaint: true, openedAt: true, consultations: { orderBy: { scheduledStart: "desc" }, take: 1, select: { reason: true } } },
    });
    if (visits.length > 0) {
      await recordAudit(tx, actor, ...visits.map((v) => ({ action: "visit.list", entityType: "Visit", entityId: v.id, patientId })));
    }
    return visits.map((v) => ({ id: v.id, reason: v.chiefComplaint ?? v.consultations[0]?.reason ?? null, openedAt: v.openedAt }));
  });
}
