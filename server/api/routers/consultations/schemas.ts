import { z } from "zod";
import { zDate, zId } from "@/lib/validation/input-policy";

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
  session: z.object({ id: z.string(), status: z.enum(["SCHEDULED", "IN_PROGRESS", "COMPLETED", "CANCELLED"]) }).nullable(),
  /** Set while the patient is in the waiting room and not yet admitted. */
  patientArrivedAt: z.date().nullable(),
  joinWindow: z.object({ opensAt: z.date(), closesAt: z.date() }),
});

export const ZListUpcomingOutput = z.array(ZConsultationListItem);

// Ids and dates follow the shared input policy (lib/validation/input-policy.ts).
const ZId = zId;
const ZFutureDate = zDate;

export const ZBookInput = z.object({
  patientId: ZId,
  clinicianId: ZId.optional(),
  scheduledStart: ZFutureDate,
  durationMinutes: z.number().int().min(5, "At least 5 minutes").max(240, "At most 4 hours"),
  reason: z.string().trim().max(500).optional(),
  visitId: ZId.optional(),
  recordingEnabled: z.boolean().default(false),
});
export const ZBookOutput = z.object({
  id: z.string(),
  visitId: z.string(),
  sessionId: z.string(),
  scheduledStart: z.date(),
  durationMinutes: z.number().int(),
  status: ZConsultationStatus,
});

export const ZRescheduleInput = z.object({
  consultationId: ZId,
  scheduledStart: ZFutureDate,
  durationMinutes: z.number().int().min(5).max(240).optional(),
});
export const ZRescheduleOutput = z.object({ id: z.string(), status: ZConsultationStatus, scheduledStart: z.date(), durationMinutes: z.number().int() });

export const ZCancelInput = z.object({ consultationId: ZId, reason: z.string().trim().min(3, "Give a short reason for the patient").max(500) });
export const ZCancelOutput = z.object({ id: z.string(), status: ZConsultationStatus });
