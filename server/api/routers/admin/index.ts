import { adminProcedure, createTRPCRouter, syncOutput } from "@/server/api/trpc";
import { getOverview } from "@/server/statistics/get-overview";
import { getStats } from "@/server/statistics/get-stats";
import { listPatients, listStaff } from "@/server/staff/list-users";
import { deactivateUser, inviteStaff, resendInvitation } from "@/server/staff/manage-staff";
import { listRecordings } from "@/server/recordings/recordings";
import { getTranscript } from "@/server/recordings/transcripts/get-transcript";
import { retryTranscript } from "@/server/recordings/transcripts/retry-transcript";
import { listAuditEvents } from "@/server/audit-trail/list-audit-events";
import { verifyAuditChain } from "@/server/audit-trail/verify-audit-chain";
import { clinicHoursProcedures } from "./clinic-hours";
import { ehrTokenProcedures } from "./ehr-tokens";
import {
  ZAuditListInput,
  ZAuditListOutput,
  ZChainReport,
  ZDeactivateOutput,
  ZInviteInput,
  ZOverview,
  ZPatientList,
  ZRecordingIdInput,
  ZRecordingList,
  ZRetryTranscriptOutput,
  ZStaffList,
  ZStatsInput,
  ZStatsOutput,
  ZTranscriptView,
  ZUserIdInput,
  ZUserIdOutput,
} from "./schemas";

export const adminRouter = createTRPCRouter({
  overview: adminProcedure.output(syncOutput(ZOverview)).query(() => getOverview()),

  auditEvents: adminProcedure
    .input(ZAuditListInput)
    .output(syncOutput(ZAuditListOutput))
    .query(({ ctx, input }) => listAuditEvents({ actor: ctx.actor, filter: input.filter ?? {}, cursor: input.cursor, limit: input.limit, fold: input.fold })),

  stats: adminProcedure
    .input(ZStatsInput)
    .output(syncOutput(ZStatsOutput))
    .query(({ ctx, input }) => getStats({ actor: ctx.actor, range: input })),

  verifyAuditChain: adminProcedure.output(syncOutput(ZChainReport)).query(({ ctx }) => verifyAuditChain({ actor: ctx.actor })),

  staff: adminProcedure.output(syncOutput(ZStaffList)).query(({ ctx }) => listStaff({ actor: ctx.actor })),

  patients: adminProcedure.output(syncOutput(ZPatientList)).query(({ ctx }) => listPatients({ actor: ctx.actor })),

  inviteStaff: adminProcedure
    .input(ZInviteInput)
    .output(syncOutput(ZUserIdOutput))
    .mutation(({ ctx, input }) => inviteStaff({ actor: ctx.actor, ...input })),

  resendInvitation: adminProcedure
    .input(ZUserIdInput)
    .output(syncOutput(ZUserIdOutput))
    .mutation(({ ctx, input }) => resendInvitation({ actor: ctx.actor, userId: input.userId })),

  deactivateUser: adminProcedure
    .input(ZUserIdInput)
    .output(syncOutput(ZDeactivateOutput))
    .mutation(({ ctx, input }) => deactivateUser({ actor: ctx.actor, userId: input.userId })),

  recordings: adminProcedure.output(syncOutput(ZRecordingList)).query(({ ctx }) => listRecordings({ actor: ctx.actor })),

  transcript: adminProcedure
    .input(ZRecordingIdInput)
    .output(syncOutput(ZTranscriptView))
    .query(({ ctx, input }) => getTranscript({ actor: ctx.actor, recordingId: input.recordingId })),

  retryTranscript: adminProcedure
    .input(ZRecordingIdInput)
    .output(syncOutput(ZRetryTranscriptOutput))
    .mutation(({ ctx, input }) => retryTranscript({ actor: ctx.actor, recordingId: input.recordingId })),

  ...ehrTokenProcedures,
  ...clinicHoursProcedures,
});
