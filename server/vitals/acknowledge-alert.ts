// A clinician acknowledges an alert: who, when and an optional note. It closes for everyone
// at once (live), and stops the escalation clock. Acknowledging twice is refused with who
// got there first, since two clinicians may act on the same alert.
import "server-only";
import { visiblePatients } from "@/server/access/patient-access";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { publishAfterCommit } from "@/server/realtime/publish";
import { alertAcknowledgedEvents, alertSelect, responsibleClinicianIds, toAlertView } from "./alert-view";
import { refuseAsMissing } from "@/server/access/refusal";
import { requireRole } from "@/server/access/roles";

export interface AcknowledgeAlertOptions {
  actor: Actor;
  alertId: string;
  note?: string | null;
  now?: Date;
}

export async function acknowledgeAlert({ actor, alertId, note, now = new Date() }: AcknowledgeAlertOptions) {
  const { alert, events } = await db.$transaction(async (tx) => {
    const found = await tx.vitalAlert.findFirst({
      where: { id: alertId, patient: visiblePatients(actor) },
      select: { id: true, patientId: true },
    });
    if (!found) {
      const other = await tx.vitalAlert.findUnique({ where: { id: alertId }, select: { patientId: true } });
      throw refuseAsMissing("Alert", actor, other, { action: "vitals.alert.acknowledge", entityType: "VitalAlert", entityId: alertId });
    }
    requireRole(
      actor,
      ["CLINICIAN"],
      { action: "vitals.alert.acknowledge", entityType: "VitalAlert", entityId: found.id, patientId: found.patientId },
      "Only a clinician can acknowledge an alert.",
    );
    const { count } = await tx.vitalAlert.updateMany({
      where: { id: found.id, status: "OPEN" },
      data: { status: "ACKNOWLEDGED", openKey: null, acknowledgedAt: now, acknowledgedById: actor.userId, acknowledgeNote: note?.trim() || null },
    });
    const row = await tx.vitalAlert.findUniqueOrThrow({ where: { id: found.id }, select: alertSelect });
    if (count === 0) {
      const by = toAlertView(row).acknowledgedBy?.name ?? "another clinician";
      throw new AppError("PRECONDITION_FAILED", `This alert was already acknowledged by ${by}.`, {
        reason: "already_acknowledged",
        details: { acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null },
      });
    }
    await recordAudit(tx, actor, {
      action: "vitals.alert.acknowledge",
      entityType: "VitalAlert",
      entityId: row.id,
      patientId: row.patientId,
      metadata: { condition: row.condition, withNote: Boolean(row.acknowledgeNote), escalations: row.escalationCount },
    });
    const clinicianIds = await responsibleClinicianIds(tx, row.patientId);
    return { alert: toAlertView(row), events: alertAcknowledgedEvents(row, now, actor.userId, clinicianIds) };
  });
  publishAfterCommit(events);
  return alert;
}
