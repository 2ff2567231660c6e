// Alerts for staff: one patient's (any status, newest first), or a clinician's inbox — the
// open alerts on every patient they may see. Each alert read is audited.
import "server-only";
import { visiblePatients } from "@/server/access/patient-access";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";
import { alertSelect, toAlertView } from "./alert-view";
import { requireRole } from "@/server/access/roles";
import { findVitalsPatient } from "@/server/access/vitals-access";

export interface ListAlertsOptions {
  actor: Actor;
  /** One patient's alerts; without it, the open alerts on all the actor's patients. */
  patientId?: string;
  status?: "OPEN" | "ACKNOWLEDGED";
  limit: number;
}

export async function listAlerts({ actor, patientId, status, limit }: ListAlertsOptions) {
  return db.$transaction(async (tx) => {
    let where: Prisma.VitalAlertWhereInput;
    if (patientId) {
      const patient = await findVitalsPatient(tx, actor, patientId, "vitals.alert.list");
      requireRole(
        actor,
        ["CLINICIAN", "ADMIN"],
        { action: "vitals.alert.list", entityType: "Patient", entityId: patient.id, patientId: patient.id },
        "Alerts are for the care team.",
      );
      where = { patientId: patient.id, ...(status ? { status } : {}) };
    } else {
      requireRole(actor, ["CLINICIAN", "ADMIN"], { action: "vitals.alert.list", entityType: "VitalAlert" }, "Alerts are for the care team.");
      where = { patient: visiblePatients(actor), status: status ?? "OPEN" };
    }
    const rows = await tx.vitalAlert.findMany({
      where,
      orderBy: [{ raisedAt: "desc" }, { id: "desc" }],
      take: limit,
      select: { ...alertSelect, patient: { select: { id: true, givenName: true, familyName: true, mrn: true } } },
    });
    await recordAudit(tx, actor, ...rows.map((r) => ({ action: "vitals.alert.read", entityType: "VitalAlert", entityId: r.id, patientId: r.patientId })));
    return rows.map((r) => ({ ...toAlertView(r), patient: r.patient }));
  });
}
