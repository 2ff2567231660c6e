import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { revokeAllSessions } from "@/server/auth/session";
import { db } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { issueInvitation } from "./invitation-token";
import { requireAdmin } from "@/server/access/roles";

// Staff accounts: invite (no password until the invitee chooses one), resend, deactivate.

async function actorName(actor: Actor) {
  const me = await db.user.findUnique({ where: { id: actor.userId }, select: { name: true, email: true } });
  return me?.name ?? me?.email ?? "An administrator";
}

/** Invite a clinician or an administrator by email. */
export async function inviteStaff({
  actor,
  email,
  name,
  role,
  now = new Date(),
}: {
  actor: Actor;
  email: string;
  name: string;
  role: "CLINICIAN" | "ADMIN";
  now?: Date;
}) {
  requireAdmin(actor, "user.invite");
  const normalized = email.trim().toLowerCase();
  const invitedByName = await actorName(actor);
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: normalized }, select: { id: true } });
    if (existing) {
      throw new AppError("CONFLICT", "Someone already has an account with this email. Resend their invitation from the list instead.", {
        reason: "email_taken",
      });
    }
    const user = await tx.user.create({ data: { email: normalized, name, role, invitedAt: now }, select: { id: true, email: true, name: true, role: true } });
    await issueInvitation(tx, { user, invitedByName, now });
    await recordAudit(tx, actor, { action: "user.invite", entityType: "User", entityId: user.id, metadata: { role } });
    return { userId: user.id };
  });
}

/** Send a new invitation link (the old one stops working). Only for invitees who have not set a password. */
export async function resendInvitation({ actor, userId, now = new Date() }: { actor: Actor; userId: string; now?: Date }) {
  requireAdmin(actor, "user.invite_resend");
  const invitedByName = await actorName(actor);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { id: true, email: true, name: true, role: true, passwordHash: true, deactivatedAt: true },
    });
    if (!user || (user.role !== "CLINICIAN" && user.role !== "ADMIN")) throw notFound("Staff member");
    if (user.deactivatedAt)
      throw new AppError("PRECONDITION_FAILED", "This account is deactivated. Invitations cannot be sent to it.", { reason: "deactivated" });
    if (user.passwordHash) throw new AppError("PRECONDITION_FAILED", "This person has already set a password and can sign in.", { reason: "already_active" });
    await tx.user.update({ where: { id: user.id }, data: { invitedAt: now } });
    await issueInvitation(tx, { user, invitedByName, now });
    await recordAudit(tx, actor, { action: "user.invite_resend", entityType: "User", entityId: user.id });
    return { userId: user.id };
  });
}

/** Deactivate an account: it can no longer sign in, and every open session ends at once. */
export async function deactivateUser({ actor, userId, now = new Date() }: { actor: Actor; userId: string; now?: Date }) {
  requireAdmin(actor, "user.deactivate");
  if (userId === actor.userId) {
    throw new AppError("PRECONDITION_FAILED", "You cannot deactivate your own account. Ask another administrator.", { reason: "self" });
  }
  const result = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, role: true, deactivatedAt: true, patient: { select: { id: true } } } });
    if (!user) throw notFound("User");
    if (user.deactivatedAt) return { userId: user.id, deactivatedAt: user.deactivatedAt, changed: false };
    // Conditional, so two admins deactivating at once record it once.
    const { count } = await tx.user.updateMany({ where: { id: user.id, deactivatedAt: null }, data: { deactivatedAt: now } });
    if (count === 1) {
      await recordAudit(tx, actor, {
        action: "user.deactivate",
        entityType: "User",
        entityId: user.id,
        patientId: user.patient?.id ?? null,
        metadata: { role: user.role },
      });
    }
    return { userId: user.id, deactivatedAt: now, changed: count === 1 };
  });
  // Every server-side check also refuses a deactivated user, so this is belt and braces.
  const revokedSessions = await revokeAllSessions(userId, "deactivated");
  return { userId: result.userId, deactivatedAt: result.deactivatedAt, revokedSessions };
}
