import "server-only";
import { render } from "@react-email/render";
import { createElement } from "react";
import { emailTemplates, type EmailTemplateName, type EmailTemplateProps } from "@/emails/registry";
import type { DbOrTx } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";

export interface EnqueueEmailInput<N extends EmailTemplateName> {
  to: string;
  template: N;
  props: EmailTemplateProps<N>;
  /** Makes queuing idempotent for a cause, e.g. `reminder-15m:<consultationId>`. */
  dedupeKey?: string;
}

/**
 * Render an email and put it in the outbox inside the caller's transaction: it is sent
 * if and only if the change that caused it commits.
 */
export async function enqueueEmail<N extends EmailTemplateName>(tx: DbOrTx, input: EnqueueEmailInput<N>) {
  const def = emailTemplates[input.template] as unknown as {
    Component: (p: EmailTemplateProps<N>) => React.ReactElement;
    subject: (p: EmailTemplateProps<N>) => string;
  };
  const element = createElement(def.Component, input.props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return tx.emailMessage.create({
    data: {
      to: input.to,
      template: input.template,
      props: input.props as unknown as Prisma.InputJsonValue,
      subject: def.subject(input.props),
      html,
      text,
      dedupeKey: input.dedupeKey ?? null,
    },
    select: { id: true },
  });
}
