// Emails and join links around a booking. The consultations workstream calls these inside
// its own booking / rescheduling / cancelling transaction, so the emails go out if and only
// if the change commits (the outbox delivers them afterwards). They only queue messages (and
// the join link each patient email carries): the changes a booking makes to accounts,
// reminders and earlier links are the domain's, written before it calls these.
import "server-only";
import { env } from "@/env";
import type { AnyActor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import type { Tx } from "@/server/db";
import { createJoinLink } from "@/server/join-links/create-join-link";
import { consultationLinkExpiry } from "@/server/join-links/follow-consultation";
import { joinWindowPolicy } from "@/server/join-links/join-window-policy";
import { newJoinToken } from "@/server/join-links/token";
import { joinUrl } from "@/server/join-links/create-join-link";
import { appUrl, calendarRef, creatorId } from "./context";
import { enqueueEmail } from "./enqueue-email";
import { displayName, patientFullName, patientLabel } from "./people";

export interface NotifyResult {
  patientEmailId: string | null;
  clinicianEmailId: string | null;
  joinLinkId: string | null;
}

async function loadConsultation(tx: Tx, consultationId: string) {
  return tx.consultation.findUniqueOrThrow({
    where: { id: consultationId },
    select: {
      id: true,
      status: true,
      scheduledStart: true,
      durationMinutes: true,
      patientId: true,
      clinician: { select: { id: true, name: true, title: true, email: true, timeZone: true, deactivatedAt: true } },
      patient: {
        select: {
          id: true,
          givenName: true,
          familyName: true,
          email: true,
          timeZone: true,
          userId: true,
          user: { select: { id: true, email: true, deactivatedAt: true } },
        },
      },
    },
  });
}
type LoadedConsultation = Awaited<ReturnType<typeof loadConsultation>>;

/** The patient's active portal account, if any (booking creates one where it can). */
function patientAccount(patient: LoadedConsultation["patient"]): { id: string; email: string } | null {
  return patient.user && !patient.user.deactivatedAt ? { id: patient.user.id, email: patient.user.email } : null;
}

/** Render the email with a new token first; the link row is written only if the email was. */
async function emailWithJoinLink(
  tx: Tx,
  c: LoadedConsultation,
  userId: string,
  actor: AnyActor,
  send: (url: string) => Promise<{ id: string; created: boolean }>,
): Promise<{ emailId: string; joinLinkId: string | null }> {
  const prepared = newJoinToken();
  const email = await send(joinUrl(prepared.token));
  if (!email.created) return { emailId: email.id, joinLinkId: null };
  const link = await createJoinLink(tx, {
    consultationId: c.id,
    userId,
    role: "PATIENT",
    createdById: creatorId(actor),
    expiresAt: consultationLinkExpiry(c.scheduledStart),
    prepared,
  });
  await recordAudit(tx, actor, {
    action: "join_link.create",
    entityType: "JoinLink",
    entityId: link.id,
    patientId: c.patientId,
    metadata: { consultationId: c.id },
  });
  return { emailId: email.id, joinLinkId: link.id };
}

/**
 * A consultation was booked: email the patient's portal account (local time, join link,
 * .ics) and the clinician. Idempotent per consultation. Call `ensurePatientUser` first so a
 * patient without an account gets one for the link.
 */
export async function notifyConsultationBooked(
  tx: Tx,
  { consultationId, actor, now = new Date(), notifyClinician = true }: { consultationId: string; actor: AnyActor; now?: Date; notifyClinician?: boolean },
): Promise<NotifyResult> {
  const c = await loadConsultation(tx, consultationId);
  const clinicianName = displayName(c.clinician);
  const result: NotifyResult = { patientEmailId: null, clinicianEmailId: null, joinLinkId: null };

  const user = patientAccount(c.patient);
  if (user) {
    const sent = await emailWithJoinLink(tx, c, user.id, actor, (url) =>
      enqueueEmail(tx, {
        to: user.email,
        template: "consultation-booked",
        dedupeKey: `consultation-booked:${c.id}:patient`,
        props: {
          clinicName: env.CLINIC_NAME,
          recipientName: patientFullName(c.patient),
          clinicianName,
          startsAt: c.scheduledStart.toISOString(),
          durationMinutes: c.durationMinutes,
          timeZone: c.patient.timeZone,
          joinUrl: url,
          joinOpensMinutesBefore: joinWindowPolicy().beforeMinutes,
          calendar: calendarRef(c.id, now),
        },
      }),
    );
    result.patientEmailId = sent.emailId;
    result.joinLinkId = sent.joinLinkId;
  }
  if (notifyClinician && !c.clinician.deactivatedAt) {
    const e = await enqueueEmail(tx, {
      to: c.clinician.email,
      template: "consultation-booked-clinician",
      dedupeKey: `consultation-booked:${c.id}:clinician`,
      props: {
        clinicName: env.CLINIC_NAME,
        clinicianName,
        patientLabel: patientLabel(c.patient),
        startsAt: c.scheduledStart.toISOString(),
        durationMinutes: c.durationMinutes,
        timeZone: c.clinician.timeZone,
        consultationUrl: appUrl("/clinician"),
      },
    });
    result.clinicianEmailId = e.id;
  }
  return result;
}

/**
 * A consultation moved (call after updating scheduledStart/End and moving its join links):
 * the patient gets the new time with a new link and an updated .ics. The clinician gets a
 * copy unless they made the change.
 */
export async function notifyConsultationRescheduled(
  tx: Tx,
  {
    consultationId,
    previousStart,
    actor,
    now = new Date(),
    notifyClinician,
  }: { consultationId: string; previousStart: Date; actor: AnyActor; now?: Date; notifyClinician?: boolean },
): Promise<NotifyResult> {
  const c = await loadConsultation(tx, consultationId);
  const clinicianName = displayName(c.clinician);
  const result: NotifyResult = { patientEmailId: null, clinicianEmailId: null, joinLinkId: null };
  const startKey = c.scheduledStart.toISOString();

  const user = patientAccount(c.patient);
  if (user) {
    const sent = await emailWithJoinLink(tx, c, user.id, actor, (url) =>
      enqueueEmail(tx, {
        to: user.email,
        template: "consultation-rescheduled",
        dedupeKey: `consultation-rescheduled:${c.id}:${startKey}:patient`,
        props: {
          clinicName: env.CLINIC_NAME,
          recipientName: patientFullName(c.patient),
          clinicianName,
          previousStartsAt: previousStart.toISOString(),
          startsAt: startKey,
          durationMinutes: c.durationMinutes,
          timeZone: c.patient.timeZone,
          actionUrl: url,
          audience: "patient",
          calendar: calendarRef(c.id, now),
        },
      }),
    );
    result.patientEmailId = sent.emailId;
    result.joinLinkId = sent.joinLinkId;
  }
  const toClinician = notifyClinician ?? !("userId" in actor && actor.userId === c.clinician.id);
  if (toClinician && !c.clinician.deactivatedAt) {
    const e = await enqueueEmail(tx, {
      to: c.clinician.email,
      template: "consultation-rescheduled",
      dedupeKey: `consultation-rescheduled:${c.id}:${startKey}:clinician`,
      props: {
        clinicName: env.CLINIC_NAME,
        recipientName: clinicianName,
        clinicianName,
        previousStartsAt: previousStart.toISOString(),
        startsAt: startKey,
        durationMinutes: c.durationMinutes,
        timeZone: c.clinician.timeZone,
        actionUrl: appUrl("/clinician"),
        audience: "clinician",
        patientLabel: patientLabel(c.patient),
      },
    });
    result.clinicianEmailId = e.id;
  }
  return result;
}

/**
 * A consultation was cancelled (call after setting status CANCELLED and revoking its join
 * links): the patient is told, with a calendar cancellation. The clinician gets a copy unless
 * they cancelled it.
 */
export async function notifyConsultationCancelled(
  tx: Tx,
  { consultationId, actor, now = new Date(), notifyClinician }: { consultationId: string; actor: AnyActor; now?: Date; notifyClinician?: boolean },
): Promise<NotifyResult> {
  const c = await loadConsultation(tx, consultationId);
  const clinicianName = displayName(c.clinician);
  const result: NotifyResult = { patientEmailId: null, clinicianEmailId: null, joinLinkId: null };

  const to = patientAccount(c.patient)?.email ?? c.patient.email;
  if (to) {
    const e = await enqueueEmail(tx, {
      to,
      template: "consultation-cancelled",
      dedupeKey: `consultation-cancelled:${c.id}:patient`,
      props: {
        clinicName: env.CLINIC_NAME,
        recipientName: patientFullName(c.patient),
        clinicianName,
        startsAt: c.scheduledStart.toISOString(),
        durationMinutes: c.durationMinutes,
        timeZone: c.patient.timeZone,
        audience: "patient",
        calendar: calendarRef(c.id, now),
      },
    });
    result.patientEmailId = e.id;
  }
  const toClinician = notifyClinician ?? !("userId" in actor && actor.userId === c.clinician.id);
  if (toClinician && !c.clinician.deactivatedAt) {
    const e = await enqueueEmail(tx, {
      to: c.clinician.email,
      template: "consultation-cancelled",
      dedupeKey: `consultation-cancelled:${c.id}:clinician`,
      props: {
        clinicName: env.CLINIC_NAME,
        recipientName: clinicianName,
        clinicianName,
        startsAt: c.scheduledStart.toISOString(),
        durationMinutes: c.durationMinutes,
        timeZone: c.clinician.timeZone,
        audience: "clinician",
        patientLabel: patientLabel(c.patient),
      },
    });
    result.clinicianEmailId = e.id;
  }
  return result;
}

/**
 * The reminder for one consultation, if still due: claims it on the Consultation row
 * (reminder24hAt / reminder15mAt, set only if still empty) and queues the email with a
 * dedupeKey, so two scheduler instances never both send it. Returns whether it was queued.
 */
export async function sendConsultationReminder(
  tx: Tx,
  { consultationId, lead, now = new Date() }: { consultationId: string; lead: "24h" | "15m"; now?: Date },
): Promise<boolean> {
  const column = lead === "24h" ? "reminder24hAt" : "reminder15mAt";
  const claimed = await tx.consultation.updateMany({ where: { id: consultationId, status: "SCHEDULED", [column]: null }, data: { [column]: now } });
  if (claimed.count !== 1) return false;
  const c = await loadConsultation(tx, consultationId);
  const user = patientAccount(c.patient);
  if (!user) return false;
  const actor: AnyActor = { system: "scheduler", requestId: `reminder-${lead}:${c.id}` };
  const sent = await emailWithJoinLink(tx, c, user.id, actor, (url) =>
    enqueueEmail(tx, {
      to: user.email,
      template: "consultation-reminder",
      dedupeKey: `reminder-${lead}:${c.id}:${c.scheduledStart.toISOString()}`,
      props: {
        clinicName: env.CLINIC_NAME,
        recipientName: patientFullName(c.patient),
        clinicianName: displayName(c.clinician),
        startsAt: c.scheduledStart.toISOString(),
        timeZone: c.patient.timeZone,
        joinUrl: url,
        lead,
      },
    }),
  );
  return sent.joinLinkId !== null;
}
