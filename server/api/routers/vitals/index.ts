import { clinicianProcedure, createTRPCRouter, patientProcedure, protectedProcedure, staffProcedure, syncOutput } from "@/server/api/trpc";
import { acknowledgeAlert } from "@/server/vitals/acknowledge-alert";
import { findOwnPatient } from "@/server/vitals/find-own-patient";
import { getVitalsSummary } from "@/server/vitals/get-vitals-summary";
import { listAlerts } from "@/server/vitals/list-alerts";
import { listObservations } from "@/server/vitals/list-observations";
import { issueDeviceToken, listDeviceTokens, revokeDeviceToken } from "@/server/vitals/manage-device-tokens";
import { listThresholds, removeThreshold, setThreshold } from "@/server/vitals/manage-thresholds";
import { recordVitals } from "@/server/vitals/record-vitals";
import { cancelVitalsRequest, listPendingVitalsRequests, requestVitals } from "@/server/vitals/vitals-requests";
import {
  HISTORY_RANGES,
  ZAcknowledgeInput,
  ZAcknowledgeOutput,
  ZCancelRequestInput,
  ZCancelRequestOutput,
  ZCreateRequestInput,
  ZCreateRequestOutput,
  ZHistoryInput,
  ZHistoryOutput,
  ZIssueDeviceInput,
  ZIssueDeviceOutput,
  ZListAlertsInput,
  ZListAlertsOutput,
  ZListDevicesOutput,
  ZListThresholdsOutput,
  ZMineInput,
  ZMineOutput,
  ZPatientInput,
  ZPendingRequestsOutput,
  ZRecordInput,
  ZRecordOutput,
  ZRemoveThresholdInput,
  ZRemoveThresholdOutput,
  ZRevokeDeviceInput,
  ZSetThresholdInput,
  ZDeviceToken,
  ZThreshold,
  ZVitalsSummaryOutput,
} from "./schemas";

export const vitalsRouter = createTRPCRouter({
  /** The signed-in patient's own record (for "my vitals"). */
  mine: patientProcedure
    .input(ZMineInput)
    .output(syncOutput(ZMineOutput))
    .query(({ ctx }) => findOwnPatient({ actor: ctx.actor })),

  summary: protectedProcedure
    .input(ZPatientInput)
    .output(syncOutput(ZVitalsSummaryOutput))
    .query(({ ctx, input }) => getVitalsSummary({ actor: ctx.actor, patientId: input.patientId })),

  history: protectedProcedure
    .input(ZHistoryInput)
    .output(syncOutput(ZHistoryOutput))
    .query(({ ctx, input }) => {
      const to = input.range ? new Date() : input.to!;
      const from = input.range ? new Date(to.getTime() - HISTORY_RANGES[input.range]) : input.from!;
      return listObservations({ actor: ctx.actor, patientId: input.patientId, from, to, maxPoints: input.maxPoints });
    }),

  record: protectedProcedure
    .input(ZRecordInput)
    .output(syncOutput(ZRecordOutput))
    .mutation(({ ctx, input }) => recordVitals({ actor: ctx.actor, ...input })),

  alerts: createTRPCRouter({
    list: staffProcedure
      .input(ZListAlertsInput)
      .output(syncOutput(ZListAlertsOutput))
      .query(({ ctx, input }) => listAlerts({ actor: ctx.actor, ...input })),
    acknowledge: clinicianProcedure
      .input(ZAcknowledgeInput)
      .output(syncOutput(ZAcknowledgeOutput))
      .mutation(({ ctx, input }) => acknowledgeAlert({ actor: ctx.actor, alertId: input.alertId, note: input.note })),
  }),

  thresholds: createTRPCRouter({
    list: staffProcedure
      .input(ZPatientInput)
      .output(syncOutput(ZListThresholdsOutput))
      .query(({ ctx, input }) => listThresholds({ actor: ctx.actor, patientId: input.patientId })),
    set: clinicianProcedure
      .input(ZSetThresholdInput)
      .output(syncOutput(ZThreshold))
      .mutation(({ ctx, input }) => setThreshold({ actor: ctx.actor, ...input })),
    remove: clinicianProcedure
      .input(ZRemoveThresholdInput)
      .output(syncOutput(ZRemoveThresholdOutput))
      .mutation(({ ctx, input }) => removeThreshold({ actor: ctx.actor, ...input })),
  }),

  devices: createTRPCRouter({
    list: protectedProcedure
      .input(ZPatientInput)
      .output(syncOutput(ZListDevicesOutput))
      .query(({ ctx, input }) => listDeviceTokens({ actor: ctx.actor, patientId: input.patientId })),
    issue: protectedProcedure
      .input(ZIssueDeviceInput)
      .output(syncOutput(ZIssueDeviceOutput))
      .mutation(({ ctx, input }) => issueDeviceToken({ actor: ctx.actor, ...input })),
    revoke: protectedProcedure
      .input(ZRevokeDeviceInput)
      .output(syncOutput(ZDeviceToken))
      .mutation(({ ctx, input }) => revokeDeviceToken({ actor: ctx.actor, tokenId: input.tokenId })),
  }),

  requests: createTRPCRouter({
    create: clinicianProcedure
      .input(ZCreateRequestInput)
      .output(syncOutput(ZCreateRequestOutput))
      .mutation(({ ctx, input }) => requestVitals({ actor: ctx.actor, ...input })),
    pending: protectedProcedure
      .input(ZPatientInput)
      .output(syncOutput(ZPendingRequestsOutput))
      .query(({ ctx, input }) => listPendingVitalsRequests({ actor: ctx.actor, patientId: input.patientId })),
    cancel: protectedProcedure
      .input(ZCancelRequestInput)
      .output(syncOutput(ZCancelRequestOutput))
      .mutation(({ ctx, input }) => cancelVitalsRequest({ actor: ctx.actor, requestId: input.requestId })),
  }),
});
