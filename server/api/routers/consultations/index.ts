import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { listUpcomingConsultations } from "@/server/consultations/list-upcoming-consultations";
import { ZListUpcomingInput, ZListUpcomingOutput } from "./schemas";

export const consultationsRouter = createTRPCRouter({
  upcoming: protectedProcedure
    .input(ZListUpcomingInput)
    .output(ZListUpcomingOutput)
    .query(({ ctx, input }) => listUpcomingConsultations({ actor: ctx.actor, days: input.days })),
});
