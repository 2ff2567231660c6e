import { z } from "zod";

export const ZRecordingStatus = z.enum(["STARTING", "ACTIVE", "COMPLETED", "FAILED", "DELETED"]);

export const ZRecordingSessionInput = z.object({ sessionId: z.string().min(1).max(64) });

export const ZStartRecordingOutput = z.object({
  recordingId: z.string(),
  status: ZRecordingStatus,
  started: z.boolean(),
});

export const ZStopRecordingOutput = z.object({
  recordingId: z.string().nullable(),
  status: ZRecordingStatus.nullable(),
});
