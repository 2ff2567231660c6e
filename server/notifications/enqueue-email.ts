import "server-only";
import { emailSubject } from "@/emails/render";
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
 * Put an email in the outbox inside the caller's transaction: it is sent if and only if the
 * change that caused it commits. Only the template's name, its props and the subject line are
 * written; the body is rendered at delivery (deliver-outbox.ts), so no transaction waits on
 * React Email (its first render takes over a second). With a dedupeKey, a second call for
 * the same cause writes nothing and does not abort the caller's transaction (ON CONFLICT DO
 * NOTHING).
 */
export async function enqueueEmail<N extends EmailTemplateName>(tx: DbOrTx, input: EnqueueEmailInput<N>): Promise<EnqueuedEmail> {
  if (input.dedupeKey) {
    const existing = await tx.emailMessage.findUnique({ where: { dedupeKey: input.dedupeKey }, select: { id: true } });
    if (existing) return { id: existing.id, created: false };
  }
  const data: Prisma.EmailMessageCreateManyInput = {
    to: input.to.trim().toLowerCase(),
    template: input.template,
    props: input.props as unknown as Prisma.InputJsonValue,
    subject: emailSubject(input.template, input.props),
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
