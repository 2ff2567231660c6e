import "server-only";
import { assertWithinClinicHours } from "./clinic-hours-rule";
import { explainDoubleBooking } from "./describe-clash";
import { createEvent } from "@/lib/realtime/events";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { getClinicDay } from "@/server/clinic/clinic-hours";
import { db, retryWriteConflicts, type DbOrTx } from "@/server/db";
import { AppError } from "@/server/errors";
import { findManageableConsultation } from "@/server/access/consultation-access";
import { publishAfterCommit } from "@/server/realtime/publish";
import { closeCancelledRooms } from "@/server/video/close-cancelled-rooms";
import { notifyConsultationCancelled, notifyConsultationRescheduled } from "@/server/notifications/consultation-notifications";
import { moveConsultationJoinLinks, revokeConsultationJoinLinks } from "@/server/join-links/follow-consultation";
import { ensurePatientUser } from "@/server/patients/ensure-patient-user";
import { reminderMarks } from "./reminder-marks";

const manageSelect = {
  id: true,
  status: true,
  patientId: true,
  clinicianId: true,
  durationMinutes: true,
  scheduledStart: true,
  sessions: { select: { id: true, status: true } },
} as const;

function findManageable(tx: DbOrTx, actor: Actor, consultationId: string, action: string) {
  return findManageableConsultation(tx, actor, consultationId, manageSelect, action);
}

export async function rescheduleConsultation({
  actor,
  consultationId,
  scheduledStart,
  durationMinutes,
  now = new Date(),
}: {
  actor: Actor;
  consultationId: string;
  scheduledStart: Date;
  durationMinutes?: number;
  now?: Date;
}) {
  if (scheduledStart.getTime() < now.getTime() - 60_000) throw new AppError("BAD_REQUEST", "Choose a time in the future.", { reason: "start_in_past" });
  const clinicDay = await getClinicDay();
  // As booking: a reschedule that deadlocks with another booking in the no-overlap check runs again.
  const updated = await retryWriteConflicts(() =>
    db.$transaction(async (tx) => {
      const c = await findManageable(tx, actor, consultationId, "consultation.reschedule");
      if (c.status !== "SCHEDULED") {
        throw new AppError("PRECONDITION_FAILED", "Only a consultation that has not started can be rescheduled.", { reason: "not_reschedulable" });
      }
      const minutes = durationMinutes ?? c.durationMinutes;
      const clinician = await tx.user.findUniqueOrThrow({ where: { id: c.clinicianId }, select: { timeZone: true } });
      assertWithinClinicHours({
        clinicDay,
        clinicianTimeZone: clinician.timeZone,
        start: scheduledStart,
        end: new Date(scheduledStart.getTime() + minutes * 60_000),
      });
      const row = await tx.consultation.update({
        where: { id: consultationId },
        // Reminders re-armed for the new time (those it is already too close for are marked sent).
        data: {
          scheduledStart,
          scheduledEnd: new Date(scheduledStart.getTime() + minutes * 60_000),
          durationMinutes: minutes,
          ...reminderMarks(scheduledStart, now),
        },
        select: { id: true, status: true, scheduledStart: true, durationMinutes: true, patientId: true },
      });
      await tx.telemedicineSession.updateMany({ where: { consultationId, status: "SCHEDULED" }, data: { scheduledStart } });
      await moveConsultationJoinLinks(tx, { consultationId, patientId: c.patientId, actor, now, scheduledStart });
      await ensurePatientUser(tx, c.patientId);
      await notifyConsultationRescheduled(tx, { consultationId, previousStart: c.scheduledStart, actor, now });
      await recordAudit(tx, actor, {
        action: "consultation.reschedule",
        entityType: "Consultation",
        entityId: consultationId,
        patientId: c.patientId,
        metadata: { from: c.scheduledStart.toISOString(), to: scheduledStart.toISOString() },
      });
      return row;
    }),
  ).catch(async (e: unknown) => {
    // The new time overlaps another booking: say which one.
    const c = await db.consultation.findUnique({ where: { id: consultationId }, select: { clinicianId: true, durationMinutes: true } });
    if (!c) throw e;
    const end = new Date(scheduledStart.getTime() + (durationMinutes ?? c.durationMinutes) * 60_000);
    throw await explainDoubleBooking(e, {
      clinicianId: c.clinicianId,
      start: scheduledStart,
      end,
      excludeConsultationId: consultationId,
      timeZone: null,
      now,
    });
  });
  publishAfterCommit([createEvent("consultation.updated", updated.patientId, { consultationId, status: updated.status })]);
  return updated;
}

export async function cancelConsultation({
  actor,
  consultationId,
  reason,
  now = new Date(),
}: {
  actor: Actor;
  consultationId: string;
  reason: string;
  now?: Date;
}) {
  const updated = await db.$transaction(async (tx) => {
    const c = await findManageable(tx, actor, consultationId, "consultation.cancel");
    if (c.status !== "SCHEDULED" && c.status !== "WAITING") {
      throw new AppError("PRECONDITION_FAILED", "This consultation has already started or finished and cannot be cancelled.", { reason: "not_cancellable" });
    }
    const row = await tx.consultation.update({
      where: { id: consultationId },
      data: { status: "CANCELLED", cancelReason: reason.trim(), cancelledAt: now, cancelledById: actor.userId },
      select: { id: true, status: true, patientId: true },
    });
    await tx.telemedicineSession.updateMany({ where: { consultationId, status: "SCHEDULED" }, data: { status: "CANCELLED" } });
    await revokeConsultationJoinLinks(tx, { consultationId, patientId: c.patientId, actor, now });
    await notifyConsultationCancelled(tx, { consultationId, actor, now });
    await recordAudit(tx, actor, { action: "consultation.cancel", entityType: "Consultation", entityId: consultationId, patientId: c.patientId });
    return row;
  });
  publishAfterCommit([createEvent("consultation.updated", updated.patientId, { consultationId, status: "CANCELLED" })]);
  await closeCancelledRooms([consultationId]);
  return updated;
}
