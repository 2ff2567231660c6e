import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { getOverview } from "@/server/admin/get-overview";
import { getStats } from "@/server/admin/get-stats";
import { listAuditEvents } from "@/server/admin/list-audit-events";
import { verifyAuditChain } from "@/server/admin/verify-audit-chain";
import { ZAuditListInput, ZAuditListOutput, ZChainReport, ZOverview, ZStatsInput, ZStatsOutput } from "./schemas";

export const adminRouter = createTRPCRouter({
  overview: adminProcedure.output(ZOverview).query(() => getOverview()),

  auditEvents: adminProcedure
    .input(ZAuditListInput)
    .output(ZAuditListOutput)
    .query(({ ctx, input }) => listAuditEvents({ actor: ctx.actor, filter: input.filter ?? {}, cursor: input.cursor, limit: input.limit })),

  stats: adminProcedure
    .input(ZStatsInput)
    .output(ZStatsOutput)
    .query(({ ctx, input }) => getStats({ actor: ctx.actor, range: input })),

  verifyAuditChain: adminProcedure.output(ZChainReport).query(({ ctx }) => verifyAuditChain({ actor: ctx.actor })),
});
