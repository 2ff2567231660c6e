import { clinicianProcedure, createTRPCRouter, syncOutput } from "@/server/api/trpc";
import { startRecording } from "@/server/recordings/start-recording";
import { stopRecording } from "@/server/recordings/stop-recording";
import { ZRecordingSessionInput, ZStartRecordingOutput, ZStopRecordingOutput } from "./schemas";

export const recordingsRouter = createTRPCRouter({
  start: clinicianProcedure
    .input(ZRecordingSessionInput)
    .output(syncOutput(ZStartRecordingOutput))
    .mutation(({ ctx, input }) => startRecording({ actor: ctx.actor, sessionId: input.sessionId })),

  stop: clinicianProcedure
    .input(ZRecordingSessionInput)
    .output(syncOutput(ZStopRecordingOutput))
    .mutation(({ ctx, input }) => stopRecording({ actor: ctx.actor, sessionId: input.sessionId })),
});
