import "server-only";
import { Resend } from "resend";
import type { EmailProvider, OutgoingEmail, SendResult } from "./types";

// Failures that are about this one message: sending it again cannot succeed. Everything
// else (outage, rate limit, quota, a key being rotated) is retried with backoff.
const PERMANENT = new Set(["validation_error", "invalid_attachment", "invalid_parameter", "missing_required_field", "invalid_idempotent_request"]);

export interface ResendProviderOptions {
  apiKey: string;
  /** Resend's API, or a stand-in (tests); defaults to RESEND_BASE_URL / api.resend.com. */
  baseUrl?: string;
  timeoutMs?: number;
}

export function createResendProvider({ apiKey, baseUrl, timeoutMs = 20_000 }: ResendProviderOptions): EmailProvider {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: "resend",
    async send(email: OutgoingEmail): Promise<SendResult> {
      const { data, error } = await resend.emails.send(
        {
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          attachments: email.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
        },
        { idempotencyKey: email.idempotencyKey, signal: AbortSignal.timeout(timeoutMs) },
      );
      if (data?.id) return { ok: true, providerId: data.id };
      const name = error?.name ?? "unknown_error";
      const status = typeof error?.statusCode === "number" ? error.statusCode : null;
      return { ok: false, retryable: !PERMANENT.has(name), code: name, status };
    },
  };
}
