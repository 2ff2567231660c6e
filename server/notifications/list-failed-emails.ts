import "server-only";
import { db } from "@/server/db";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { AppError } from "@/server/errors";

export interface ListFailedEmailsOptions {
  actor: Actor;
  limit: number;
  cursor?: string;
}

/**
 * Messages the outbox gave up on, newest first, for an admin to inspect and retry. Bodies
 * stay out (they may hold join links); the recipient is shown because it is what an admin
 * needs to fix. Each row shown is audited.
 */
export async function listFailedEmails({ actor, limit, cursor }: ListFailedEmailsOptions) {
  if (actor.role !== "ADMIN") throw new AppError("FORBIDDEN", "Only administrators can see failed emails.", { reason: "role" });
  return db.$transaction(async (tx) => {
    const rows = await tx.emailMessage.findMany({
      where: { status: "FAILED" },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit + 1,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, to: true, template: true, subject: true, attempts: true, lastError: true, createdAt: true, nextAttemptAt: true },
    });
    const items = rows.slice(0, limit);
    await recordAudit(tx, actor, ...items.map((r) => ({ action: "email.read", entityType: "EmailMessage", entityId: r.id })));
    return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
  });
}

/** How many messages are in each state: a health line for the admin page. */
export async function countEmailsByStatus() {
  const groups = await db.emailMessage.groupBy({ by: ["status"], _count: { _all: true } });
  const count = (s: string) => groups.find((g) => g.status === s)?._count._all ?? 0;
  return { pending: count("PENDING"), sending: count("SENDING"), sent: count("SENT"), failed: count("FAILED") };
}
