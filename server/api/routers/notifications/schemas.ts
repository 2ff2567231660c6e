import { z } from "zod";
import { zId } from "@/lib/validation/input-policy";

export const ZEmailId = zId;

export const ZListFailedEmailsInput = z.object({
  limit: z.number().int().min(1).max(100).default(50),
  cursor: ZEmailId.optional(),
});

export const ZFailedEmail = z.object({
  id: z.string(),
  to: z.string(),
  template: z.string(),
  subject: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  nextAttemptAt: z.date(),
});

export const ZListFailedEmailsOutput = z.object({ items: z.array(ZFailedEmail), nextCursor: z.string().nullable() });

export const ZRetryEmailsInput = z.object({ emailIds: z.array(ZEmailId).min(1).max(100) });
export const ZRetryEmailsOutput = z.object({ retried: z.number().int(), skipped: z.number().int() });

export const ZEmailCountsOutput = z.object({
  pending: z.number().int(),
  sending: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
});
