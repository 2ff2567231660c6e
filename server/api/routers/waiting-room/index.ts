import { clinicianProcedure, createTRPCRouter, participantProcedure, syncOutput } from "@/server/api/trpc";
import { getWaitingStatus } from "@/server/waiting-room/get-waiting-status";
import { listWaitingRoom } from "@/server/waiting-room/list-waiting-room";
import { messageClinic } from "@/server/waiting-room/message-clinic";
import { sendRunningLate } from "@/server/waiting-room/send-running-late";
import {
  ZMessageClinicInput,
  ZMessageClinicOutput,
  ZRunningLateInput,
  ZRunningLateOutput,
  ZWaitingListOutput,
  ZWaitingStatusInput,
  ZWaitingStatusOutput,
} from "./schemas";

/** The living waiting room: the clinician's status, "running late", messages to the clinic. */
export const waitingRoomRouter = createTRPCRouter({
  /** What a waiting patient or guest sees about their clinician. */
  status: participantProcedure
    .input(ZWaitingStatusInput)
    .output(syncOutput(ZWaitingStatusOutput))
    .query(({ ctx, input }) => getWaitingStatus({ actor: ctx.actor, sessionId: input.sessionId })),

  /** The clinician's one-click "running late, about N min". */
  runningLate: clinicianProcedure
    .input(ZRunningLateInput)
    .output(syncOutput(ZRunningLateOutput))
    .mutation(({ ctx, input }) =>
      sendRunningLate({
        actor: ctx.actor,
        sessionId: input.sessionId,
        minutes: input.minutes,
      }),
    ),

  /** A waiting patient or guest writes to the clinic. */
  message: participantProcedure
    .input(ZMessageClinicInput)
    .output(syncOutput(ZMessageClinicOutput))
    .mutation(({ ctx, input }) =>
      messageClinic({
        actor: ctx.actor,
        sessionId: input.sessionId,
        body: input.body,
      }),
    ),

  /** Everyone waiting for this clinician now, with their messages. */
  list: clinicianProcedure.output(syncOutput(ZWaitingListOutput)).query(({ ctx }) => listWaitingRoom({ actor: ctx.actor })),
});
