import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { env } from "@/env";
import type { Tx } from "@/server/db";
import { enqueueEmail } from "@/server/notifications/enqueue-email";

export const INVITATION_TTL_DAYS = 7;

export const hashSetupToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * A fresh password-setup link for an invited staff member: 256 random bits, only the SHA-256
 * kept. Earlier unused links of the user stop working, so only the newest email is valid.
 * The email goes through the outbox in the caller's transaction.
 */
export async function issueInvitation(
  tx: Tx,
  opts: { user: { id: string; email: string; name: string | null; role: string }; invitedByName: string; now: Date },
) {
  await tx.passwordSetupToken.updateMany({ where: { userId: opts.user.id, usedAt: null, expiresAt: { gt: opts.now } }, data: { expiresAt: opts.now } });
  const token = randomBytes(32).toString("base64url");
  const row = await tx.passwordSetupToken.create({
    data: {
      userId: opts.user.id,
      tokenHash: hashSetupToken(token),
      purpose: "invite",
      expiresAt: new Date(opts.now.getTime() + INVITATION_TTL_DAYS * 24 * 60 * 60_000),
    },
    select: { id: true },
  });
  await enqueueEmail(tx, {
    to: opts.user.email,
    template: "staff-invitation",
    props: {
      clinicName: env.CLINIC_NAME,
      inviteeName: opts.user.name ?? opts.user.email,
      role: opts.user.role === "ADMIN" ? "ADMIN" : "CLINICIAN",
      invitedByName: opts.invitedByName,
      url: `${env.APP_URL}/set-password/${token}`,
      expiresInDays: INVITATION_TTL_DAYS,
    },
    dedupeKey: `staff-invitation:${row.id}`,
  });
  return { tokenId: row.id, token };
}
