// The checks a set of vital-sign readings must pass beyond its field types, without zod, so
// that the browser's entry form can run the very same code as the server's schema
// (`reading-schema.ts`) without downloading zod (about 35 KiB gz).

import { CONSCIOUSNESS_VALUES, fahrenheitToCelsius, NUMERIC_VITALS, VITALS, type NumericVital } from "./parameters";

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;
export const IDEMPOTENCY_KEY_MESSAGE = "Use 1–100 letters, digits, or . _ : - for the idempotency key.";

export type RawValues = {
  [K in NumericVital]?: number | null;
} & {
  supplementalOxygen?: boolean | null;
  consciousness?: (typeof CONSCIOUSNESS_VALUES)[number] | null;
  units?: Partial<Record<NumericVital, string>>;
};

export interface ReadingIssue {
  path: (string | number)[];
  message: string;
}

export const notANumberMessage = (key: NumericVital) => `${VITALS[key].label} must be a number.`;

function formatBound(value: number, decimals: 0 | 1): string {
  return decimals === 1 ? value.toFixed(1) : String(value);
}

/** Range, unit and consistency checks: one issue per offending field. */
export function valueIssues(raw: RawValues): ReadingIssue[] {
  const issues: ReadingIssue[] = [];
  for (const key of NUMERIC_VITALS) {
    const value = raw[key];
    if (value === null || value === undefined) continue;
    const def = VITALS[key];
    if (!Number.isFinite(value)) {
      issues.push({ path: [key], message: notANumberMessage(key) });
      continue;
    }
    const fahrenheit = key === "temperature" && raw.units?.temperature === "[degF]";
    if (def.decimals === 0 && !Number.isInteger(value)) {
      issues.push({ path: [key], message: `${def.label} must be a whole number of ${def.unitLabel}.` });
      continue;
    }
    const canonical = fahrenheit ? fahrenheitToCelsius(value) : value;
    if (canonical < def.min || canonical > def.max) {
      const range = fahrenheit
        ? `${formatBound((def.min * 9) / 5 + 32, 1)} and ${formatBound((def.max * 9) / 5 + 32, 1)} °F`
        : `${formatBound(def.min, def.decimals)} and ${formatBound(def.max, def.decimals)} ${def.unitLabel}`;
      issues.push({ path: [key], message: `${def.label} must be between ${range}. Check the reading and its unit.` });
    }
  }
  const { systolicBp, diastolicBp } = raw;
  if (typeof systolicBp === "number" && typeof diastolicBp === "number" && diastolicBp >= systolicBp) {
    issues.push({ path: ["diastolicBp"], message: "Diastolic pressure must be lower than systolic pressure." });
  }
  if (typeof diastolicBp === "number" && (systolicBp === null || systolicBp === undefined)) {
    issues.push({ path: ["systolicBp"], message: "Give the systolic pressure with the diastolic." });
  }
  const anything =
    NUMERIC_VITALS.some((k) => typeof raw[k] === "number") || typeof raw.supplementalOxygen === "boolean" || typeof raw.consciousness === "string";
  if (!anything) issues.push({ path: [], message: "Enter at least one reading." });
  return issues;
}

/** What the entry form sends as `reading` (its fields can only take these shapes). */
export type ManualReadingForm = {
  idempotencyKey: string;
} & { [K in NumericVital]?: number } & {
  supplementalOxygen?: boolean;
  consciousness?: (typeof CONSCIOUSNESS_VALUES)[number];
  units?: { temperature: "[degF]" };
};

/**
 * The issues the server's `ZManualReading` finds in what the entry form sends, in its order
 * and words (a unit test holds the two together): the fields in the schema's order, then
 * `valueIssues` — which zod runs only when every field has the right type (a malformed
 * idempotency key does not stop them, a value that is not a number does).
 */
export function manualReadingIssues(raw: ManualReadingForm): ReadingIssue[] {
  const issues: ReadingIssue[] = [];
  if (!IDEMPOTENCY_KEY_PATTERN.test(raw.idempotencyKey)) issues.push({ path: ["idempotencyKey"], message: IDEMPOTENCY_KEY_MESSAGE });
  let typesOk = true;
  for (const key of NUMERIC_VITALS) {
    const value = raw[key];
    if (value !== undefined && !Number.isFinite(value)) {
      issues.push({ path: [key], message: notANumberMessage(key) });
      typesOk = false;
    }
  }
  return typesOk ? [...issues, ...valueIssues(raw)] : issues;
}
