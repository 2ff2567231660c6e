import type { EmailProvider } from "./types";

/**
 * Without RESEND_API_KEY, messages are "delivered" to the local mailbox: the row already
 * holds everything /dev/mailbox shows, so delivery is just marking it sent.
 */
export function createDevMailboxProvider(): EmailProvider {
  return {
    name: "dev-mailbox",
    async send(email) {
      return { ok: true, providerId: `dev-mailbox:${email.idempotencyKey}` };
    },
  };
}
