import { createTRPCRouter, protectedProcedure, staffProcedure } from "@/server/api/trpc";
import { bookConsultation } from "@/server/consultations/book-consultation";
import { cancelConsultation, rescheduleConsultation } from "@/server/consultations/change-consultation";
import { listUpcomingConsultations } from "@/server/consultations/list-upcoming-consultations";
import {
  ZBookInput,
  ZBookOutput,
  ZCancelInput,
  ZCancelOutput,
  ZListUpcomingInput,
  ZListUpcomingOutput,
  ZRescheduleInput,
  ZRescheduleOutput,
} from "./schemas";

export const consultationsRouter = createTRPCRouter({
  upcoming: protectedProcedure
    .input(ZListUpcomingInput)
    .output(ZListUpcomingOutput)
    .query(({ ctx, input }) => listUpcomingConsultations({ actor: ctx.actor, days: input.days })),

  book: staffProcedure
    .input(ZBookInput)
    .output(ZBookOutput)
    .mutation(({ ctx, input }) => bookConsultation({ actor: ctx.actor, ...input })),

  reschedule: staffProcedure
    .input(ZRescheduleInput)
    .output(ZRescheduleOutput)
    .mutation(({ ctx, input }) => rescheduleConsultation({ actor: ctx.actor, ...input })),

  cancel: staffProcedure
    .input(ZCancelInput)
    .output(ZCancelOutput)
    .mutation(({ ctx, input }) => cancelConsultation({ actor: ctx.actor, ...input })),
});
