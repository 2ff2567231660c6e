import { createTRPCRouter, protectedProcedure, staffProcedure, syncOutput } from "@/server/api/trpc";
import { bookConsultation } from "@/server/consultations/book-consultation";
import { cancelConsultation, rescheduleConsultation } from "@/server/consultations/change-consultation";
import { listUpcomingConsultations } from "@/server/consultations/list-upcoming-consultations";
import { listFreeSlots } from "@/server/consultations/list-free-slots";
import { listOpenVisitsForBooking } from "@/server/consultations/list-open-visits";
import {
  ZBookInput,
  ZBookOutput,
  ZCancelInput,
  ZCancelOutput,
  ZListUpcomingInput,
  ZListUpcomingOutput,
  ZOpenVisitsInput,
  ZOpenVisitsOutput,
  ZSlotsInput,
  ZSlotsOutput,
  ZRescheduleInput,
  ZRescheduleOutput,
} from "./schemas";

export const consultationsRouter = createTRPCRouter({
  upcoming: protectedProcedure
    .input(ZListUpcomingInput)
    .output(syncOutput(ZListUpcomingOutput))
    .query(({ ctx, input }) => listUpcomingConsultations({ actor: ctx.actor, days: input.days })),

  slots: staffProcedure
    .input(ZSlotsInput)
    .output(syncOutput(ZSlotsOutput))
    .query(({ ctx, input }) => listFreeSlots({ actor: ctx.actor, ...input })),

  openVisits: staffProcedure
    .input(ZOpenVisitsInput)
    .output(syncOutput(ZOpenVisitsOutput))
    .query(({ ctx, input }) => listOpenVisitsForBooking({ actor: ctx.actor, ...input })),

  book: staffProcedure
    .input(ZBookInput)
    .output(syncOutput(ZBookOutput))
    .mutation(({ ctx, input }) => bookConsultation({ actor: ctx.actor, ...input })),

  reschedule: staffProcedure
    .input(ZRescheduleInput)
    .output(syncOutput(ZRescheduleOutput))
    .mutation(({ ctx, input }) => rescheduleConsultation({ actor: ctx.actor, ...input })),

  cancel: staffProcedure
    .input(ZCancelInput)
    .output(syncOutput(ZCancelOutput))
    .mutation(({ ctx, input }) => cancelConsultation({ actor: ctx.actor, ...input })),
});
