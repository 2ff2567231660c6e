import "server-only";
import { env } from "@/env";
import { db } from "@/server/db";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { AppError } from "@/server/errors";
import { calendarRef, creatorId } from "@/server/notifications/context";
import { enqueueEmail } from "@/server/notifications/enqueue-email";
import { notifyGuestInvited } from "@/server/notifications/session-notifications";
import { displayName, patientFullName } from "@/server/notifications/people";
import { createJoinLink } from "./create-join-link";
import { joinWindowState } from "@/lib/join-window";
import { joinWindowAt, joinWindowPolicy } from "./join-window-policy";
import { findJoinLinkConsultation, findJoinLinkSession } from "@/server/access/join-link-access";

/**
 * Send a fresh join link (the old ones keep working; revoke them separately if they went
 * astray): to the consultation's patient, or to a guest of a session.
 */
export async function resendJoinLink({
  actor,
  consultationId,
  sessionId,
  guestUserId,
  now = new Date(),
}: {
  actor: Actor;
  consultationId?: string;
  sessionId?: string;
  guestUserId?: string;
  now?: Date;
}): Promise<{ emailId: string; joinLinkId: string }> {
  // Access first, outside the write transaction, so a refusal is audited on its own.
  const access = sessionId && guestUserId ? null : consultationId ? await findJoinLinkConsultation(db, actor, consultationId) : null;
  if (sessionId && guestUserId) await findJoinLinkSession(db, actor, sessionId);
  return db.$transaction(async (tx) => {
    if (sessionId && guestUserId) {
      const guest = await tx.sessionParticipant.findUnique({ where: { sessionId_userId: { sessionId, userId: guestUserId } }, select: { role: true } });
      if (!guest || guest.role !== "GUEST") throw new AppError("NOT_FOUND", "That guest is not invited to this session.", { reason: "not_found" });
      return notifyGuestInvited(tx, { sessionId, guestUserId, actor, now });
    }
    if (!consultationId || !access) throw new AppError("BAD_REQUEST", "Say which consultation or guest the link is for.", { reason: "invalid_input" });
    if (access.status !== "SCHEDULED" && access.status !== "WAITING" && access.status !== "IN_PROGRESS") {
      throw new AppError("PRECONDITION_FAILED", "This consultation is over or cancelled, so it has no join link to send.", { reason: "consultation_closed" });
    }
    const window = joinWindowAt(access.scheduledStart);
    if (joinWindowState(window, now) === "closed") {
      throw new AppError("PRECONDITION_FAILED", "The join window for this consultation has closed. Reschedule it to send a new link.", {
        reason: "outside_join_window",
      });
    }
    const c = await tx.consultation.findUniqueOrThrow({
      where: { id: consultationId },
      select: {
        durationMinutes: true,
        clinician: { select: { name: true, title: true } },
        patient: { select: { givenName: true, familyName: true, timeZone: true, user: { select: { id: true, email: true, deactivatedAt: true } } } },
      },
    });
    const user = c.patient.user;
    if (!user || user.deactivatedAt) {
      throw new AppError("PRECONDITION_FAILED", "This patient has no active account to send a link to. Check their email address in their record.", {
        reason: "no_patient_account",
      });
    }
    const link = await createJoinLink(tx, { consultationId, userId: user.id, role: "PATIENT", createdById: creatorId(actor), expiresAt: window.closesAt });
    await recordAudit(tx, actor, {
      action: "join_link.create",
      entityType: "JoinLink",
      entityId: link.id,
      patientId: access.patientId,
      metadata: { consultationId, resent: true },
    });
    const email = await enqueueEmail(tx, {
      to: user.email,
      template: "consultation-booked",
      props: {
        clinicName: env.CLINIC_NAME,
        recipientName: patientFullName(c.patient),
        clinicianName: displayName(c.clinician),
        startsAt: access.scheduledStart.toISOString(),
        durationMinutes: c.durationMinutes,
        timeZone: c.patient.timeZone,
        joinUrl: link.url,
        joinOpensMinutesBefore: joinWindowPolicy().beforeMinutes,
        calendar: calendarRef(consultationId, now),
        variant: "resent",
      },
    });
    return { emailId: email.id, joinLinkId: link.id };
  });
}
