// What Bedside needs from an email provider: send one fully rendered message, exactly once
// per idempotency key, and say whether a failure is worth retrying.

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  /** Our own plain-text part (Resend's `react` option would send HTML only). */
  text: string;
  attachments: { filename: string; contentType: string; content: string }[];
  /** The outbox message id: a retry with the same key is never delivered twice. */
  idempotencyKey: string;
}

export type SendResult =
  | { ok: true; providerId: string }
  /** `code` and `status` only: provider messages may echo addresses, which must not reach logs. */
  | { ok: false; retryable: boolean; code: string; status: number | null };

export interface EmailProvider {
  readonly name: "resend" | "dev-mailbox";
  send(email: OutgoingEmail): Promise<SendResult>;
}
