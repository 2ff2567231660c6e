import { adminProcedure, createTRPCRouter, syncOutput } from "@/server/api/trpc";
import { countEmailsByStatus, listFailedEmails } from "@/server/notifications/list-failed-emails";
import { retryEmails } from "@/server/notifications/retry-emails";
import { ZEmailCountsOutput, ZListFailedEmailsInput, ZListFailedEmailsOutput, ZRetryEmailsInput, ZRetryEmailsOutput } from "./schemas";

export const notificationsRouter = createTRPCRouter({
  /** Emails the outbox gave up on (admin console). */
  failedEmails: adminProcedure
    .input(ZListFailedEmailsInput)
    .output(syncOutput(ZListFailedEmailsOutput))
    .query(({ ctx, input }) => listFailedEmails({ actor: ctx.actor, ...input })),

  emailCounts: adminProcedure.output(syncOutput(ZEmailCountsOutput)).query(() => countEmailsByStatus()),

  /** Queue failed emails again; the next delivery run sends them. */
  retryEmails: adminProcedure
    .input(ZRetryEmailsInput)
    .output(syncOutput(ZRetryEmailsOutput))
    .mutation(({ ctx, input }) => retryEmails({ actor: ctx.actor, emailIds: input.emailIds })),
});
