import { z } from "zod";


const ZOptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

export const ZOverview = z.object({
  clinicians: z.number().int(),
  admins: z.number().int(),
  patients: z.number().int(),
  openVisits: z.number().int(),
  consultationsToday: z.number().int(),
  openIssues: z.number().int(),
});

// Form fields arrive as "" when left empty.
const ZOptionalDate = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.coerce.date().optional());

/** Audit trail filters; shared by the tRPC procedure, the page and the CSV route. */
export const ZAuditFilter = z
  .object({
    actorId: ZOptionalText(64),
    patientId: ZOptionalText(64),
    action: ZOptionalText(100),
    entityType: ZOptionalText(64),
    entityId: ZOptionalText(100),
    from: ZOptionalDate,
    to: ZOptionalDate,
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "The start of the range must be before its end.", path: ["to"] });

export const ZAuditListInput = z.object({
  filter: ZAuditFilter.optional(),
  cursor: z.string().regex(/^\d{1,19}$/, "Invalid cursor").optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const ZAuditEvent = z.object({
  id: z.string(),
  occurredAt: z.date(),
  actorId: z.string().nullable(),
  actorRole: z.enum(["PATIENT", "CLINICIAN", "ADMIN", "GUEST"]).nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  patientId: z.string().nullable(),
  outcome: z.enum(["SUCCESS", "DENIED", "FAILURE"]),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  metadata: z.string().nullable(),
  sealed: z.boolean(),
});
export const ZAuditListOutput = z.object({ items: z.array(ZAuditEvent), nextCursor: z.string().nullable() });

export const ZChainReport = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBreak: z.object({ id: z.string(), reason: z.enum(["hash_mismatch", "link_mismatch"]) }).nullable(),
  unsealed: z.number().int(),
});

