import { createTRPCRouter, staffProcedure, syncOutput } from "@/server/api/trpc";
import { listJoinLinks } from "@/server/join-links/list-join-links";
import { resendJoinLink } from "@/server/join-links/resend-join-link";
import { revokeInviteeAccess, revokeJoinLink } from "@/server/join-links/revoke-join-links";
import {
  ZListJoinLinksInput,
  ZListJoinLinksOutput,
  ZResendJoinLinkInput,
  ZResendJoinLinkOutput,
  ZRevokeInviteeInput,
  ZRevokeInviteeOutput,
  ZRevokeJoinLinkInput,
  ZRevokeJoinLinkOutput,
} from "./schemas";

// Clinicians manage the links of their own consultations and sessions (admins any); the
// domain answers NOT_FOUND for anyone else's.
export const joinLinksRouter = createTRPCRouter({
  list: staffProcedure
    .input(ZListJoinLinksInput)
    .output(syncOutput(ZListJoinLinksOutput))
    .query(({ ctx, input }) => listJoinLinks({ actor: ctx.actor, ...input })),

  revoke: staffProcedure
    .input(ZRevokeJoinLinkInput)
    .output(syncOutput(ZRevokeJoinLinkOutput))
    .mutation(({ ctx, input }) => revokeJoinLink({ actor: ctx.actor, joinLinkId: input.joinLinkId })),

  /** Withdraw all of one person's links for a visit and end the sign-ins they opened. */
  revokeInvitee: staffProcedure
    .input(ZRevokeInviteeInput)
    .output(syncOutput(ZRevokeInviteeOutput))
    .mutation(({ ctx, input }) => revokeInviteeAccess({ actor: ctx.actor, ...input })),

  resend: staffProcedure
    .input(ZResendJoinLinkInput)
    .output(syncOutput(ZResendJoinLinkOutput))
    .mutation(({ ctx, input }) => resendJoinLink({ actor: ctx.actor, ...input })),
});
