import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { notifyGuestInvited } from "@/server/notifications/session-notifications";
import { assertNotFinished, assertRole, loadSession } from "./session-context";

const MAX_GUESTS = 2; // the call is a mesh of at most four: clinician, patient, two guests

/**
 * The clinician invites a family member or interpreter to one session. The guest gets a
 * join link by email that signs them in with guest rights for this session only.
 */
export async function inviteGuest({
  actor,
  sessionId,
  email,
  name,
  now = new Date(),
}: {
  actor: Actor;
  sessionId: string;
  email: string;
  name: string;
  now?: Date;
}) {
  const address = email.trim().toLowerCase();
  return db.$transaction(async (tx) => {
    const { session, role } = await loadSession(tx, actor, sessionId, "session.invite_guest");
    assertRole(role, ["CLINICIAN"], "the visit's clinician");
    assertNotFinished(session);
    const guests = session.participants.filter((p) => p.role === "GUEST");
    const existing = await tx.user.findUnique({ where: { email: address }, select: { id: true, role: true, deactivatedAt: true } });
    if (existing && existing.role !== "GUEST") {
      throw new AppError("CONFLICT", "That email belongs to a Bedside account that is not a guest. Invite another address for this person.", {
        reason: "email_not_guest",
      });
    }
    if (existing && guests.some((g) => g.userId === existing.id)) {
      throw new AppError("CONFLICT", "This guest is already invited. Resend their link instead.", { reason: "already_invited" });
    }
    if (guests.length >= MAX_GUESTS) {
      throw new AppError("PRECONDITION_FAILED", `A session can have at most ${MAX_GUESTS} guests.`, { reason: "too_many_guests" });
    }
    const guest =
      existing ?? (await tx.user.create({ data: { email: address, name: name.trim(), role: "GUEST" }, select: { id: true, role: true, deactivatedAt: true } }));
    if (guest.deactivatedAt) await tx.user.update({ where: { id: guest.id }, data: { deactivatedAt: null } });
    const participant = await tx.sessionParticipant.create({
      data: { sessionId, userId: guest.id, role: "GUEST", displayName: name.trim(), invitedAt: now, invitedById: actor.userId },
      select: { id: true },
    });
    const sent = await notifyGuestInvited(tx, { sessionId, guestUserId: guest.id, actor, now });
    await recordAudit(tx, actor, {
      action: "session.invite_guest",
      entityType: "SessionParticipant",
      entityId: participant.id,
      patientId: session.visit.patientId,
      metadata: { sessionId },
    });
    return { participantId: participant.id, guestUserId: guest.id, joinLinkId: sent.joinLinkId };
  });
}
