// Outbox rows hold a template name and props; the body is rendered at delivery. Tests that
// read what a message says render it the same way delivery will (or read the body delivery
// stored).
import { renderEmail } from "../../emails/render";
import type { EmailTemplateName, EmailTemplateProps } from "../../emails/registry";

interface OutboxRow {
  template: string;
  props: unknown;
  html: string | null;
  text: string | null;
  attachments?: unknown;
}

export type RenderedRow<T extends OutboxRow> = Omit<T, "html" | "text"> & { html: string; text: string };

/** The row with `html`, `text` and `attachments` as the recipient gets them. */
export async function rendered<T extends OutboxRow>(row: T | Promise<T>): Promise<RenderedRow<T>> {
  const r = await row;
  if (r.html !== null && r.text !== null) return r as RenderedRow<T>;
  const body = await renderEmail(r.template as EmailTemplateName, r.props as EmailTemplateProps<EmailTemplateName>);
  return { ...r, html: body.html, text: body.text, attachments: body.attachments };
}

export async function renderedAll<T extends OutboxRow>(rows: T[] | Promise<T[]>): Promise<RenderedRow<T>[]> {
  return Promise.all((await rows).map((r) => rendered(r)));
}
