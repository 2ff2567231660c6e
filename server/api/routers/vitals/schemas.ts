import { z } from "zod";
import { zId } from "@/lib/validation/input-policy";
import { CONSCIOUSNESS_LEVELS, NEWS2_RISKS, VITAL_SOURCES } from "@/lib/realtime/events";
import { THRESHOLD_PARAMETERS } from "@/lib/vitals/parameters";
import { ZManualReading } from "@/lib/vitals/reading-schema";

// Ids and dates follow the shared input policy (lib/validation/input-policy.ts).
const ZId = zId;
const ZRisk = z.enum(NEWS2_RISKS);
const ZSource = z.enum(VITAL_SOURCES);
const int = z.number().int().nullable();

export const ZObservation = z.object({
  id: z.string(),
  seq: z.number().int(),
  observedAt: z.date(),
  receivedAt: z.date(),
  source: ZSource,
  sessionId: z.string().nullable(),
  heartRate: int,
  systolicBp: int,
  diastolicBp: int,
  respiratoryRate: int,
  spo2: int,
  supplementalOxygen: z.boolean().nullable(),
  temperature: z.number().nullable(),
  consciousness: z.enum(CONSCIOUSNESS_LEVELS).nullable(),
  news2Total: z.number().int(),
  news2Risk: ZRisk,
  news2Complete: z.boolean(),
});
export type TObservation = z.infer<typeof ZObservation>;

export const ZAlert = z.object({
  id: z.string(),
  patientId: z.string(),
  observationId: z.string(),
  condition: z.string(),
  status: z.enum(["OPEN", "ACKNOWLEDGED"]),
  news2Total: z.number().int().nullable(),
  parameters: z.array(z.string()),
  value: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  raisedAt: z.date(),
  lastTriggeredAt: z.date(),
  acknowledgedAt: z.date().nullable(),
  acknowledgeNote: z.string().nullable(),
  acknowledgedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  escalatedAt: z.date().nullable(),
  escalationCount: z.number().int(),
});
export type TAlert = z.infer<typeof ZAlert>;

export const ZMineInput = z.void();
export const ZMineOutput = z.object({ patientId: z.string() });

// ─── summary / history ───

export const ZPatientInput = z.object({ patientId: ZId });

const latest = <T extends z.ZodType>(value: T) => z.object({ value, observedAt: z.date(), source: ZSource }).nullable();

export const ZVitalsSummaryOutput = z.object({
  patient: z.object({
    id: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    mrn: z.string(),
    spo2Scale: z.union([z.literal(1), z.literal(2)]),
    isSelf: z.boolean(),
  }),
  viewerRole: z.enum(["CLINICIAN", "PATIENT", "ADMIN", "GUEST"]),
  seq: z.number().int(),
  latest: ZObservation.nullable(),
  recent: z.array(ZObservation),
  latestValues: z.object({
    heartRate: latest(z.number()),
    systolicBp: latest(z.number()),
    diastolicBp: latest(z.number()),
    respiratoryRate: latest(z.number()),
    spo2: latest(z.number()),
    temperature: latest(z.number()),
    supplementalOxygen: latest(z.boolean()),
    consciousness: latest(z.enum(CONSCIOUSNESS_LEVELS)),
  }),
  openAlerts: z.array(ZAlert),
  serverTime: z.date(),
});
export type TVitalsSummary = z.infer<typeof ZVitalsSummaryOutput>;

export const HISTORY_RANGES = {
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "24h": 24 * 3_600_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
} as const;
export type THistoryRange = keyof typeof HISTORY_RANGES;

export const ZHistoryInput = z
  .object({
    patientId: ZId,
    range: z.enum(Object.keys(HISTORY_RANGES) as [THistoryRange, ...THistoryRange[]]).optional(),
    from: z.date().optional(),
    to: z.date().optional(),
    maxPoints: z.number().int().min(10).max(5000).optional(),
  })
  .refine((i) => Boolean(i.range) !== Boolean(i.from && i.to), { message: "Give either a range or from and to.", path: ["range"] });

/** One point of the history chart: a reading, or the low or high half of a bucket. */
export interface THistoryPoint {
  observedAt: Date;
  seq: number | null;
  heartRate: number | null;
  systolicBp: number | null;
  diastolicBp: number | null;
  respiratoryRate: number | null;
  spo2: number | null;
  temperature: number | null;
  news2Total: number;
  news2Risk: z.infer<typeof ZRisk>;
  news2Complete: boolean;
  /** Readings in the interval this point stands for (1 when not bucketed). */
  count: number;
}

// A history column is 600 values by default (up to 5,000): zod's z.array(z.number()) checks
// each element through its parse machinery and copies the array (~30 ns a value: ~0.2 ms of a
// 24 h history's CPU). A column is checked by the same rules (z.number(): finite; .int(): a
// safe integer; the enum; boolean) in one loop, holes included, and passes on as it is.
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isRisk = (v: unknown): v is z.infer<typeof ZRisk> => (NEWS2_RISKS as readonly unknown[]).includes(v);
const orNull =
  <T>(check: (v: unknown) => v is T) =>
  (v: unknown): v is T | null =>
    v === null || check(v);
function column<T>(what: string, check: (v: unknown) => v is T) {
  return z.custom<T[]>(
    (v) => {
      if (!Array.isArray(v)) return false;
      for (let i = 0; i < v.length; i++) if (!check(v[i])) return false;
      return true;
    },
    { message: `Expected an array of ${what}.` },
  );
}

/**
 * The history's points as one array per field (point i is element i of every array), in time
 * order: a day of bucketed minute readings is ~35 KiB on the wire instead of ~150 as an object
 * per point, and cheaper to encode, validate and parse. `t` is observedAt in epoch milliseconds
 * (a Date per point would add a superjson type entry per point).
 */
export const ZHistorySeries = z
  .object({
    t: column("integers", isInt),
    seq: column("integers or null", orNull(isInt)),
    heartRate: column("numbers or null", orNull(isNumber)),
    systolicBp: column("numbers or null", orNull(isNumber)),
    diastolicBp: column("numbers or null", orNull(isNumber)),
    respiratoryRate: column("numbers or null", orNull(isNumber)),
    spo2: column("numbers or null", orNull(isNumber)),
    temperature: column("numbers or null", orNull(isNumber)),
    news2Total: column("integers", isInt),
    news2Risk: column("NEWS2 risks", isRisk),
    news2Complete: column("booleans", isBoolean),
    count: column("integers", isInt),
  })
  .refine((s) => Object.values(s).every((column) => column.length === s.t.length), { message: "Every series has one value per point." });
export type THistorySeries = z.infer<typeof ZHistorySeries>;

export const ZHistoryOutput = z.object({
  from: z.date(),
  to: z.date(),
  bucketSeconds: z.number().int().nullable(),
  series: ZHistorySeries,
});
export type THistoryOutput = z.infer<typeof ZHistoryOutput>;

// ─── entry ───

export const ZRecordInput = z.object({
  patientId: ZId,
  sessionId: ZId.nullish(),
  requestId: ZId.nullish(),
  reading: ZManualReading,
});

export const ZRecordOutput = z.object({
  idempotencyKey: z.string(),
  status: z.enum(["created", "duplicate"]),
  observation: ZObservation,
  news2: z.object({ total: z.number().int(), risk: ZRisk, complete: z.boolean() }),
  alertsRaised: z.array(z.string()),
  fulfilledRequestId: z.string().nullable(),
});

// ─── alerts ───

export const ZListAlertsInput = z.object({
  patientId: ZId.optional(),
  status: z.enum(["OPEN", "ACKNOWLEDGED"]).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export const ZListAlertsOutput = z.array(
  ZAlert.extend({ patient: z.object({ id: z.string(), givenName: z.string(), familyName: z.string(), mrn: z.string() }) }),
);

export const ZAcknowledgeInput = z.object({ alertId: ZId, note: z.string().trim().max(1000).optional() });
export const ZAcknowledgeOutput = ZAlert;

// ─── thresholds ───

const ZThresholdParameter = z.enum(THRESHOLD_PARAMETERS);
export const ZThreshold = z.object({
  id: z.string(),
  parameter: ZThresholdParameter,
  min: z.number().nullable(),
  max: z.number().nullable(),
  updatedAt: z.date(),
});
export const ZListThresholdsOutput = z.array(ZThreshold);
export const ZSetThresholdInput = z.object({
  patientId: ZId,
  parameter: ZThresholdParameter,
  min: z.number().finite().nullable(),
  max: z.number().finite().nullable(),
});
export const ZRemoveThresholdInput = z.object({ patientId: ZId, parameter: ZThresholdParameter });
export const ZRemoveThresholdOutput = z.object({ removed: z.boolean() });

// ─── device tokens ───

export const ZDeviceToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});
export const ZListDevicesOutput = z.array(ZDeviceToken);
export const ZIssueDeviceInput = z.object({
  patientId: ZId,
  name: z.string().trim().min(1, { error: "Give the device a name, e.g. “Bedroom pulse oximeter”." }).max(80),
});
export const ZIssueDeviceOutput = ZDeviceToken.extend({ token: z.string() });
export const ZRevokeDeviceInput = z.object({ tokenId: ZId });

// ─── requests ───

const ZVitalsRequest = z.object({
  id: z.string(),
  patientId: z.string(),
  sessionId: z.string().nullable(),
  requestedById: z.string(),
  requestedAt: z.date(),
  fulfilledAt: z.date().nullable(),
  cancelledAt: z.date().nullable(),
});
export const ZCreateRequestInput = z.object({ patientId: ZId, sessionId: ZId.nullish() });
export const ZCreateRequestOutput = ZVitalsRequest.extend({ created: z.boolean() });
export const ZPendingRequestsOutput = z.array(ZVitalsRequest.extend({ requestedByName: z.string() }));
export const ZCancelRequestInput = z.object({ requestId: ZId });
export const ZCancelRequestOutput = ZVitalsRequest;
