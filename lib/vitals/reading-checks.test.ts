import { describe, expect, it } from "vitest";
import { CONSCIOUSNESS_VALUES, NUMERIC_VITALS, VITALS } from "./parameters";
import { manualReadingIssues, type ManualReadingForm } from "./reading-checks";
import { ZManualReading } from "./reading-schema";

const serverIssues = (raw: ManualReadingForm) => {
  const parsed = ZManualReading.safeParse(raw);
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
};
const formIssues = (raw: ManualReadingForm) => manualReadingIssues(raw).map((i) => ({ path: i.path.map(String).join("."), message: i.message }));

// A small deterministic generator (mulberry32), so a failure names a reproducible input.
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a text box can turn into after the form's `Number(...)`: empty, junk, edges, decimals, °F. */
function candidates(key: (typeof NUMERIC_VITALS)[number]): (number | undefined)[] {
  const { min, max } = VITALS[key];
  const f = key === "temperature" ? [77, 76.9, 113, 113.1, 98.6, 101.3] : [];
  return [
    undefined,
    undefined,
    Number.NaN,
    Infinity,
    -Infinity,
    min - 1,
    min,
    (min + max) / 2,
    Math.round((min + max) / 2),
    min + 0.5,
    max,
    max + 1,
    0,
    -5,
    ...f,
  ];
}

describe("manualReadingIssues (the entry form's check in the browser)", () => {
  it("finds exactly the issues, in the order and words, of the server's ZManualReading for what the form can send", () => {
    const next = random(16);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    let invalid = 0;
    for (let n = 0; n < 5000; n++) {
      const raw: ManualReadingForm = { idempotencyKey: n % 500 === 7 ? "has spaces" : `form-${n}` };
      for (const key of NUMERIC_VITALS) {
        const value = next() < 0.5 ? undefined : pick(candidates(key));
        if (value !== undefined) raw[key] = value;
      }
      if (next() < 0.3) raw.supplementalOxygen = next() < 0.5;
      if (next() < 0.3) raw.consciousness = pick(CONSCIOUSNESS_VALUES);
      if (raw.temperature !== undefined && next() < 0.4) raw.units = { temperature: "[degF]" };
      const expected = serverIssues(raw);
      if (expected.length > 0) invalid++;
      expect(formIssues(raw), JSON.stringify(raw)).toEqual(expected);
    }
    // Both outcomes were exercised plenty.
    expect(invalid).toBeGreaterThan(1000);
    expect(invalid).toBeLessThan(4900);
  });

  it.each([
    [{ idempotencyKey: "form-1" }, [{ path: "", message: "Enter at least one reading." }]],
    [{ idempotencyKey: "form-1", heartRate: Number.NaN, spo2: 40 }, [{ path: "heartRate", message: "Heart rate must be a number." }]],
    [{ idempotencyKey: "form-1", heartRate: 72.5 }, [{ path: "heartRate", message: "Heart rate must be a whole number of bpm." }]],
    [
      { idempotencyKey: "form-1", temperature: 120, units: { temperature: "[degF]" } },
      [{ path: "temperature", message: "Body temperature must be between 77.0 and 113.0 °F. Check the reading and its unit." }],
    ],
    [
      { idempotencyKey: "form-1", systolicBp: 120, diastolicBp: 130 },
      [{ path: "diastolicBp", message: "Diastolic pressure must be lower than systolic pressure." }],
    ],
    [{ idempotencyKey: "form-1", diastolicBp: 80 }, [{ path: "systolicBp", message: "Give the systolic pressure with the diastolic." }]],
  ] satisfies [ManualReadingForm, unknown[]][])("words what the person sees on the field: %j", (raw, issues) => {
    expect(formIssues(raw)).toEqual(issues);
    expect(serverIssues(raw)).toEqual(issues);
  });

  it("accepts a complete, plausible reading", () => {
    const raw: ManualReadingForm = {
      idempotencyKey: "form-2",
      heartRate: 72,
      systolicBp: 120,
      diastolicBp: 80,
      respiratoryRate: 16,
      spo2: 97,
      temperature: 36.8,
      supplementalOxygen: false,
      consciousness: "alert",
    };
    expect(formIssues(raw)).toEqual([]);
    expect(ZManualReading.safeParse(raw).success).toBe(true);
  });
});
