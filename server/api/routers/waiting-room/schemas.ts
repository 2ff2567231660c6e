import { z } from "zod";
import { zId } from "@/lib/validation/input-policy";
import { RUNNING_LATE_CHOICES } from "@/server/waiting-room/waiting-estimate";

export const WAITING_MESSAGE_MAX = 500;

export const ZWaitingStatusInput = z.object({ sessionId: zId });
export const ZWaitingStatusOutput = z.object({
  clinicianName: z.string(),
  at: z.date(),
  state: z.enum(["starting", "with_another_patient", "running_late", "before_time", "told"]),
  expectedAt: z.date().nullable(),
  minutes: z.number().int().positive().nullable(),
  late: z.object({ sentAt: z.date(), minutes: z.number().int(), until: z.date() }).nullable(),
});

export const ZRunningLateInput = z.object({
  sessionId: zId,
  minutes: z.union(RUNNING_LATE_CHOICES.map((m) => z.literal(m)) as unknown as [z.ZodLiteral<5>, z.ZodLiteral<10>, ...z.ZodLiteral<number>[]], {
    error: `Choose ${RUNNING_LATE_CHOICES.join(", ")} minutes.`,
  }),
});
export const ZRunningLateOutput = z.object({
  id: z.string(),
  minutes: z.number().int(),
  sentAt: z.date(),
  until: z.date(),
});

export const ZMessageClinicInput = z.object({
  sessionId: zId,
  body: z
    .string()
    .trim()
    .min(1, "Write a message first.")
    .max(WAITING_MESSAGE_MAX, `Keep it under ${WAITING_MESSAGE_MAX} characters, or call the clinic.`)
    .refine((s) => !s.includes("\u0000"), "The message contains characters that cannot be sent."),
});
export const ZMessageClinicOutput = z.object({
  id: z.string(),
  body: z.string(),
  createdAt: z.date(),
});

export const ZWaitingListOutput = z.array(
  z.object({
    sessionId: z.string(),
    consultationId: z.string().nullable(),
    patientId: z.string(),
    status: z.enum(["SCHEDULED", "IN_PROGRESS"]),
    waiting: z.array(
      z.object({
        userId: z.string(),
        role: z.enum(["PATIENT", "GUEST"]),
        displayName: z.string(),
        arrivedAt: z.date(),
      }),
    ),
    messages: z.array(
      z.object({
        id: z.string(),
        senderName: z.string(),
        body: z.string(),
        createdAt: z.date(),
      }),
    ),
    lateNotice: z.object({ minutes: z.number().int(), sentAt: z.date() }).nullable(),
  }),
);
