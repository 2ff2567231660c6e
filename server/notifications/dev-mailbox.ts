import "server-only";
import { env } from "@/env";
import { db } from "@/server/db";
import { renderStoredEmail } from "./render-stored-email";

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

/** One message as it reads (rendered now if the outbox has not delivered it yet). */
export async function getMailboxMessage(id: string) {
  const message = await db.emailMessage.findUnique({
    where: { id },
    select: { id: true, to: true, template: true, props: true, subject: true, html: true, text: true, attachments: true, createdAt: true },
  });
  if (!message) return null;
  const { html, text } = await renderStoredEmail(message);
  return { id: message.id, to: message.to, subject: message.subject, html, text, createdAt: message.createdAt };
}
