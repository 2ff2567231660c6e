// Scheduler job: vitals alerts nobody acknowledged in time are escalated by email.
//
// Reminder n is due ALERT_ESCALATION_MINUTES × n after the alert was raised, up to
// MAX_ESCALATIONS: the first goes to the patient's responsible clinicians (care team and
// open-visit clinicians), later ones also to administrators — and to administrators from
// the first if the patient has no active clinician, so an alert is never left with nobody.
// Each reminder is claimed with a conditional update (on the escalationCount read), so two
// runners (or a retried run) never send it twice; the emails go through the outbox in the
// same transaction, deduplicated per alert, level and recipient.
//
// Scheduler entry: { name: "vitals.escalate-alerts", everyMs: 30_000, run: ({ now }) => run({ now }) }
import "server-only";
import { env } from "@/env";
import { describeCondition } from "@/lib/vitals/conditions";
import type { SystemActor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { errorForLog, logger } from "@/server/logger";
import { enqueueEmail } from "@/server/notifications/enqueue-email";
import { newRequestId } from "@/server/request-id";
import { responsibleClinicianIds } from "./alert-view";
import { formatVisitTime } from "@/lib/format";

export const MAX_ESCALATIONS = 3;
const BATCH = 100;

export interface EscalationRunResult {
  escalated: number;
  emailsQueued: number;
}

export async function run({ now, escalationMinutes = env.ALERT_ESCALATION_MINUTES }: { now: Date; escalationMinutes?: number }): Promise<EscalationRunResult> {
  const stepMs = escalationMinutes * 60_000;
  const result: EscalationRunResult = { escalated: 0, emailsQueued: 0 };
  const candidates = await db.vitalAlert.findMany({
    where: { status: "OPEN", escalationCount: { lt: MAX_ESCALATIONS }, raisedAt: { lte: new Date(now.getTime() - stepMs) } },
    orderBy: { raisedAt: "asc" },
    take: BATCH,
    select: { id: true, raisedAt: true, escalationCount: true },
  });
  for (const alert of candidates) {
    // After downtime several reminders may be overdue: send the latest one only.
    const level = Math.min(MAX_ESCALATIONS, Math.floor((now.getTime() - alert.raisedAt.getTime()) / stepMs));
    if (level <= alert.escalationCount) continue;
    try {
      const queued = await escalate(alert.id, alert.escalationCount, level, now);
      if (queued !== null) {
        result.escalated++;
        result.emailsQueued += queued;
      }
    } catch (error) {
      // One failing alert must not hold back the others; it is retried on the next run.
      logger.error({ error: errorForLog(error), alertId: alert.id, level }, "vitals.escalation_failed");
    }
  }
  return result;
}

/** Emails queued, or null when someone else escalated or acknowledged it first. */
async function escalate(alertId: string, from: number, level: number, now: Date): Promise<number | null> {
  const actor: SystemActor = { system: "scheduler", requestId: newRequestId(), subjectId: "vitals.escalate-alerts" };
  return db.$transaction(async (tx) => {
    const claimed = await tx.vitalAlert.updateMany({
      where: { id: alertId, status: "OPEN", escalationCount: from },
      data: { escalationCount: level, escalatedAt: now },
    });
    if (claimed.count === 0) return null;
    const alert = await tx.vitalAlert.findUniqueOrThrow({
      where: { id: alertId },
      select: { id: true, patientId: true, condition: true, news2Total: true, raisedAt: true, patient: { select: { mrn: true } } },
    });
    const clinicianIds = await responsibleClinicianIds(tx, alert.patientId);
    const includeAdmins = level > 1 || clinicianIds.length === 0;
    const recipients = await tx.user.findMany({
      where: {
        deactivatedAt: null,
        OR: [{ id: { in: clinicianIds }, role: "CLINICIAN" }, ...(includeAdmins ? [{ role: "ADMIN" as const }] : [])],
      },
      select: { id: true, email: true, role: true, timeZone: true },
    });
    const minutesOpen = Math.floor((now.getTime() - alert.raisedAt.getTime()) / 60_000);
    for (const r of recipients) {
      await enqueueEmail(tx, {
        to: r.email,
        template: "vitals-alert-escalation",
        props: {
          clinicName: env.CLINIC_NAME,
          mrn: alert.patient.mrn,
          condition: describeCondition(alert.condition),
          news2Total: alert.news2Total,
          raisedAt: formatVisitTime(alert.raisedAt, r.timeZone).full,
          minutesOpen,
          level,
          url: r.role === "CLINICIAN" ? `${env.APP_URL}/clinician/patients/${alert.patientId}/vitals` : null,
        },
        dedupeKey: `vitals-alert-escalation:${alert.id}:${level}:${r.id}`,
      });
    }
    if (recipients.length === 0) {
      logger.error({ alertId: alert.id, level }, "vitals.escalation_without_recipients");
    }
    await recordAudit(tx, actor, {
      action: "vitals.alert.escalate",
      entityType: "VitalAlert",
      entityId: alert.id,
      patientId: alert.patientId,
      metadata: { level, recipients: recipients.length, minutesOpen },
    });
    return recipients.length;
  });
}
