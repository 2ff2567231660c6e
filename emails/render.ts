// Renders a registered template to what the outbox stores: subject, HTML, our own plain-text
// part (Resend's `react` option would send HTML only) and attachments.
import { render } from "@react-email/render";
import { createElement, type ReactElement } from "react";
import { emailTemplates, type EmailAttachment, type EmailTemplateName, type EmailTemplateProps, type RenderedEmail } from "./registry";

interface AnyTemplate<P> {
  Component: (p: P) => ReactElement;
  subject: (p: P) => string;
  attachments?: (p: P) => EmailAttachment[];
}

export async function renderEmail<N extends EmailTemplateName>(template: N, props: EmailTemplateProps<N>): Promise<RenderedEmail> {
  const def = emailTemplates[template] as unknown as AnyTemplate<EmailTemplateProps<N>>;
  const element = createElement(def.Component, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: def.subject(props), html, text, attachments: def.attachments?.(props) ?? [] };
}

/** The subject line alone: a pure function of the props, cheap enough to compute anywhere. */
export function emailSubject<N extends EmailTemplateName>(template: N, props: EmailTemplateProps<N>): string {
  const def = emailTemplates[template] as unknown as AnyTemplate<EmailTemplateProps<N>>;
  return def.subject(props);
}
