import { z } from "zod";
import { zId } from "@/lib/validation/input-policy";

export const ZRecordingStatus = z.enum(["STARTING", "ACTIVE", "COMPLETED", "FAILED", "DELETED"]);

export const ZRecordingSessionInput = z.object({ sessionId: zId });

export const ZStartRecordingOutput = z.object({
  recordingId: z.string(),
  status: ZRecordingStatus,
  started: z.boolean(),
});

export const ZStopRecordingOutput = z.object({
  recordingId: z.string().nullable(),
  status: ZRecordingStatus.nullable(),
});
