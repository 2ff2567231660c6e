import { clinicianProcedure, createTRPCRouter, protectedProcedure, syncOutput } from "@/server/api/trpc";
import { getVisit } from "@/server/visits/get-visit";
import { listVisits } from "@/server/visits/list-visits";
import { closeVisit, openVisit } from "@/server/visits/open-close-visit";
import { ZCloseInput, ZCloseOutput, ZGetInput, ZGetOutput, ZListInput, ZListOutput, ZOpenInput, ZOpenOutput } from "./schemas";

export const visitsRouter = createTRPCRouter({
  open: clinicianProcedure
    .input(ZOpenInput)
    .output(syncOutput(ZOpenOutput))
    .mutation(({ ctx, input }) => openVisit({ actor: ctx.actor, ...input })),

  close: clinicianProcedure
    .input(ZCloseInput)
    .output(syncOutput(ZCloseOutput))
    .mutation(({ ctx, input }) => closeVisit({ actor: ctx.actor, visitId: input.visitId })),

  list: protectedProcedure
    .input(ZListInput)
    .output(syncOutput(ZListOutput))
    .query(({ ctx, input }) => listVisits({ actor: ctx.actor, ...input })),

  get: protectedProcedure
    .input(ZGetInput)
    .output(syncOutput(ZGetOutput))
    .query(({ ctx, input }) => getVisit({ actor: ctx.actor, visitId: input.visitId })),
});
