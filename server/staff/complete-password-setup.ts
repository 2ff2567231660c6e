import "server-only";
import { recordAudit } from "@/server/audit/record-audit";
import { hashPassword } from "@/server/auth/password";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { newRequestId } from "@/server/request-id";
import { hashSetupToken } from "./invitation-token";

export const MIN_PASSWORD_LENGTH = 12;

const linkProblem = () =>
  new AppError("NOT_FOUND", "This link has expired or was already used. Ask an administrator to send you a new invitation.", { reason: "setup_link_invalid" });

/** Who a password-setup link is for, if it still works (for the page, before the form). */
export async function describeSetupToken({ token, now = new Date() }: { token: string; now?: Date }) {
  const row = await db.passwordSetupToken.findUnique({
    where: { tokenHash: hashSetupToken(token) },
    select: { usedAt: true, expiresAt: true, user: { select: { email: true, name: true, deactivatedAt: true } } },
  });
  if (!row || row.usedAt || row.expiresAt <= now || row.user.deactivatedAt) return null;
  return { email: row.user.email, name: row.user.name };
}

/**
 * Set the password of an invited account. The link is spent by a conditional update, so two
 * submissions of one link set at most one password.
 */
export async function completePasswordSetup({ token, password, now = new Date() }: { token: string; password: string; now?: Date }) {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > 128) {
    throw new AppError("BAD_REQUEST", `Choose a password of ${MIN_PASSWORD_LENGTH} to 128 characters.`, { reason: "weak_password" });
  }
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const row = await tx.passwordSetupToken.findUnique({
      where: { tokenHash: hashSetupToken(token) },
      select: { id: true, userId: true, user: { select: { deactivatedAt: true } } },
    });
    if (!row || row.user.deactivatedAt) throw linkProblem();
    const spent = await tx.passwordSetupToken.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (spent.count !== 1) throw linkProblem();
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash, emailVerified: now } });
    await recordAudit(
      tx,
      { system: "auth", requestId: newRequestId(), subjectId: row.userId },
      { action: "user.password_set", entityType: "User", entityId: row.userId },
    );
    return { userId: row.userId };
  });
}
