import "server-only";
import { renderEmail } from "@/emails/render";
import type { EmailTemplateName, EmailTemplateProps } from "@/emails/registry";
import type { DbOrTx } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";

export interface EnqueueEmailInput<N extends EmailTemplateName> {
  to: string;
  template: N;
  props: EmailTemplateProps<N>;
  /** Makes queuing idempotent for a cause, e.g. `reminder-15m:<consultationId>`. */
  dedupeKey?: string;
}

export interface EnqueuedEmail {
  id: string;
  /** False when a message with the same dedupeKey was already queued (nothing new was written). */
  created: boolean;
}

/**
 * Render an email and put it in the outbox inside the caller's transaction: it is sent
 * if and only if the change that caused it commits. With a dedupeKey, a second call for the
 * same cause writes nothing and does not abort the caller's transaction (ON CONFLICT DO NOTHING).
 */
export async function enqueueEmail<N extends EmailTemplateName>(tx: DbOrTx, input: EnqueueEmailInput<N>): Promise<EnqueuedEmail> {
  if (input.dedupeKey) {
    const existing = await tx.emailMessage.findUnique({ where: { dedupeKey: input.dedupeKey }, select: { id: true } });
    if (existing) return { id: existing.id, created: false };
  }
  const rendered = await renderEmail(input.template, input.props);
  const data: Prisma.EmailMessageCreateManyInput = {
    to: input.to.trim().toLowerCase(),
    template: input.template,
    props: input.props as unknown as Prisma.InputJsonValue,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    attachments: rendered.attachments.length ? (rendered.attachments as unknown as Prisma.InputJsonValue) : undefined,
    dedupeKey: input.dedupeKey ?? null,
  };
  if (!input.dedupeKey) {
    const row = await tx.emailMessage.create({ data, select: { id: true } });
    return { id: row.id, created: true };
  }
  // A concurrent transaction may have queued the same cause since the lookup above.
  const [row] = await tx.emailMessage.createManyAndReturn({ data: [data], skipDuplicates: true, select: { id: true } });
  if (row) return { id: row.id, created: true };
  const winner = await tx.emailMessage.findUniqueOrThrow({ where: { dedupeKey: input.dedupeKey }, select: { id: true } });
  return { id: winner.id, created: false };
}
