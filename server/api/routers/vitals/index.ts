import { clinicianProcedure, createTRPCRouter, patientProcedure, protectedProcedure, staffProcedure } from "@/server/api/trpc";
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
    .output(ZMineOutput)
    .query(({ ctx }) => findOwnPatient({ actor: ctx.actor })),

  summary: protectedProcedure
    .input(ZPatientInput)
    .output(ZVitalsSummaryOutput)
    .query(({ ctx, input }) => getVitalsSummary({ actor: ctx.actor, patientId: input.patientId })),

  history: protectedProcedure
    .input(ZHistoryInput)
    .output(ZHistoryOutput)
    .query(({ ctx, input }) => {
      const to = input.range ? new Date() : input.to!;
      const from = input.range ? new Date(to.getTime() - HISTORY_RANGES[input.range]) : input.from!;
      return listObservations({ actor: ctx.actor, patientId: input.patientId, from, to, maxPoints: input.maxPoints });
    }),

  record: protectedProcedure
    .input(ZRecordInput)
    .output(ZRecordOutput)
    .mutation(({ ctx, input }) => recordVitals({ actor: ctx.actor, ...input })),

  alerts: createTRPCRouter({
    list: staffProcedure
      .input(ZListAlertsInput)
      .output(ZListAlertsOutput)
      .query(({ ctx, input }) => listAlerts({ actor: ctx.actor, ...input })),
    acknowledge: clinicianProcedure
      .input(ZAcknowledgeInput)
      .output(ZAcknowledgeOutput)
      .mutation(({ ctx, input }) => acknowledgeAlert({ actor: ctx.actor, alertId: input.alertId, note: input.note })),
  }),

  thresholds: createTRPCRouter({
    list: staffProcedure
      .input(ZPatientInput)
      .output(ZListThresholdsOutput)
      .query(({ ctx, input }) => listThresholds({ actor: ctx.actor, patientId: input.patientId })),
    set: clinicianProcedure
      .input(ZSetThresholdInput)
      .output(ZThreshold)
      .mutation(({ ctx, input }) => setThreshold({ actor: ctx.actor, ...input })),
    remove: clinicianProcedure
      .input(ZRemoveThresholdInput)
      .output(ZRemoveThresholdOutput)
      .mutation(({ ctx, input }) => removeThreshold({ actor: ctx.actor, ...input })),
  }),

  devices: createTRPCRouter({
    list: protectedProcedure
      .input(ZPatientInput)
      .output(ZListDevicesOutput)
      .query(({ ctx, input }) => listDeviceTokens({ actor: ctx.actor, patientId: input.patientId })),
    issue: protectedProcedure
      .input(ZIssueDeviceInput)
      .output(ZIssueDeviceOutput)
      .mutation(({ ctx, input }) => issueDeviceToken({ actor: ctx.actor, ...input })),
    revoke: protectedProcedure
      .input(ZRevokeDeviceInput)
      .output(ZDeviceToken)
      .mutation(({ ctx, input }) => revokeDeviceToken({ actor: ctx.actor, tokenId: input.tokenId })),
  }),

  requests: createTRPCRouter({
    create: clinicianProcedure
      .input(ZCreateRequestInput)
      .output(ZCreateRequestOutput)
      .mutation(({ ctx, input }) => requestVitals({ actor: ctx.actor, ...input })),
    pending: protectedProcedure
      .input(ZPatientInput)
      .output(ZPendingRequestsOutput)
      .query(({ ctx, input }) => listPendingVitalsRequests({ actor: ctx.actor, patientId: input.patientId })),
    cancel: protectedProcedure
      .input(ZCancelRequestInput)
      .output(ZCancelRequestOutput)
      .mutation(({ ctx, input }) => cancelVitalsRequest({ actor: ctx.actor, requestId: input.requestId })),
  }),
});
