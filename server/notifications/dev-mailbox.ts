import "server-only";
import { env } from "@/env";
import { db } from "@/server/db";

/** The local mailbox exists only for runs without a real email provider. */
export function devMailboxEnabled(): boolean {
  return env.DEV_MAILBOX && !env.RESEND_API_KEY;
}

export async function listMailbox({ to, limit = 100 }: { to?: string; limit?: number }) {
  return db.emailMessage.findMany({
    where: to ? { to: to.toLowerCase() } : {},
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, to: true, subject: true, template: true, status: true, createdAt: true },
  });
}

export async function getMailboxMessage(id: string) {
  return db.emailMessage.findUnique({ where: { id }, select: { id: true, to: true, subject: true, html: true, text: true, createdAt: true } });
}
