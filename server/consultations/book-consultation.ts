import "server-only";
import { createEvent } from "@/lib/realtime/events";
import { findVisiblePatient } from "@/server/access/patient-access";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { getClinicDay } from "@/server/clinic/clinic-hours";
import { db, retryWriteConflicts } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { publishAfterCommit } from "@/server/realtime/publish";
import { insertSession } from "@/server/sessions/create-session";
import { notifyConsultationBooked } from "@/server/notifications/consultation-notifications";
import { ensurePatientUser } from "@/server/patients/ensure-patient-user";
import { assertWithinClinicHours } from "./clinic-hours-rule";
import { explainDoubleBooking } from "./describe-clash";
import { reminderMarks } from "./reminder-marks";

export interface BookConsultationOptions {
  actor: Actor;
  patientId: string;
  /** Required when an admin books for a clinician; a clinician books for themself. */
  clinicianId?: string;
  scheduledStart: Date;
  durationMinutes: number;
  reason?: string;
  /** Book into this open visit; without it the booking opens a new visit (never a silent pick of an open one). */
  visitId?: string;
  recordingEnabled?: boolean;
  /** The booker's zone, to word a clash. */
  timeZone?: string;
  now?: Date;
}

/**
 * Book a video consultation. The clinician cannot be double-booked: the database's
 * exclusion constraint refuses overlapping times, also under concurrent requests.
 */
export async function bookConsultation(opts: BookConsultationOptions) {
  const { actor, patientId, scheduledStart, durationMinutes, reason, recordingEnabled = false, now = new Date() } = opts;
  const clinicianId = actor.role === "CLINICIAN" ? actor.userId : opts.clinicianId;
  if (!clinicianId) throw new AppError("BAD_REQUEST", "Choose the clinician to book with.", { reason: "clinician_required" });
  if (scheduledStart.getTime() < now.getTime() - 60_000) {
    throw new AppError("BAD_REQUEST", "Choose a time in the future.", { reason: "start_in_past" });
  }
  const scheduledEnd = new Date(scheduledStart.getTime() + durationMinutes * 60_000);
  // Read before the transaction, which stays short (concurrent bookings queue on it).
  const clinicDay = await getClinicDay();

  // Concurrent bookings of overlapping times can deadlock in the no-overlap check: the
  // victim runs again and meets the winner's booking (retryWriteConflicts).
  const booked = await retryWriteConflicts(() =>
    db.$transaction(async (tx) => {
      const patient = await findVisiblePatient(tx, actor, patientId, { id: true, givenName: true, familyName: true }, "consultation.book");
      const clinician = await tx.user.findFirst({ where: { id: clinicianId, role: "CLINICIAN", deactivatedAt: null }, select: { id: true, timeZone: true } });
      if (!clinician) throw notFound("Clinician");
      assertWithinClinicHours({ clinicDay, clinicianTimeZone: clinician.timeZone, start: scheduledStart, end: scheduledEnd });
      // An admin booking for a clinician puts the patient in that clinician's care.
      await tx.careTeamMember.upsert({
        where: { patientId_clinicianId: { patientId, clinicianId } },
        create: { patientId, clinicianId },
        update: {},
      });
      let visitId = opts.visitId;
      if (visitId) {
        const visit = await tx.visit.findFirst({ where: { id: visitId, patientId, clinicianId }, select: { status: true } });
        if (!visit) throw notFound("Visit", { actor, entry: { action: "consultation.book", entityType: "Visit", entityId: visitId, patientId } });
        if (visit.status !== "OPEN")
          throw new AppError("PRECONDITION_FAILED", "That visit is closed. Book into an open visit or open a new one.", { reason: "visit_closed" });
      } else {
        visitId = (await tx.visit.create({ data: { patientId, clinicianId, chiefComplaint: reason ?? null }, select: { id: true } })).id;
      }
      const consultation = await tx.consultation.create({
        data: {
          clinicianId,
          patientId,
          visitId,
          scheduledStart,
          scheduledEnd,
          durationMinutes,
          reason: reason ?? null,
          createdById: actor.userId,
          ...reminderMarks(scheduledStart, now),
        },
        select: { id: true, visitId: true, scheduledStart: true, durationMinutes: true, status: true },
      });
      const session = await insertSession(tx, { visitId, consultationId: consultation.id, scheduledStart, recordingEnabled, createdById: actor.userId });
      // A patient without a portal account gets one: the emailed join link signs it in.
      await ensurePatientUser(tx, patientId);
      // The patient's booking email (with their join link) and the clinician's copy are
      // queued in this transaction: sent if and only if the booking commits.
      await notifyConsultationBooked(tx, { consultationId: consultation.id, actor, now, notifyClinician: actor.userId !== clinicianId });
      await recordAudit(tx, actor, {
        action: "consultation.book",
        entityType: "Consultation",
        entityId: consultation.id,
        patientId: patient.id,
        metadata: { sessionId: session.id, durationMinutes },
      });
      return { ...consultation, sessionId: session.id };
    }),
  ).catch(async (e: unknown) => {
    throw await explainDoubleBooking(e, { clinicianId, start: scheduledStart, end: scheduledEnd, timeZone: opts.timeZone, now });
  });
  publishAfterCommit([createEvent("consultation.updated", patientId, { consultationId: booked.id, status: booked.status })]);
  return booked;
}
