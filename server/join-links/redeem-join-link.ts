import "server-only";
import { db } from "@/server/db";
import type { Actor } from "@/server/audit/actor";
import { recordAudit, recordDenied } from "@/server/audit/record-audit";
import { AppError } from "@/server/errors";
import type { Role } from "@/server/generated/prisma/enums";
import { inspectJoinLink, type JoinLinkProblem } from "./inspect-join-link";

export interface RedeemJoinLinkOptions {
  token: string;
  /** Who this browser is already signed in as (an active session), if anyone. */
  currentUserId: string | null;
  now?: Date;
  requestId: string;
  ip?: string | null;
}

export interface RedeemedJoinLink {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  sessionId: string;
}

const PROBLEMS: Record<JoinLinkProblem, string> = {
  invalid: "This join link is not valid. Check that you copied the whole address, or ask the clinic for a new link.",
  revoked: "This join link has been withdrawn by the clinic. Use the most recent email you received, or ask the clinic for a new link.",
  expired: "This join link has expired: links work only until shortly after the visit's start. Contact the clinic if you still need to join.",
  cancelled: "This visit was cancelled, so its link no longer works. Contact the clinic to book a new time.",
  ended: "This visit has ended, so its link no longer works. Contact the clinic if you need anything else.",
};

export function joinLinkProblemMessage(problem: JoinLinkProblem): string {
  return PROBLEMS[problem];
}

/**
 * Use a join link: the only step that signs anyone in (called by the Auth.js "join-link"
 * provider on POST). It returns the link's own invitee, never anyone else; a browser
 * signed in as somebody else is refused rather than switched. Each use is counted and audited.
 */
export async function redeemJoinLink({ token, currentUserId, now = new Date(), requestId, ip = null }: RedeemJoinLinkOptions): Promise<RedeemedJoinLink> {
  // Refusals are decided (and audited) before the write transaction, so the denial is
  // recorded on its own and never waits on the transaction it refuses.
  const first = await inspectJoinLink({ token, now });
  if (first.status === "ready" && currentUserId && currentUserId !== first.userId) {
    const current = await db.user.findUnique({ where: { id: currentUserId }, select: { role: true } });
    await recordDenied(
      { userId: currentUserId, role: current?.role ?? "GUEST", requestId, ip },
      {
        action: "join_link.redeem",
        entityType: "JoinLink",
        entityId: first.linkId,
        metadata: { reason: "other_user" },
      },
    );
    throw new AppError("FORBIDDEN", "This browser is signed in to another account. Sign out first, then open the link again.", { reason: "other_user" });
  }
  return db.$transaction(async (tx) => {
    const view = await inspectJoinLink({ token, now, tx });
    if (view.status !== "ready") {
      throw new AppError(view.status === "invalid" ? "NOT_FOUND" : "PRECONDITION_FAILED", PROBLEMS[view.status], { reason: view.status });
    }
    const user = await tx.user.findUniqueOrThrow({ where: { id: view.userId }, select: { id: true, email: true, name: true, role: true } });
    const actor: Actor = { userId: user.id, role: user.role, requestId, ip, scopeSessionId: view.sessionId };
    if (currentUserId && currentUserId !== view.userId) {
      await recordDenied(
        { userId: currentUserId, role: "GUEST", requestId, ip },
        { action: "join_link.redeem", entityType: "JoinLink", entityId: view.linkId, metadata: { reason: "other_user" } },
      );
      throw new AppError("FORBIDDEN", "This browser is signed in to another account. Sign out first, then open the link again.", { reason: "other_user" });
    }
    if (!view.sessionId) {
      throw new AppError("PRECONDITION_FAILED", "The clinic has not opened the video room for this visit yet. Please try again in a few minutes.", {
        reason: "room_not_ready",
      });
    }
    // Conditional on the link still being usable at this instant: a revoke racing with this
    // sign-in wins or loses as a whole.
    const { count } = await tx.joinLink.updateMany({
      where: { id: view.linkId, revokedAt: null, ...(view.rejoin ? {} : { expiresAt: { gt: now } }) },
      data: { useCount: { increment: 1 }, lastUsedAt: now },
    });
    if (count !== 1) throw new AppError("PRECONDITION_FAILED", PROBLEMS.revoked, { reason: "revoked" });
    await recordAudit(tx, actor, {
      action: "join_link.redeem",
      entityType: "JoinLink",
      entityId: view.linkId,
      patientId: view.patientId,
      metadata: { sessionId: view.sessionId, role: view.role },
    });
    return { userId: user.id, email: user.email, name: user.name, role: user.role, sessionId: view.sessionId };
  });
}
