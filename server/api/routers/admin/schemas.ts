import { z } from "zod";
import { zDate, zId, zText } from "@/lib/validation/input-policy";

const ZOptionalText = (max: number) =>
  zText()
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
const ZOptionalDate = z.preprocess((v) => (v === "" || v === null ? undefined : v), zDate.optional());

/** Audit trail filters; shared by the tRPC procedure, the page and the CSV route. */
export const ZAuditFilter = z
  .object({
    actorId: ZOptionalText(64),
    patientId: ZOptionalText(64),
    action: ZOptionalText(100),
    entityType: ZOptionalText(64),
    entityId: ZOptionalText(100),
    /** A patient by name, MRN or id; a person by name, email or id. */
    patient: ZOptionalText(100),
    actor: ZOptionalText(100),
    from: ZOptionalDate,
    to: ZOptionalDate,
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "The start of the range must be before its end.", path: ["to"] });

export const ZAuditListInput = z.object({
  filter: ZAuditFilter.optional(),
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, "Invalid cursor")
    .optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /** Fold runs of routine polling reads into one row per read window (default). */
  fold: z.boolean().default(true),
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
  actorName: z.string().nullable(),
  patientName: z.string().nullable(),
  entityHref: z.string().nullable(),
  /** Stored rows this row stands for (a folded run of reads), and the oldest of them. */
  count: z.number().int().min(1),
  oldestAt: z.date(),
  oldestId: z.string(),
});
export const ZAuditListOutput = z.object({ items: z.array(ZAuditEvent), nextCursor: z.string().nullable() });

export const ZChainReport = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBreak: z.object({ id: z.string(), reason: z.enum(["hash_mismatch", "link_mismatch"]) }).nullable(),
  unsealed: z.number().int(),
});

const MAX_STATS_DAYS = 366;
export const ZStatsInput = z
  .object({ from: zDate, to: zDate })
  .refine((r) => r.from < r.to, { message: "The start of the range must be before its end.", path: ["to"] })
  .refine((r) => r.to.getTime() - r.from.getTime() <= MAX_STATS_DAYS * 24 * 60 * 60_000, {
    message: `Choose a range of at most ${MAX_STATS_DAYS} days.`,
    path: ["from"],
  });

const ZNullableNumber = z.number().nullable();
export const ZStatsOutput = z.object({
  from: z.date(),
  to: z.date(),
  sessionsPerDay: z.array(z.object({ day: z.string(), total: z.number().int(), completed: z.number().int() })),
  consultations: z.object({
    total: z.number().int(),
    completed: z.number().int(),
    cancelled: z.number().int(),
    noShow: z.number().int(),
    completedRate: ZNullableNumber,
    cancelledRate: ZNullableNumber,
    noShowRate: ZNullableNumber,
  }),
  duration: z.object({ sessions: z.number().int(), avgSeconds: ZNullableNumber, p90Seconds: ZNullableNumber }),
  wait: z.object({ patients: z.number().int(), avgSeconds: ZNullableNumber }),
  joins: z.object({ total: z.number().int(), connected: z.number().int(), connectedShare: ZNullableNumber }),
  issuesByCategory: z.array(z.object({ category: z.string(), count: z.number().int() })),
  revenuePerDay: z.array(z.object({ day: z.string(), currency: z.string(), amountMinor: z.number(), payments: z.number().int() })),
  clinicians: z.array(
    z.object({
      clinicianId: z.string(),
      name: z.string().nullable(),
      total: z.number().int(),
      completed: z.number().int(),
      cancelled: z.number().int(),
      noShow: z.number().int(),
      avgDurationSeconds: ZNullableNumber,
    }),
  ),
});

// Users.
const ZStatus = z.enum(["ACTIVE", "INVITED", "DEACTIVATED", "NO_ACCOUNT"]);
export const ZStaffList = z.array(
  z.object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(["CLINICIAN", "ADMIN"]),
    status: ZStatus,
    invitedAt: z.date().nullable(),
    lastSignInAt: z.date().nullable(),
  }),
);
export const ZPatientList = z.array(
  z.object({
    id: z.string(),
    mrn: z.string(),
    name: z.string(),
    userId: z.string().nullable(),
    email: z.string().nullable(),
    portalStatus: ZStatus,
    lastSignInAt: z.date().nullable(),
  }),
);
export const ZInviteInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  name: z.string().trim().min(2, "Enter the person's name").max(120),
  role: z.enum(["CLINICIAN", "ADMIN"]),
});
export const ZUserIdInput = z.object({ userId: zId });
export const ZUserIdOutput = z.object({ userId: z.string() });
export const ZDeactivateOutput = z.object({ userId: z.string(), deactivatedAt: z.date(), revokedSessions: z.number().int() });

// Recordings.
const ZTranscriptStatus = z.enum(["PENDING", "DONE", "FAILED"]);
export const ZRecordingList = z.array(
  z.object({
    id: z.string(),
    status: z.enum(["STARTING", "ACTIVE", "COMPLETED", "FAILED", "DELETED"]),
    sessionId: z.string(),
    clinicianName: z.string().nullable(),
    patientId: z.string(),
    patientName: z.string(),
    startedAt: z.date(),
    durationSeconds: z.number().int().nullable(),
    sizeBytes: z.number().nullable(),
    mimeType: z.string().nullable(),
    consentRecorded: z.boolean(),
    deleteAfter: z.date().nullable(),
    transcript: z.object({ status: ZTranscriptStatus, error: z.string().nullable() }).nullable(),
  }),
);

// Transcription.
export const ZRecordingIdInput = z.object({ recordingId: zId });
export const ZTranscriptView = z.object({
  recordingId: z.string(),
  configured: z.boolean(),
  maxAttempts: z.number().int(),
  transcript: z
    .object({
      status: ZTranscriptStatus,
      language: z.string().nullable(),
      text: z.string().nullable(),
      segments: z.array(z.object({ start: z.number(), end: z.number(), text: z.string() })).nullable(),
      error: z.string().nullable(),
      attempts: z.number().int(),
      nextAttemptAt: z.date().nullable(),
      completedAt: z.date().nullable(),
    })
    .nullable(),
});
export const ZRetryTranscriptOutput = z.object({ recordingId: z.string(), transcriptId: z.string(), status: z.literal("PENDING") });
