import "server-only";
import { db } from "@/server/db";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { AppError } from "@/server/errors";

/**
 * Put FAILED messages back in the queue for the next delivery run, with a fresh attempt
 * budget. Messages in any other state are left alone (a retry never resends a sent email:
 * the same id is the provider's idempotency key anyway).
 */
export async function retryEmails({ actor, emailIds, now = new Date() }: { actor: Actor; emailIds: string[]; now?: Date }) {
  if (actor.role !== "ADMIN") throw new AppError("FORBIDDEN", "Only administrators can retry emails.", { reason: "role" });
  return db.$transaction(async (tx) => {
    const failed = await tx.emailMessage.findMany({ where: { id: { in: emailIds }, status: "FAILED" }, select: { id: true } });
    const ids = failed.map((f) => f.id);
    const { count } = await tx.emailMessage.updateMany({
      where: { id: { in: ids }, status: "FAILED" },
      data: { status: "PENDING", attempts: 0, nextAttemptAt: now, lockedUntil: null },
    });
    await recordAudit(tx, actor, ...ids.map((id) => ({ action: "email.retry", entityType: "EmailMessage", entityId: id })));
    return { retried: count, skipped: emailIds.length - count };
  });
}
