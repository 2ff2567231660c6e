// What a set of vital-sign readings must look like to be stored, as zod schemas shared by
// the device API, the tRPC procedures and the entry forms. Every problem is reported on the
// field it concerns, in words a person can act on; a valid reading comes out in canonical
// units (°F converted to °C, temperature rounded to 0.1 °C).

import { z } from "zod";
import { inputPolicyIssues } from "@/lib/validation/input-policy";
import { ACCEPTED_UNITS, CONSCIOUSNESS_VALUES, fahrenheitToCelsius, NUMERIC_VITALS, roundTo, VITALS, type NumericVital, type VitalValues } from "./parameters";

/** Most readings one device request may carry. */
export const MAX_BATCH_READINGS = 100;
/** Device clocks drift: a reading may be stamped this far ahead of the server's clock. */
export const FUTURE_TOLERANCE_MS = 60_000;
/** Older readings (a device that was offline for weeks) are refused. */
export const MAX_READING_AGE_MS = 30 * 24 * 60 * 60_000;

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

const ZIdempotencyKey = z
  .string({ error: "Give each reading an idempotency key (1–100 letters, digits, . _ : -)." })
  .regex(IDEMPOTENCY_KEY_PATTERN, { error: "Use 1–100 letters, digits, or . _ : - for the idempotency key." });

const ZObservedAt = z.iso.datetime({
  offset: true,
  error: "Give the time the reading was taken as an ISO 8601 date-time with a time zone, e.g. 2026-11-21T09:30:00Z.",
});

const number = (label: string) => z.number({ error: `${label} must be a number.` }).nullish();

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
  heartRate: number(VITALS.heartRate.label),
  systolicBp: number(VITALS.systolicBp.label),
  diastolicBp: number(VITALS.diastolicBp.label),
  respiratoryRate: number(VITALS.respiratoryRate.label),
  spo2: number(VITALS.spo2.label),
  temperature: number(VITALS.temperature.label),
  supplementalOxygen: z.boolean({ error: "Say whether the patient is on supplemental oxygen with true or false." }).nullish(),
  consciousness: z.enum(CONSCIOUSNESS_VALUES, { error: `Consciousness must be one of ${CONSCIOUSNESS_VALUES.join(", ")}.` }).nullish(),
  units: ZUnits,
};

type RawValues = {
  [K in NumericVital]?: number | null;
} & {
  supplementalOxygen?: boolean | null;
  consciousness?: (typeof CONSCIOUSNESS_VALUES)[number] | null;
  units?: Partial<Record<NumericVital, string>>;
};

function formatBound(value: number, decimals: 0 | 1): string {
  return decimals === 1 ? value.toFixed(1) : String(value);
}

/** Range, unit and consistency checks; adds one issue per offending field. */
function checkValues(raw: RawValues, ctx: z.RefinementCtx): void {
  for (const key of NUMERIC_VITALS) {
    const value = raw[key];
    if (value === null || value === undefined) continue;
    const def = VITALS[key];
    if (!Number.isFinite(value)) {
      ctx.addIssue({ code: "custom", path: [key], message: `${def.label} must be a number.` });
      continue;
    }
    const fahrenheit = key === "temperature" && raw.units?.temperature === "[degF]";
    if (def.decimals === 0 && !Number.isInteger(value)) {
      ctx.addIssue({ code: "custom", path: [key], message: `${def.label} must be a whole number of ${def.unitLabel}.` });
      continue;
    }
    const canonical = fahrenheit ? fahrenheitToCelsius(value) : value;
    if (canonical < def.min || canonical > def.max) {
      const range = fahrenheit
        ? `${formatBound((def.min * 9) / 5 + 32, 1)} and ${formatBound((def.max * 9) / 5 + 32, 1)} °F`
        : `${formatBound(def.min, def.decimals)} and ${formatBound(def.max, def.decimals)} ${def.unitLabel}`;
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `${def.label} must be between ${range}. Check the reading and its unit.`,
      });
    }
  }
  const { systolicBp, diastolicBp } = raw;
  if (typeof systolicBp === "number" && typeof diastolicBp === "number" && diastolicBp >= systolicBp) {
    ctx.addIssue({ code: "custom", path: ["diastolicBp"], message: "Diastolic pressure must be lower than systolic pressure." });
  }
  if (typeof diastolicBp === "number" && (systolicBp === null || systolicBp === undefined)) {
    ctx.addIssue({ code: "custom", path: ["systolicBp"], message: "Give the systolic pressure with the diastolic." });
  }
  const anything =
    NUMERIC_VITALS.some((k) => typeof raw[k] === "number") || typeof raw.supplementalOxygen === "boolean" || typeof raw.consciousness === "string";
  if (!anything) {
    ctx.addIssue({ code: "custom", path: [], message: "Enter at least one reading." });
  }
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
