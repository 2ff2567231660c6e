import { z } from "zod";

export const ZConsultationStatus = z.enum(["SCHEDULED", "WAITING", "IN_PROGRESS", "COMPLETED", "CANCELLED", "NO_SHOW"]);

export const ZListUpcomingInput = z.object({ days: z.number().int().min(1).max(60).default(7) }).default({ days: 7 });

export const ZConsultationListItem = z.object({
  id: z.string(),
  visitId: z.string(),
  scheduledStart: z.date(),
  durationMinutes: z.number().int(),
  status: ZConsultationStatus,
  reason: z.string().nullable(),
  patient: z.object({ id: z.string(), name: z.string() }),
  clinician: z.object({ id: z.string(), name: z.string() }),
});

export const ZListUpcomingOutput = z.array(ZConsultationListItem);
