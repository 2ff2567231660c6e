import "server-only";
import { env } from "@/env";
import { db } from "@/server/db";
import { getEmailProvider, type EmailProvider } from "@/server/integrations/email";
import { errorForLog, logger } from "@/server/logger";
import type { Prisma } from "@/server/generated/prisma/client";
import { retryDelayMs, type BackoffPolicy } from "./backoff";
import { renderStoredEmail } from "./render-stored-email";

export interface DeliverOutboxOptions {
  now?: Date;
  /** Defaults to the configured provider; null means none is configured (nothing is sent). */
  provider?: EmailProvider | null;
  batchSize?: number;
  /** How long a claimed message stays ours; after that another worker may take it over. */
  lockMs?: number;
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  from?: string;
}

export interface DeliverOutboxResult {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
}

/** Messages a worker may take now: due PENDING ones, and SENDING ones whose worker died. */
function claimable(now: Date): Prisma.EmailMessageWhereInput {
  return {
    OR: [
      { status: "PENDING", nextAttemptAt: { lte: now } },
      { status: "SENDING", lockedUntil: { lt: now } },
    ],
  };
}

/**
 * Claim up to `batchSize` messages. Each claim is a conditional UPDATE that only one worker
 * can win (the row no longer matches once claimed), so two workers never hold one message;
 * `attempts` doubles as the claim's fencing token.
 */
async function claim(now: Date, batchSize: number, lockMs: number) {
  const candidates = await db.emailMessage.findMany({
    where: claimable(now),
    orderBy: { nextAttemptAt: "asc" },
    take: batchSize,
    select: { id: true },
  });
  const claimed: { id: string; attempts: number }[] = [];
  for (const { id } of candidates) {
    const { count } = await db.emailMessage.updateMany({
      where: { AND: [{ id }, claimable(now)] },
      data: { status: "SENDING", lockedUntil: new Date(now.getTime() + lockMs), attempts: { increment: 1 } },
    });
    if (count === 1) {
      const row = await db.emailMessage.findUniqueOrThrow({ where: { id }, select: { attempts: true } });
      claimed.push({ id, attempts: row.attempts });
    }
  }
  return claimed;
}

/**
 * Deliver due outbox messages through the provider, one claim at a time. A message is queued
 * as a template name and props; it is rendered here, outside any transaction, and the body
 * kept on the row (what was sent stays readable). The message id is
 * the provider's idempotency key, so a message re-sent after a crash or a lost response is
 * still delivered once. Failures back off exponentially; after `maxAttempts`, or at once for a
 * failure no retry can fix, the message is FAILED and waits for an admin's retry.
 */
export async function deliverOutbox(opts: DeliverOutboxOptions = {}): Promise<DeliverOutboxResult> {
  const now = opts.now ?? new Date();
  const provider = opts.provider === undefined ? getEmailProvider() : opts.provider;
  const result: DeliverOutboxResult = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
  if (!provider) return result;
  const maxAttempts = opts.maxAttempts ?? env.EMAIL_MAX_ATTEMPTS;
  const backoff = opts.backoff ?? { baseMs: env.EMAIL_RETRY_BASE_SECONDS * 1000, maxMs: 3_600_000, jitter: 0.2 };
  const lockMs = opts.lockMs ?? Math.max(60_000, env.EMAIL_SEND_TIMEOUT_SECONDS * 3000);

  const claimed = await claim(now, opts.batchSize ?? 20, lockMs);
  result.claimed = claimed.length;
  for (const { id, attempts } of claimed) {
    // Only the claim we hold may finish the message (a slower worker whose lock expired may not).
    const ours = { id, status: "SENDING" as const, attempts };
    const message = await db.emailMessage.findUniqueOrThrow({
      where: { id },
      select: { to: true, template: true, props: true, subject: true, html: true, text: true, attachments: true },
    });
    let rendered;
    try {
      rendered = await renderStoredEmail(message);
    } catch (error) {
      // A template that cannot render its props will not render on a retry either.
      logger.error({ error: errorForLog(error), emailId: id, template: message.template }, "email.render_failed");
      await db.emailMessage.updateMany({ where: ours, data: { status: "FAILED", lastError: "render_failed", lockedUntil: null } });
      result.failed += 1;
      continue;
    }
    if (message.html === null || message.text === null) {
      await db.emailMessage.updateMany({
        where: ours,
        data: {
          html: rendered.html,
          text: rendered.text,
          attachments: rendered.attachments.length ? (rendered.attachments as unknown as Prisma.InputJsonValue) : undefined,
        },
      });
    }
    const outcome = await provider
      .send({
        from: opts.from ?? env.EMAIL_FROM,
        to: message.to,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        attachments: rendered.attachments,
        idempotencyKey: id,
      })
      .catch((error: unknown) => {
        logger.error({ error: errorForLog(error), emailId: id }, "email.provider_threw");
        return { ok: false as const, retryable: true, code: "provider_threw", status: null };
      });
    if (outcome.ok) {
      await db.emailMessage.updateMany({
        where: ours,
        data: { status: "SENT", providerId: outcome.providerId, sentAt: new Date(), lockedUntil: null, lastError: null },
      });
      result.sent += 1;
      logger.info({ emailId: id, provider: provider.name, attempts }, "email.sent");
      continue;
    }
    const lastError = `${outcome.code}${outcome.status ? ` (HTTP ${outcome.status})` : ""}`;
    if (!outcome.retryable || attempts >= maxAttempts) {
      await db.emailMessage.updateMany({ where: ours, data: { status: "FAILED", lastError, lockedUntil: null } });
      result.failed += 1;
      logger.warn({ emailId: id, attempts, code: outcome.code, status: outcome.status }, "email.failed");
    } else {
      const nextAttemptAt = new Date(now.getTime() + retryDelayMs(attempts, backoff));
      await db.emailMessage.updateMany({ where: ours, data: { status: "PENDING", lastError, lockedUntil: null, nextAttemptAt } });
      result.retrying += 1;
      logger.info({ emailId: id, attempts, code: outcome.code, status: outcome.status, nextAttemptAt }, "email.retry_scheduled");
    }
  }
  return result;
}
