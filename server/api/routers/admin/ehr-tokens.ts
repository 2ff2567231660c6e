// EHR API tokens for the FHIR R4 API (issue, list with last use, revoke). Admins only.
import { adminProcedure, syncOutput } from "@/server/api/trpc";
import { issueEhrToken, listEhrTokens, revokeEhrToken } from "@/server/fhir/ehr-tokens";
import { ZEhrToken, ZEhrTokenIdInput, ZEhrTokenList, ZIssueEhrTokenInput, ZIssuedEhrToken } from "./ehr-tokens.schema";

export const ehrTokenProcedures = {
  ehrTokens: adminProcedure.output(syncOutput(ZEhrTokenList)).query(({ ctx }) => listEhrTokens({ actor: ctx.actor })),

  issueEhrToken: adminProcedure
    .input(ZIssueEhrTokenInput)
    .output(syncOutput(ZIssuedEhrToken))
    .mutation(({ ctx, input }) => issueEhrToken({ actor: ctx.actor, name: input.name, clinicianId: input.clinicianId })),

  revokeEhrToken: adminProcedure
    .input(ZEhrTokenIdInput)
    .output(syncOutput(ZEhrToken))
    .mutation(({ ctx, input }) => revokeEhrToken({ actor: ctx.actor, tokenId: input.tokenId })),
};
