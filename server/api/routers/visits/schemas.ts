import { z } from "zod";
import { zId } from "@/lib/validation/input-policy";

// Ids and dates follow the shared input policy (lib/validation/input-policy.ts).
const ZId = zId;
const ZVisitStatus = z.enum(["OPEN", "CLOSED"]);
const ZPaymentStatus = z.enum(["UNPAID", "PARTIALLY_PAID", "PAID", "WAIVED"]);

export const ZOpenInput = z.object({ patientId: ZId, chiefComplaint: z.string().trim().max(500).optional() });
export const ZOpenOutput = z.object({ id: z.string(), status: ZVisitStatus, openedAt: z.date() });
export const ZCloseInput = z.object({ visitId: ZId });
export const ZCloseOutput = z.object({ id: z.string(), status: ZVisitStatus });

export const ZListInput = z.object({
  status: ZVisitStatus.optional(),
  patientId: ZId.optional(),
  limit: z.number().int().min(1).max(100).default(25),
  cursor: ZId.optional(),
});
export const ZListOutput = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      status: ZVisitStatus,
      chiefComplaint: z.string().nullable(),
      openedAt: z.date(),
      closedAt: z.date().nullable(),
      paymentStatus: ZPaymentStatus,
      /** The bill's total (voided charges left out): 0 reads "Nothing charged", not "Unpaid". */
      chargedMinor: z.number().int(),
      patient: z.object({ id: z.string(), name: z.string() }),
      clinician: z.object({ id: z.string(), name: z.string() }),
      sessionCount: z.number().int(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const ZGetInput = z.object({ visitId: ZId });
const ZStint = z.object({ joinedAt: z.date(), leftAt: z.date().nullable() });
export const ZGetOutput = z.object({
  id: z.string(),
  status: ZVisitStatus,
  chiefComplaint: z.string().nullable(),
  openedAt: z.date(),
  closedAt: z.date().nullable(),
  paymentStatus: ZPaymentStatus,
  patient: z.object({ id: z.string(), name: z.string(), mrn: z.string().nullable() }),
  clinician: z.object({ id: z.string(), name: z.string() }),
  sessions: z.array(
    z.object({
      id: z.string(),
      status: z.enum(["SCHEDULED", "IN_PROGRESS", "COMPLETED", "CANCELLED"]),
      scheduledStart: z.date().nullable(),
      startedAt: z.date().nullable(),
      endedAt: z.date().nullable(),
      durationSeconds: z.number().int().nullable(),
      /** The reason given when this session's consultation was booked. */
      reason: z.string().nullable(),
      notes: z.string().nullable(),
      participants: z.array(
        z.object({
          role: z.enum(["CLINICIAN", "PATIENT", "GUEST"]),
          displayName: z.string(),
          arrivedAt: z.date().nullable(),
          admittedAt: z.date().nullable(),
          stints: z.array(ZStint),
        }),
      ),
      chat: z.array(z.object({ id: z.string(), senderName: z.string(), body: z.string(), createdAt: z.date() })),
      technicalIssues: z.array(
        z.object({
          id: z.string(),
          category: z.enum(["AUDIO", "VIDEO", "CONNECTION", "OTHER"]),
          description: z.string(),
          status: z.enum(["OPEN", "RESOLVED"]),
          createdAt: z.date(),
        }),
      ),
    }),
  ),
  bill: z.object({
    charges: z.array(
      z.object({
        id: z.string(),
        code: z.string(),
        description: z.string(),
        amountMinor: z.number().int(),
        currency: z.string(),
        createdAt: z.date(),
        voidedAt: z.date().nullable(),
        voidReason: z.string().nullable(),
      }),
    ),
    payments: z.array(
      z.object({
        id: z.string(),
        amountMinor: z.number().int(),
        currency: z.string(),
        method: z.enum(["CASH", "CARD", "INSURANCE", "OTHER"]),
        receivedAt: z.date(),
      }),
    ),
    chargedMinor: z.number().int(),
    paidMinor: z.number().int(),
    balanceMinor: z.number().int(),
    currency: z.string().nullable(),
  }),
  observations: z.array(
    z.object({
      id: z.string(),
      observedAt: z.date(),
      heartRate: z.number().int().nullable(),
      systolicBp: z.number().int().nullable(),
      diastolicBp: z.number().int().nullable(),
      respiratoryRate: z.number().int().nullable(),
      spo2: z.number().int().nullable(),
      temperature: z.number().nullable(),
      news2Total: z.number().int(),
      news2Risk: z.enum(["LOW", "LOW_MEDIUM", "MEDIUM", "HIGH"]),
      news2Complete: z.boolean(),
    }),
  ),
});
