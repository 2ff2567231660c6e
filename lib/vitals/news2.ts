// National Early Warning Score 2, exactly as the Royal College of Physicians' 2017 chart
// ("National Early Warning Score (NEWS) 2: Standardising the assessment of acute-illness
// severity in the NHS", chart 1 and the clinical-response thresholds of chart 2/table 2).
//
// Pure and isomorphic: no imports, so the server, tests and external checks can use it.
// The bands below are the chart's rows, written as inclusive upper bounds: a value scores in
// the first row whose upper bound it does not exceed. For the chart's own precision (whole
// numbers, temperature to 0.1 °C) this is exactly the chart; values between two rows (e.g.
// 35.05 °C) fall into the next row up.

export type Consciousness = "alert" | "confusion" | "voice" | "pain" | "unresponsive";

export interface News2Input {
  respiratoryRate?: number;
  spo2?: number;
  spo2Scale?: 1 | 2;
  supplementalOxygen?: boolean;
  systolicBp?: number;
  heartRate?: number;
  consciousness?: Consciousness;
  temperature?: number; // °C
}

export type News2Parameter = "respiratoryRate" | "spo2" | "supplementalOxygen" | "systolicBp" | "heartRate" | "consciousness" | "temperature";

export interface News2Result {
  total: number; // sum of the parameter scores present
  scores: Record<News2Parameter, number | null>;
  risk: "low" | "low-medium" | "medium" | "high";
  complete: boolean; // all seven parameters present
}

export type News2RiskBand = News2Result["risk"];

export const NEWS2_PARAMETERS: readonly News2Parameter[] = [
  "respiratoryRate",
  "spo2",
  "supplementalOxygen",
  "systolicBp",
  "heartRate",
  "consciousness",
  "temperature",
];

/** [inclusive upper bound, score] rows, ascending; the last row has no upper bound. */
type Bands = readonly (readonly [number, number])[];

// Respiration rate, breaths per minute: ≤8 → 3, 9–11 → 1, 12–20 → 0, 21–24 → 2, ≥25 → 3.
const RESPIRATORY_RATE: Bands = [
  [8, 3],
  [11, 1],
  [20, 0],
  [24, 2],
  [Infinity, 3],
];

// SpO2 scale 1, %: ≤91 → 3, 92–93 → 2, 94–95 → 1, ≥96 → 0.
const SPO2_SCALE_1: Bands = [
  [91, 3],
  [93, 2],
  [95, 1],
  [Infinity, 0],
];

// SpO2 scale 2 (target 88–92 %, hypercapnic respiratory failure), below 93 %:
// ≤83 → 3, 84–85 → 2, 86–87 → 1, 88–92 → 0.
const SPO2_SCALE_2_LOW: Bands = [
  [83, 3],
  [85, 2],
  [87, 1],
  [92, 0],
];
// Scale 2 at ≥93 % scores only on oxygen: 93–94 → 1, 95–96 → 2, ≥97 → 3 (on air: 0).
const SPO2_SCALE_2_ON_OXYGEN: Bands = [
  [94, 1],
  [96, 2],
  [Infinity, 3],
];
const SPO2_SCALE_2_TARGET_TOP = 92;

// Systolic blood pressure, mmHg: ≤90 → 3, 91–100 → 2, 101–110 → 1, 111–219 → 0, ≥220 → 3.
const SYSTOLIC_BP: Bands = [
  [90, 3],
  [100, 2],
  [110, 1],
  [219, 0],
  [Infinity, 3],
];

// Pulse, beats per minute: ≤40 → 3, 41–50 → 1, 51–90 → 0, 91–110 → 1, 111–130 → 2, ≥131 → 3.
const HEART_RATE: Bands = [
  [40, 3],
  [50, 1],
  [90, 0],
  [110, 1],
  [130, 2],
  [Infinity, 3],
];

// Temperature, °C: ≤35.0 → 3, 35.1–36.0 → 1, 36.1–38.0 → 0, 38.1–39.0 → 1, ≥39.1 → 2.
const TEMPERATURE: Bands = [
  [35.0, 3],
  [36.0, 1],
  [38.0, 0],
  [39.0, 1],
  [Infinity, 2],
];

// Air → 0, supplemental oxygen → 2.
const OXYGEN_SCORE = 2;
// Alert → 0; new confusion, or responding only to voice or pain, or unresponsive (CVPU) → 3.
const CVPU_SCORE = 3;

const CONSCIOUSNESS_LEVELS: readonly Consciousness[] = ["alert", "confusion", "voice", "pain", "unresponsive"];

function isMeasured(value: number | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function band(value: number | undefined, bands: Bands): number | null {
  if (!isMeasured(value)) return null;
  for (const [upper, score] of bands) if (value <= upper) return score;
  return null; // unreachable: the last row is unbounded
}

function scoreSpo2(spo2: number | undefined, scale: 1 | 2, onOxygen: boolean | undefined): number | null {
  if (!isMeasured(spo2)) return null;
  if (scale === 1) return band(spo2, SPO2_SCALE_1);
  if (spo2 <= SPO2_SCALE_2_TARGET_TOP) return band(spo2, SPO2_SCALE_2_LOW);
  // Above the scale 2 target the score depends on oxygen: 0 on air, 1–3 on oxygen. Without
  // knowing which, no score is given (an unknown is never scored as reassuring).
  if (onOxygen === undefined) return null;
  return onOxygen ? band(spo2, SPO2_SCALE_2_ON_OXYGEN) : 0;
}

function scoreConsciousness(level: Consciousness | undefined): number | null {
  if (level === undefined || !CONSCIOUSNESS_LEVELS.includes(level)) return null;
  return level === "alert" ? 0 : CVPU_SCORE;
}

/**
 * Clinical risk from the aggregate and the single-parameter rule (RCP 2017, chart 2):
 * 7 or more → high; 5–6 → medium; a score of 3 in any one parameter → low–medium;
 * otherwise (0–4) → low.
 */
export function news2Risk(total: number, scores: Record<News2Parameter, number | null>): News2RiskBand {
  if (total >= 7) return "high";
  if (total >= 5) return "medium";
  if (Object.values(scores).some((s) => s === 3)) return "low-medium";
  return "low";
}

export function scoreNews2(input: News2Input): News2Result {
  const scale = input.spo2Scale === 2 ? 2 : 1;
  const scores: Record<News2Parameter, number | null> = {
    respiratoryRate: band(input.respiratoryRate, RESPIRATORY_RATE),
    spo2: scoreSpo2(input.spo2, scale, input.supplementalOxygen),
    supplementalOxygen: typeof input.supplementalOxygen === "boolean" ? (input.supplementalOxygen ? OXYGEN_SCORE : 0) : null,
    systolicBp: band(input.systolicBp, SYSTOLIC_BP),
    heartRate: band(input.heartRate, HEART_RATE),
    consciousness: scoreConsciousness(input.consciousness),
    temperature: band(input.temperature, TEMPERATURE),
  };
  const present = NEWS2_PARAMETERS.filter((p) => scores[p] !== null);
  const total = present.reduce((sum, p) => sum + (scores[p] ?? 0), 0);
  return { total, scores, risk: news2Risk(total, scores), complete: present.length === NEWS2_PARAMETERS.length };
}
