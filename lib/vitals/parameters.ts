// The vital signs Bedside records: canonical unit (UCUM), LOINC code for FHIR export, and
// the physiologically plausible range a reading must fall in to be stored. Shared by the
// server (validation, storage) and the browser (forms, charts).
//
// The ranges reject what a body cannot produce or a device cannot measure (a typo, a unit
// mix-up, a sensor fault); they are deliberately much wider than normal ranges, because an
// extreme but real value must be stored and scored, never refused.

export const NUMERIC_VITALS = ["heartRate", "systolicBp", "diastolicBp", "respiratoryRate", "spo2", "temperature"] as const;
export type NumericVital = (typeof NUMERIC_VITALS)[number];

export interface VitalDefinition {
  label: string;
  shortLabel: string;
  /** UCUM code of the canonical unit readings are stored in. */
  unit: string;
  /** How the unit is shown to people. */
  unitLabel: string;
  loinc: string;
  min: number;
  max: number;
  /** 0: whole numbers only; 1: one decimal place (more is rounded). */
  decimals: 0 | 1;
}

export const VITALS: Record<NumericVital, VitalDefinition> = {
  heartRate: { label: "Heart rate", shortLabel: "HR", unit: "/min", unitLabel: "bpm", loinc: "8867-4", min: 20, max: 300, decimals: 0 },
  systolicBp: { label: "Systolic blood pressure", shortLabel: "Systolic", unit: "mm[Hg]", unitLabel: "mmHg", loinc: "8480-6", min: 40, max: 300, decimals: 0 },
  diastolicBp: {
    label: "Diastolic blood pressure",
    shortLabel: "Diastolic",
    unit: "mm[Hg]",
    unitLabel: "mmHg",
    loinc: "8462-4",
    min: 20,
    max: 200,
    decimals: 0,
  },
  respiratoryRate: { label: "Respiratory rate", shortLabel: "RR", unit: "/min", unitLabel: "/min", loinc: "9279-1", min: 1, max: 80, decimals: 0 },
  spo2: { label: "Oxygen saturation", shortLabel: "SpO₂", unit: "%", unitLabel: "%", loinc: "59408-5", min: 50, max: 100, decimals: 0 },
  temperature: { label: "Body temperature", shortLabel: "Temp", unit: "Cel", unitLabel: "°C", loinc: "8310-5", min: 25, max: 45, decimals: 1 },
};

/** Units a reading may be sent in, per vital; the first is canonical. */
export const ACCEPTED_UNITS: Record<NumericVital, readonly string[]> = {
  heartRate: ["/min"],
  systolicBp: ["mm[Hg]"],
  diastolicBp: ["mm[Hg]"],
  respiratoryRate: ["/min"],
  spo2: ["%"],
  temperature: ["Cel", "[degF]"],
};

/** LOINC panel code for a set of vital signs taken together (FHIR vital-signs panel). */
export const VITAL_SIGNS_PANEL_LOINC = "85353-1";

export const CONSCIOUSNESS_VALUES = ["alert", "confusion", "voice", "pain", "unresponsive"] as const;
export type ConsciousnessValue = (typeof CONSCIOUSNESS_VALUES)[number];

export const CONSCIOUSNESS_LABELS: Record<ConsciousnessValue, string> = {
  alert: "Alert",
  confusion: "New confusion",
  voice: "Responds to voice",
  pain: "Responds to pain",
  unresponsive: "Unresponsive",
};

/** Parameters a clinician may set patient-specific alert thresholds on (VitalThreshold.parameter). */
export const THRESHOLD_PARAMETERS = ["heartRate", "systolicBp", "respiratoryRate", "spo2", "temperature"] as const;
export type ThresholdParameter = (typeof THRESHOLD_PARAMETERS)[number];

/** A set of readings in canonical units, as stored. */
export interface VitalValues {
  heartRate?: number;
  systolicBp?: number;
  diastolicBp?: number;
  respiratoryRate?: number;
  spo2?: number;
  temperature?: number;
  supplementalOxygen?: boolean;
  consciousness?: ConsciousnessValue;
}

/** The LOINC codes of the readings present in a set, in a stable order. */
export function loincCodesFor(values: VitalValues): string[] {
  const codes = NUMERIC_VITALS.filter((k) => values[k] !== undefined).map((k) => VITALS[k].loinc);
  return [...new Set(codes)];
}

export function fahrenheitToCelsius(f: number): number {
  return ((f - 32) * 5) / 9;
}

/** Rounds half away from zero at `decimals`, immune to binary fractions (36.75 → 36.8). */
export function roundTo(value: number, decimals: 0 | 1): number {
  const factor = decimals === 1 ? 10 : 1;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor + 1e-9)) / factor;
}
