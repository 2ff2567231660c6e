import "server-only";
import { renderEmail } from "@/emails/render";
import { emailTemplates, type EmailAttachment, type EmailTemplateName, type EmailTemplateProps, type RenderedEmail } from "@/emails/registry";
import type { Prisma } from "@/server/generated/prisma/client";

export interface StoredEmail {
  template: string;
  props: Prisma.JsonValue;
  subject: string;
  html: string | null;
  text: string | null;
  attachments: Prisma.JsonValue;
}

export function isTemplateName(name: string): name is EmailTemplateName {
  return Object.hasOwn(emailTemplates, name);
}

/**
 * An outbox message as it is (or will be) sent: the stored body once delivery rendered it,
 * otherwise rendered now from the template name and props queued with it. Never call this
 * inside a transaction: the first render of a template takes over a second.
 */
export async function renderStoredEmail(message: StoredEmail): Promise<RenderedEmail> {
  if (message.html !== null && message.text !== null) {
    return {
      subject: message.subject,
      html: message.html,
      text: message.text,
      attachments: (message.attachments as unknown as EmailAttachment[] | null) ?? [],
    };
  }
  if (!isTemplateName(message.template)) throw new Error(`unknown email template "${message.template}"`);
  const rendered = await renderEmail(message.template, message.props as unknown as EmailTemplateProps<typeof message.template>);
  return { ...rendered, subject: message.subject };
}
