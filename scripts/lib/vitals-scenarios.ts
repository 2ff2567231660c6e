// Realistic vital signs for the simulator (`npm run simulate:vitals`): a home monitoring kit
// (pulse oximeter, BP cuff, thermometer, respiratory rate from the chest strap) on a patient
// who is stable, deteriorating over a ramp (e.g. developing sepsis), or critical from the
// start. Consciousness is not something a device measures, so it is left out (the NEWS2
// set is then shown as incomplete, which is the honest answer) unless `observed` is set.

export type Scenario = "stable" | "deteriorating" | "critical";
export const SCENARIOS: readonly Scenario[] = ["stable", "deteriorating", "critical"];

export interface SimulatedValues {
  heartRate: number;
  systolicBp: number;
  diastolicBp: number;
  respiratoryRate: number;
  spo2: number;
  temperature: number;
  supplementalOxygen: boolean;
  consciousness?: "alert" | "confusion" | "voice";
}

interface Profile {
  heartRate: number;
  systolicBp: number;
  diastolicBp: number;
  respiratoryRate: number;
  spo2: number;
  temperature: number;
}

// NEWS2 0 on every parameter.
const STABLE: Profile = { heartRate: 72, systolicBp: 124, diastolicBp: 78, respiratoryRate: 15, spo2: 97, temperature: 36.8 };
// Sepsis-like end point: RR 3 + SpO2 3 + SBP 2 + HR 2 + temp 1 = 11 (high).
const DETERIORATED: Profile = { heartRate: 126, systolicBp: 97, diastolicBp: 60, respiratoryRate: 26, spo2: 90, temperature: 38.7 };
// Shocked: RR 3 + SpO2 3 + SBP 3 + HR 3 + temp 2 = 14.
const CRITICAL: Profile = { heartRate: 138, systolicBp: 84, diastolicBp: 50, respiratoryRate: 31, spo2: 86, temperature: 39.5 };

const JITTER: Profile = { heartRate: 3, systolicBp: 4, diastolicBp: 3, respiratoryRate: 1, spo2: 1, temperature: 0.1 };

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const lerp = (a: number, b: number, t: number) => a + (b - a) * t;

/** A deterministic pseudo-random source (mulberry32), so runs and tests can be repeated. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One set of readings. `progress`: 0 at the start of the ramp, 1 at its end (only the
 * deteriorating scenario uses it). Jitter is symmetric noise of about ± one unit.
 */
export function simulateReading(scenario: Scenario, progress: number, random: () => number, observed = false): SimulatedValues {
  const t = clamp(progress, 0, 1);
  const target = scenario === "stable" ? STABLE : scenario === "critical" ? CRITICAL : DETERIORATED;
  const eased = scenario === "deteriorating" ? t * t * (3 - 2 * t) : 1; // smoothstep
  const base = scenario === "stable" ? STABLE : scenario === "critical" ? CRITICAL : null;
  const noise = (k: keyof Profile) => (random() * 2 - 1) * JITTER[k];
  const value = (k: keyof Profile) => (base ? base[k] : lerp(STABLE[k], target[k], eased)) + noise(k);
  const systolic = Math.round(clamp(value("systolicBp"), 60, 220));
  const values: SimulatedValues = {
    heartRate: Math.round(clamp(value("heartRate"), 35, 200)),
    systolicBp: systolic,
    diastolicBp: Math.min(systolic - 10, Math.round(clamp(value("diastolicBp"), 35, 130))),
    respiratoryRate: Math.round(clamp(value("respiratoryRate"), 6, 45)),
    spo2: Math.round(clamp(value("spo2"), 70, 100)),
    temperature: Math.round(clamp(value("temperature"), 34, 41.5) * 10) / 10,
    supplementalOxygen: false,
  };
  if (observed) values.consciousness = scenario === "critical" ? "voice" : scenario === "deteriorating" && t > 0.9 ? "confusion" : "alert";
  return values;
}
