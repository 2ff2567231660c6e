import "server-only";
import { env } from "@/env";
import { createDevMailboxProvider } from "./dev-mailbox";
import { createResendProvider } from "./resend";
import type { EmailProvider } from "./types";

export type { EmailProvider, OutgoingEmail, SendResult } from "./types";

/**
 * The configured provider: Resend with RESEND_API_KEY, else the local mailbox when
 * DEV_MAILBOX is on, else none (messages wait in the outbox until one is configured).
 */
export function getEmailProvider(): EmailProvider | null {
  if (env.RESEND_API_KEY) {
    return createResendProvider({ apiKey: env.RESEND_API_KEY, baseUrl: env.RESEND_BASE_URL, timeoutMs: env.EMAIL_SEND_TIMEOUT_SECONDS * 1000 });
  }
  if (env.DEV_MAILBOX) return createDevMailboxProvider();
  return null;
}
