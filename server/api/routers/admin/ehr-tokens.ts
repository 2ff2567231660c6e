// EHR API tokens for the FHIR R4 API (issue, list with last use, revoke). Admins only.
import { adminProcedure } from "@/server/api/trpc";
import { issueEhrToken, listEhrTokens, revokeEhrToken } from "@/server/fhir/ehr-tokens";
import { ZEhrToken, ZEhrTokenIdInput, ZEhrTokenList, ZIssueEhrTokenInput, ZIssuedEhrToken } from "./ehr-tokens.schema";

export const ehrTokenProcedures = {
  ehrTokens: adminProcedure.output(ZEhrTokenList).query(({ ctx }) => listEhrTokens({ actor: ctx.actor })),

  issueEhrToken: adminProcedure
    .input(ZIssueEhrTokenInput)
    .output(ZIssuedEhrToken)
    .mutation(({ ctx, input }) => issueEhrToken({ actor: ctx.actor, name: input.name, clinicianId: input.clinicianId })),

  revokeEhrToken: adminProcedure
    .input(ZEhrTokenIdInput)
    .output(ZEhrToken)
    .mutation(({ ctx, input }) => revokeEhrToken({ actor: ctx.actor, tokenId: input.tokenId })),
};
