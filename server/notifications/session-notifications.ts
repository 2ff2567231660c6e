// Emails around a video session, for the sessions and billing workstreams to call inside
// their own transactions: a guest's invitation (with a join link), "patient waiting" for
// the clinician, and the patient's summary after the visit.
import "server-only";
import { env } from "@/env";
import type { AnyActor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import type { Tx } from "@/server/db";
import { createJoinLink } from "@/server/join-links/create-join-link";
import { joinWindowAt, joinWindowPolicy } from "@/server/join-links/join-window-policy";
import { appUrl, calendarRef, creatorId } from "./context";
import { enqueueEmail } from "./enqueue-email";
import { displayName, patientFullName, patientLabel } from "./people";

async function loadSession(tx: Tx, sessionId: string) {
  return tx.telemedicineSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: {
      id: true,
      status: true,
      scheduledStart: true,
      startedAt: true,
      endedAt: true,
      durationSeconds: true,
      consultation: { select: { id: true, scheduledStart: true, durationMinutes: true } },
      visit: {
        select: {
          id: true,
          patientId: true,
          clinician: { select: { id: true, name: true, title: true, email: true, timeZone: true, deactivatedAt: true } },
          patient: { select: { givenName: true, familyName: true, email: true, timeZone: true, user: { select: { email: true, deactivatedAt: true } } } },
        },
      },
    },
  });
}

/**
 * Invite a guest (a GUEST user with a SessionParticipant row, created by the caller) to a
 * session: a join link bound to that session and guest, valid until the join window closes
 * (at least JOIN_WINDOW_AFTER_MINUTES from now for a visit already under way), and the email.
 */
export async function notifyGuestInvited(
  tx: Tx,
  { sessionId, guestUserId, actor, now = new Date() }: { sessionId: string; guestUserId: string; actor: AnyActor; now?: Date },
): Promise<{ emailId: string; joinLinkId: string }> {
  const s = await loadSession(tx, sessionId);
  const guest = await tx.user.findUniqueOrThrow({ where: { id: guestUserId }, select: { id: true, email: true, name: true, timeZone: true } });
  const start = s.consultation?.scheduledStart ?? s.scheduledStart ?? null;
  const closes = joinWindowAt(start ?? now).closesAt;
  const expiresAt = new Date(Math.max(closes.getTime(), now.getTime() + joinWindowPolicy().afterMinutes * 60_000));
  const link = await createJoinLink(tx, {
    consultationId: s.consultation?.id ?? null,
    sessionId: s.id,
    userId: guest.id,
    role: "GUEST",
    createdById: creatorId(actor),
    expiresAt,
  });
  await recordAudit(tx, actor, {
    action: "join_link.create",
    entityType: "JoinLink",
    entityId: link.id,
    patientId: s.visit.patientId,
    metadata: { sessionId: s.id, role: "GUEST" },
  });
  const upcoming = start && start > now ? start : null;
  const email = await enqueueEmail(tx, {
    to: guest.email,
    template: "guest-invitation",
    props: {
      clinicName: env.CLINIC_NAME,
      guestName: guest.name ?? "there",
      clinicianName: displayName(s.visit.clinician),
      startsAt: upcoming ? upcoming.toISOString() : null,
      durationMinutes: s.consultation?.durationMinutes ?? null,
      timeZone: guest.timeZone,
      joinUrl: link.url,
      ...(upcoming && s.consultation ? { calendar: calendarRef(s.consultation.id, now) } : {}),
    },
  });
  return { emailId: email.id, joinLinkId: link.id };
}

/** Tell the clinician their patient is in the waiting room (once per session and participant). */
export async function notifyPatientWaiting(
  tx: Tx,
  { sessionId, participantUserId, waitingSince = new Date() }: { sessionId: string; participantUserId: string; waitingSince?: Date },
): Promise<{ emailId: string | null }> {
  const s = await loadSession(tx, sessionId);
  const clinician = s.visit.clinician;
  if (clinician.deactivatedAt) return { emailId: null };
  const email = await enqueueEmail(tx, {
    to: clinician.email,
    template: "patient-waiting",
    dedupeKey: `patient-waiting:${s.id}:${participantUserId}`,
    props: {
      clinicName: env.CLINIC_NAME,
      clinicianName: displayName(clinician),
      patientLabel: patientLabel(s.visit.patient),
      waitingSince: waitingSince.toISOString(),
      timeZone: clinician.timeZone,
      sessionUrl: appUrl(`/session/${s.id}`),
    },
  });
  return { emailId: email.id };
}

/** After a session ends: the patient's summary with date, duration, clinician and what was billed. Once per session. */
export async function notifySessionSummary(tx: Tx, { sessionId }: { sessionId: string }): Promise<{ emailId: string | null }> {
  // One statement (the nested select is one query per relation, each a round trip inside
  // the caller's transaction: the clinician's End waits for all of them).
  const [s] = await tx.$queryRaw<
    {
      id: string;
      startedAt: Date | null;
      scheduledStart: Date | null;
      consultationStart: Date | null;
      endedAt: Date | null;
      durationSeconds: number | null;
      clinicianName: string | null;
      clinicianTitle: string | null;
      clinicianEmail: string;
      givenName: string;
      familyName: string;
      patientEmail: string | null;
      timeZone: string;
      userEmail: string | null;
      userDeactivatedAt: Date | null;
    }[]
  >`
    SELECT s."id", s."startedAt", s."scheduledStart", c."scheduledStart" AS "consultationStart", s."endedAt", s."durationSeconds",
           cl."name" AS "clinicianName", cl."title" AS "clinicianTitle", cl."email" AS "clinicianEmail",
           p."givenName", p."familyName", p."email" AS "patientEmail", p."timeZone",
           u."email" AS "userEmail", u."deactivatedAt" AS "userDeactivatedAt"
      FROM "TelemedicineSession" AS s
      JOIN "Visit" AS v ON v."id" = s."visitId"
      JOIN "User" AS cl ON cl."id" = v."clinicianId"
      JOIN "Patient" AS p ON p."id" = v."patientId"
      LEFT JOIN "User" AS u ON u."id" = p."userId"
      LEFT JOIN "Consultation" AS c ON c."id" = s."consultationId"
     WHERE s."id" = ${sessionId}`;
  if (!s) throw new Error(`notifySessionSummary: session ${sessionId} not found`);
  const to = s.userEmail && !s.userDeactivatedAt ? s.userEmail : s.patientEmail;
  if (!to) return { emailId: null };
  const charges = await tx.charge.findMany({
    where: { sessionId: s.id, voidedAt: null },
    orderBy: { createdAt: "asc" },
    select: { description: true, quantity: true, amountMinor: true, currency: true },
  });
  const startedAt = s.startedAt ?? s.scheduledStart ?? s.consultationStart ?? new Date();
  const durationSeconds = s.durationSeconds ?? (s.endedAt ? Math.round((s.endedAt.getTime() - startedAt.getTime()) / 1000) : 0);
  const email = await enqueueEmail(tx, {
    to,
    template: "session-summary",
    dedupeKey: `session-summary:${s.id}`,
    props: {
      clinicName: env.CLINIC_NAME,
      recipientName: patientFullName(s),
      clinicianName: displayName({ name: s.clinicianName, title: s.clinicianTitle, email: s.clinicianEmail }),
      startedAt: startedAt.toISOString(),
      durationSeconds,
      timeZone: s.timeZone,
      charges: charges.map(({ description, quantity, amountMinor }) => ({ description, quantity, amountMinor })),
      currency: charges[0]?.currency ?? env.CLINIC_CURRENCY,
      visitUrl: appUrl("/patient"),
    },
  });
  return { emailId: email.id };
}
