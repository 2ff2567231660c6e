import type { Prisma } from "@/server/generated/prisma/client";
import { adminProcedure, clinicianProcedure, createTRPCRouter, participantProcedure, protectedProcedure, syncOutput } from "@/server/api/trpc";
import { admitParticipant } from "@/server/sessions/admit-participant";
import { arriveInWaitingRoom } from "@/server/sessions/arrive-waiting-room";
import { createSession } from "@/server/sessions/create-session";
import { endSession } from "@/server/sessions/end-session";
import { getSessionRoom } from "@/server/sessions/get-session-room";
import { joinSession } from "@/server/sessions/join-session";
import { issueWaitingConnection } from "@/server/sessions/issue-waiting-connection";
import { leaveSession } from "@/server/sessions/leave-session";
import { markStintConnected } from "@/server/sessions/mark-connected";
import { recordPresenceDrop } from "@/server/sessions/record-presence-drop";
import { giveRecordingConsent } from "@/server/sessions/recording-consent";
import { inviteGuest } from "@/server/sessions/invite-guest";
import { startSession } from "@/server/sessions/start-session";
import { reportTechnicalIssue, resolveTechnicalIssue } from "@/server/sessions/technical-issues";
import {
  ZAdmitInput,
  ZAdmitOutput,
  ZArriveOutput,
  ZConsentOutput,
  ZCreateInput,
  ZCreateOutput,
  ZEndInput,
  ZEndOutput,
  ZInviteGuestInput,
  ZInviteGuestOutput,
  ZJoinInput,
  ZJoinOutput,
  ZLeaveInput,
  ZLeaveOutput,
  ZPresenceDropInput,
  ZPresenceDropOutput,
  ZMarkConnectedInput,
  ZMarkConnectedOutput,
  ZReportIssueInput,
  ZReportIssueOutput,
  ZResolveIssueInput,
  ZResolveIssueOutput,
  ZRoomOutput,
  ZSessionIdInput,
  ZStartOutput,
  ZWaitingConnectionOutput,
} from "./schemas";
import { notesDraftRouter } from "./notes-draft";

export const sessionsRouter = createTRPCRouter({
  notesDraft: notesDraftRouter,
  create: clinicianProcedure
    .input(ZCreateInput)
    .output(syncOutput(ZCreateOutput))
    .mutation(({ ctx, input }) => createSession({ actor: ctx.actor, ...input })),

  room: protectedProcedure
    .input(ZSessionIdInput)
    .output(syncOutput(ZRoomOutput))
    .query(({ ctx, input }) => getSessionRoom({ actor: ctx.actor, sessionId: input.sessionId })),

  start: clinicianProcedure
    .input(ZSessionIdInput)
    .output(syncOutput(ZStartOutput))
    .mutation(({ ctx, input }) => startSession({ actor: ctx.actor, sessionId: input.sessionId })),

  arrive: participantProcedure
    .input(ZSessionIdInput)
    .output(syncOutput(ZArriveOutput))
    .mutation(({ ctx, input }) => arriveInWaitingRoom({ actor: ctx.actor, sessionId: input.sessionId })),

  /** The clinician lets a waiting guest into the running call. */
  admit: clinicianProcedure
    .input(ZAdmitInput)
    .output(syncOutput(ZAdmitOutput))
    .mutation(({ ctx, input }) => admitParticipant({ actor: ctx.actor, ...input })),

  /** Before admission (LiveKit): a connection to the media room with no rights, admitted in place by `join`. */
  waitingConnection: participantProcedure
    .input(ZSessionIdInput)
    .output(syncOutput(ZWaitingConnectionOutput))
    .mutation(({ ctx, input }) => issueWaitingConnection({ actor: ctx.actor, sessionId: input.sessionId })),

  join: participantProcedure
    .input(ZJoinInput)
    .output(syncOutput(ZJoinOutput))
    .mutation(({ ctx, input }) => joinSession({ actor: ctx.actor, ...input })),

  leave: participantProcedure
    .input(ZLeaveInput)
    .output(syncOutput(ZLeaveOutput))
    .mutation(({ ctx, input }) => leaveSession({ actor: ctx.actor, ...input })),

  /** P2P: a participant's presence in the call dropped (checked with the realtime server before anything is recorded). */
  reportPresenceDrop: participantProcedure
    .input(ZPresenceDropInput)
    .output(syncOutput(ZPresenceDropOutput))
    .mutation(({ ctx, input }) => recordPresenceDrop({ actor: ctx.actor, ...input })),

  /** The browser's media connected on this join (for the share of joins that connected). */
  markConnected: participantProcedure
    .input(ZMarkConnectedInput)
    .output(syncOutput(ZMarkConnectedOutput))
    .mutation(({ ctx, input }) => markStintConnected({ actor: ctx.actor, ...input })),

  end: clinicianProcedure
    .input(ZEndInput)
    .output(syncOutput(ZEndOutput))
    .mutation(({ ctx, input }) => endSession({ actor: ctx.actor, ...input })),

  inviteGuest: clinicianProcedure
    .input(ZInviteGuestInput)
    .output(syncOutput(ZInviteGuestOutput))
    .mutation(({ ctx, input }) => inviteGuest({ actor: ctx.actor, ...input })),

  consentToRecording: participantProcedure
    .input(ZSessionIdInput)
    .output(syncOutput(ZConsentOutput))
    .mutation(({ ctx, input }) => giveRecordingConsent({ actor: ctx.actor, sessionId: input.sessionId })),

  reportIssue: participantProcedure
    .input(ZReportIssueInput)
    .output(syncOutput(ZReportIssueOutput))
    .mutation(({ ctx, input }) =>
      reportTechnicalIssue({ actor: ctx.actor, ...input, connectionStats: input.connectionStats as Prisma.InputJsonValue | undefined }),
    ),

  resolveIssue: adminProcedure
    .input(ZResolveIssueInput)
    .output(syncOutput(ZResolveIssueOutput))
    .mutation(({ ctx, input }) => resolveTechnicalIssue({ actor: ctx.actor, ...input })),
});
