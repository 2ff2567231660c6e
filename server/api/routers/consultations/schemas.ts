import { z } from "zod";
import { DATE_MESSAGE, dateProblem, zDate, zId } from "@/lib/validation/input-policy";

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
});

/**
 * The list, and the clinic's join-window policy once for all of it: each row's window is
 * `joinWindow(scheduledStart, joinWindowPolicy)` (lib/join-window.ts), computed where it is
 * shown. Sent per row as two Dates it was two thirds of the Dates in the answer and ~40 % of
 * the server's CPU checking and encoding a 100-row list.
 */
export const ZListUpcomingOutput = z.object({
  joinWindowPolicy: z.object({ beforeMinutes: z.number().int().min(0), afterMinutes: z.number().int().min(0) }),
  consultations: z.array(ZConsultationListItem),
});
export type TListUpcomingOutput = z.infer<typeof ZListUpcomingOutput>;

// Ids and dates follow the shared input policy (lib/validation/input-policy.ts).
const ZId = zId;
const ZFutureDate = zDate;

// The booking dialog validates with this same schema (ZBookInput.safeParse) before sending,
// so its field messages are the server's: they say what is missing.
export const ZBookInput = z.object({
  patientId: z.string({ error: "Choose a patient." }).min(1, "Choose a patient.").pipe(ZId),
  clinicianId: ZId.optional(),
  scheduledStart: z.coerce.date({ error: "Choose a date and time." }).refine((d) => dateProblem(d) === null, DATE_MESSAGE),
  durationMinutes: z.number({ error: "Enter the length in minutes." }).int("Whole minutes only.").min(5, "At least 5 minutes").max(240, "At most 4 hours"),
  reason: z.string().trim().max(500, "At most 500 characters.").optional(),
  /** Book into this open visit. Without it the booking opens a new visit, its reason the visit's. */
  visitId: ZId.optional(),
  recordingEnabled: z.boolean().default(false),
  /** The booker's time zone, for wording a refusal ("clashes with … 10:30–10:50 AM GMT+1"). */
  timeZone: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9_+\-/]+$/)
    .optional(),
});
export const ZBookOutput = z.object({
  id: z.string(),
  visitId: z.string(),
  sessionId: z.string(),
  scheduledStart: z.date(),
  durationMinutes: z.number().int(),
  status: ZConsultationStatus,
});

export const ZSlotsInput = z.object({
  clinicianId: ZId.optional(),
  /** Any instant of the first day to show. */
  from: zDate.optional(),
  days: z.number().int().min(1).max(7).default(1),
});
const ZSlot = z.object({ start: z.date(), end: z.date(), status: z.enum(["free", "booked", "past"]) });
export const ZSlotsOutput = z.object({
  timeZone: z.string(),
  slotMinutes: z.number().int(),
  opensMinute: z.number().int(),
  closesMinute: z.number().int(),
  days: z.array(z.object({ date: z.string(), open: z.boolean(), slots: z.array(ZSlot) })),
  nextFree: z.object({ start: z.date(), end: z.date() }).nullable(),
});
export type TSlotsOutput = z.infer<typeof ZSlotsOutput>;

export const ZOpenVisitsInput = z.object({ patientId: ZId, clinicianId: ZId.optional() });
export const ZOpenVisitsOutput = z.array(z.object({ id: z.string(), reason: z.string().nullable(), openedAt: z.date() }));

export const ZRescheduleInput = z.object({
  consultationId: ZId,
  scheduledStart: ZFutureDate,
  durationMinutes: z.number().int().min(5).max(240).optional(),
});
export const ZRescheduleOutput = z.object({ id: z.string(), status: ZConsultationStatus, scheduledStart: z.date(), durationMinutes: z.number().int() });

export const ZCancelInput = z.object({ consultationId: ZId, reason: z.string().trim().min(3, "Give a short reason for the patient").max(500) });
export const ZCancelOutput = z.object({ id: z.string(), status: ZConsultationStatus });
