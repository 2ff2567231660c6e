// What a set of vital-sign readings must look like to be stored, as zod schemas shared by
// the device API, the tRPC procedures and the entry forms. Every problem is reported on the
// field it concerns, in words a person can act on; a valid reading comes out in canonical
// units (°F converted to °C, temperature rounded to 0.1 °C).

import { z } from "zod";
import { inputPolicyIssues } from "@/lib/validation/input-policy";
import { ACCEPTED_UNITS, CONSCIOUSNESS_VALUES, fahrenheitToCelsius, NUMERIC_VITALS, roundTo, VITALS, type NumericVital, type VitalValues } from "./parameters";
import { IDEMPOTENCY_KEY_MESSAGE, IDEMPOTENCY_KEY_PATTERN, notANumberMessage, valueIssues, type RawValues } from "./reading-checks";

/** Most readings one device request may carry. */
export const MAX_BATCH_READINGS = 100;
/** Device clocks drift: a reading may be stamped this far ahead of the server's clock. */
export const FUTURE_TOLERANCE_MS = 60_000;
/** Older readings (a device that was offline for weeks) are refused. */
export const MAX_READING_AGE_MS = 30 * 24 * 60 * 60_000;

export { IDEMPOTENCY_KEY_PATTERN };

const ZIdempotencyKey = z
  .string({ error: "Give each reading an idempotency key (1–100 letters, digits, . _ : -)." })
  .regex(IDEMPOTENCY_KEY_PATTERN, { error: IDEMPOTENCY_KEY_MESSAGE });

const ZObservedAt = z.iso.datetime({
  offset: true,
  error: "Give the time the reading was taken as an ISO 8601 date-time with a time zone, e.g. 2026-11-21T09:30:00Z.",
});

const number = (key: NumericVital) => z.number({ error: notANumberMessage(key) }).nullish();

const ZUnits = z
  .strictObject(
    Object.fromEntries(
      NUMERIC_VITALS.map((k) => [
        k,
        z
          .enum(ACCEPTED_UNITS[k] as [string, ...string[]], {
            error: `${VITALS[k].label} is accepted in ${ACCEPTED_UNITS[k].join(" or ")} (UCUM).`,
          })
          .optional(),
      ]),
    ) as Record<NumericVital, z.ZodOptional<z.ZodEnum<Record<string, string>>>>,
    { error: (issue) => (issue.code === "unrecognized_keys" ? `Units can only be given for ${NUMERIC_VITALS.join(", ")}.` : undefined) },
  )
  .optional();

const valueFields = {
  heartRate: number("heartRate"),
  systolicBp: number("systolicBp"),
  diastolicBp: number("diastolicBp"),
  respiratoryRate: number("respiratoryRate"),
  spo2: number("spo2"),
  temperature: number("temperature"),
  supplementalOxygen: z.boolean({ error: "Say whether the patient is on supplemental oxygen with true or false." }).nullish(),
  consciousness: z.enum(CONSCIOUSNESS_VALUES, { error: `Consciousness must be one of ${CONSCIOUSNESS_VALUES.join(", ")}.` }).nullish(),
  units: ZUnits,
};

/** Range, unit and consistency checks (`reading-checks.ts`, shared with the entry form). */
function checkValues(raw: RawValues, ctx: z.RefinementCtx): void {
  for (const issue of valueIssues(raw)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
}

/** Canonical values: °C, temperature to 0.1, absent fields left out. */
export function toCanonicalValues(raw: RawValues): VitalValues {
  const values: VitalValues = {};
  for (const key of NUMERIC_VITALS) {
    const value = raw[key];
    if (value === null || value === undefined) continue;
    const canonical = key === "temperature" && raw.units?.temperature === "[degF]" ? fahrenheitToCelsius(value) : value;
    values[key] = roundTo(canonical, VITALS[key].decimals);
  }
  if (typeof raw.supplementalOxygen === "boolean") values.supplementalOxygen = raw.supplementalOxygen;
  if (raw.consciousness) values.consciousness = raw.consciousness;
  return values;
}

export interface NormalizedReading {
  idempotencyKey: string;
  /** null: "now" (manual entry without a time). */
  observedAt: Date | null;
  values: VitalValues;
}

/** One reading from a device: time and idempotency key required. */
export const ZDeviceReading = z
  .strictObject({ idempotencyKey: ZIdempotencyKey, observedAt: ZObservedAt, ...valueFields })
  .superRefine((r, ctx) => checkValues(r, ctx))
  .transform((r): NormalizedReading => ({ idempotencyKey: r.idempotencyKey, observedAt: new Date(r.observedAt), values: toCanonicalValues(r) }));

/** One reading typed in by a person: the time defaults to when the server receives it. */
export const ZManualReading = z
  .strictObject({ idempotencyKey: ZIdempotencyKey, observedAt: ZObservedAt.optional(), ...valueFields })
  .superRefine((r, ctx) => checkValues(r, ctx))
  .transform((r): NormalizedReading => ({
    idempotencyKey: r.idempotencyKey,
    observedAt: r.observedAt ? new Date(r.observedAt) : null,
    values: toCanonicalValues(r),
  }));

export type TManualReadingInput = z.input<typeof ZManualReading>;
export type TDeviceReadingInput = z.input<typeof ZDeviceReading>;

/** `{ readings: [...] }`: all stored or none. An optional `patientId` must name the token's own patient. */
export const ZDeviceBatch = z
  .strictObject({
    patientId: z.string().max(64).optional(),
    readings: z
      .array(ZDeviceReading, { error: "`readings` must be a list of readings." })
      .min(1, { error: "Send at least one reading." })
      .max(MAX_BATCH_READINGS, { error: `Send at most ${MAX_BATCH_READINGS} readings per request.` }),
  })
  .superRefine((body, ctx) => {
    const seen = new Map<string, number>();
    body.readings.forEach((r, i) => {
      const first = seen.get(r.idempotencyKey);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["readings", i, "idempotencyKey"],
          message: `This idempotency key is already used by reading ${first + 1} of this request.`,
        });
      } else seen.set(r.idempotencyKey, i);
    });
  });

export interface DeviceIngestBody {
  patientId?: string;
  readings: NormalizedReading[];
}

/**
 * The device API body: one reading, or `{ readings: [...] }`. A single reading may also
 * carry `patientId`. Issues name fields as the client sent them (`readings.2.spo2`, or
 * `spo2` for a single reading).
 */
export function parseDeviceIngestBody(json: unknown): { success: true; data: DeviceIngestBody } | { success: false; issues: FieldIssue[] } {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { success: false, issues: [{ path: "", message: 'Send a JSON object: one reading, or { "readings": [...] }.' }] };
  }
  // The shared input policy first: NUL / broken Unicode in any field or key, absurd nesting.
  const policy = inputPolicyIssues(json);
  if (policy.length > 0) return { success: false, issues: policy.map((i) => ({ path: i.path.map(String).join("."), message: i.message })) };
  if ("readings" in json) {
    const parsed = ZDeviceBatch.safeParse(json);
    return parsed.success ? { success: true, data: parsed.data } : { success: false, issues: fieldIssues(parsed.error) };
  }
  const { patientId, ...reading } = json as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  if (patientId !== undefined && (typeof patientId !== "string" || patientId.length > 64)) {
    issues.push({ path: "patientId", message: "patientId must be the patient's id." });
  }
  const parsed = ZDeviceReading.safeParse(reading);
  if (!parsed.success) issues.push(...fieldIssues(parsed.error));
  if (!parsed.success || issues.length > 0) return { success: false, issues };
  return { success: true, data: { patientId: patientId as string | undefined, readings: [parsed.data] } };
}

export interface FieldIssue {
  path: string;
  message: string;
}

/** Zod issues as `{ path: "readings.0.heartRate", message }` for API responses and forms. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

/** Readings stamped in the future (beyond clock drift) or too long ago; `pathOf(i)` names the field. */
export function timeIssues(readings: readonly { observedAt: Date | null }[], now: Date, pathOf: (index: number) => string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  readings.forEach((r, i) => {
    if (!r.observedAt) return;
    const t = r.observedAt.getTime();
    if (t > now.getTime() + FUTURE_TOLERANCE_MS) {
      issues.push({ path: pathOf(i), message: "The reading time is in the future. Check the device's clock." });
    } else if (t < now.getTime() - MAX_READING_AGE_MS) {
      issues.push({ path: pathOf(i), message: "The reading is more than 30 days old and cannot be added." });
    }
  });
  return issues;
}
