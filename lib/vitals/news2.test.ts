import { describe, expect, it } from "vitest";
import { NEWS2_PARAMETERS, scoreNews2, type News2Input } from "@/lib/vitals/news2";

// Every row boundary of the RCP 2017 NEWS2 chart: the last value of a row and the first of
// the next, for each parameter. [value, expected score].
const RESPIRATORY_RATE: [number, number][] = [
  [4, 3],
  [8, 3],
  [9, 1],
  [11, 1],
  [12, 0],
  [20, 0],
  [21, 2],
  [24, 2],
  [25, 3],
  [40, 3],
];
const SPO2_SCALE_1: [number, number][] = [
  [70, 3],
  [91, 3],
  [92, 2],
  [93, 2],
  [94, 1],
  [95, 1],
  [96, 0],
  [100, 0],
];
const SYSTOLIC_BP: [number, number][] = [
  [60, 3],
  [90, 3],
  [91, 2],
  [100, 2],
  [101, 1],
  [110, 1],
  [111, 0],
  [219, 0],
  [220, 3],
  [260, 3],
];
const HEART_RATE: [number, number][] = [
  [30, 3],
  [40, 3],
  [41, 1],
  [50, 1],
  [51, 0],
  [90, 0],
  [91, 1],
  [110, 1],
  [111, 2],
  [130, 2],
  [131, 3],
  [180, 3],
];
const TEMPERATURE: [number, number][] = [
  [33.0, 3],
  [35.0, 3],
  [35.1, 1],
  [36.0, 1],
  [36.1, 0],
  [38.0, 0],
  [38.1, 1],
  [39.0, 1],
  [39.1, 2],
  [41.0, 2],
];

// A complete set that scores 0 everywhere, to vary one parameter at a time.
const NORMAL: Required<Omit<News2Input, "spo2Scale">> = {
  respiratoryRate: 16,
  spo2: 97,
  supplementalOxygen: false,
  systolicBp: 120,
  heartRate: 70,
  consciousness: "alert",
  temperature: 37.0,
};

describe("scoreNews2: each parameter at every band boundary", () => {
  it.each(RESPIRATORY_RATE)("respiration rate %d/min scores %d", (value, score) => {
    expect(scoreNews2({ respiratoryRate: value }).scores.respiratoryRate).toBe(score);
  });

  it.each(SPO2_SCALE_1)("SpO2 %d%% on scale 1 scores %d, on air and on oxygen alike", (value, score) => {
    expect(scoreNews2({ spo2: value, spo2Scale: 1, supplementalOxygen: false }).scores.spo2).toBe(score);
    expect(scoreNews2({ spo2: value, spo2Scale: 1, supplementalOxygen: true }).scores.spo2).toBe(score);
    expect(scoreNews2({ spo2: value }).scores.spo2).toBe(score); // scale 1 is the default
  });

  it.each(SYSTOLIC_BP)("systolic BP %d mmHg scores %d", (value, score) => {
    expect(scoreNews2({ systolicBp: value }).scores.systolicBp).toBe(score);
  });

  it.each(HEART_RATE)("pulse %d/min scores %d", (value, score) => {
    expect(scoreNews2({ heartRate: value }).scores.heartRate).toBe(score);
  });

  it.each(TEMPERATURE)("temperature %f °C scores %d", (value, score) => {
    expect(scoreNews2({ temperature: value }).scores.temperature).toBe(score);
  });

  it("scores air 0 and supplemental oxygen 2", () => {
    expect(scoreNews2({ supplementalOxygen: false }).scores.supplementalOxygen).toBe(0);
    expect(scoreNews2({ supplementalOxygen: true }).scores.supplementalOxygen).toBe(2);
  });

  it.each([
    ["alert", 0],
    ["confusion", 3],
    ["voice", 3],
    ["pain", 3],
    ["unresponsive", 3],
  ] as const)("consciousness %s scores %d (ACVPU: anything but alert is 3)", (level, score) => {
    expect(scoreNews2({ consciousness: level }).scores.consciousness).toBe(score);
  });

  it("places values between two chart rows in the next row up", () => {
    expect(scoreNews2({ temperature: 35.05 }).scores.temperature).toBe(1);
    expect(scoreNews2({ temperature: 38.05 }).scores.temperature).toBe(1);
    expect(scoreNews2({ heartRate: 90.5 }).scores.heartRate).toBe(1);
  });
});

describe("scoreNews2: SpO2 scale 2 (hypercapnic respiratory failure)", () => {
  // Below the 88–92 % target the score does not depend on oxygen.
  const BELOW_AND_IN_TARGET: [number, number][] = [
    [75, 3],
    [83, 3],
    [84, 2],
    [85, 2],
    [86, 1],
    [87, 1],
    [88, 0],
    [92, 0],
  ];
  it.each(BELOW_AND_IN_TARGET)("SpO2 %d%% scores %d on air and on oxygen", (value, score) => {
    expect(scoreNews2({ spo2: value, spo2Scale: 2, supplementalOxygen: false }).scores.spo2).toBe(score);
    expect(scoreNews2({ spo2: value, spo2Scale: 2, supplementalOxygen: true }).scores.spo2).toBe(score);
  });

  const ON_OXYGEN: [number, number][] = [
    [93, 1],
    [94, 1],
    [95, 2],
    [96, 2],
    [97, 3],
    [100, 3],
  ];
  it.each(ON_OXYGEN)("SpO2 %d%% on oxygen scores %d", (value, score) => {
    expect(scoreNews2({ spo2: value, spo2Scale: 2, supplementalOxygen: true }).scores.spo2).toBe(score);
  });

  it.each([93, 94, 95, 96, 97, 100])("SpO2 %d%% on air scores 0", (value) => {
    expect(scoreNews2({ spo2: value, spo2Scale: 2, supplementalOxygen: false }).scores.spo2).toBe(0);
  });

  it("gives no SpO2 score above 92 % when it is not known whether the patient is on oxygen", () => {
    const result = scoreNews2({ spo2: 97, spo2Scale: 2 });
    expect(result.scores.spo2).toBeNull();
    expect(result.complete).toBe(false);
    // Known either way below the target: scored.
    expect(scoreNews2({ spo2: 85, spo2Scale: 2 }).scores.spo2).toBe(2);
  });

  it("differs from scale 1 exactly where the chart says", () => {
    // 90 % on air: 3 on scale 1, 0 on scale 2 (inside the 88–92 % target).
    expect(scoreNews2({ ...NORMAL, spo2: 90 }).total).toBe(3);
    expect(scoreNews2({ ...NORMAL, spo2: 90, spo2Scale: 2 }).total).toBe(0);
    // 98 % on oxygen: scale 1 scores only the oxygen (2); scale 2 adds 3 for over-oxygenation.
    expect(scoreNews2({ ...NORMAL, spo2: 98, supplementalOxygen: true }).total).toBe(2);
    expect(scoreNews2({ ...NORMAL, spo2: 98, supplementalOxygen: true, spo2Scale: 2 }).total).toBe(5);
  });
});

describe("scoreNews2: aggregate, completeness and risk", () => {
  it("scores a normal complete set 0, complete and low risk", () => {
    const result = scoreNews2(NORMAL);
    expect(result).toEqual({
      total: 0,
      scores: {
        respiratoryRate: 0,
        spo2: 0,
        supplementalOxygen: 0,
        systolicBp: 0,
        heartRate: 0,
        consciousness: 0,
        temperature: 0,
      },
      risk: "low",
      complete: true,
    });
  });

  it("sums every parameter score", () => {
    // RR 22 (2) + SpO2 93 (2) + oxygen (2) + SBP 105 (1) + HR 115 (2) + alert (0) + 38.5 °C (1) = 10.
    const result = scoreNews2({
      respiratoryRate: 22,
      spo2: 93,
      supplementalOxygen: true,
      systolicBp: 105,
      heartRate: 115,
      consciousness: "alert",
      temperature: 38.5,
    });
    expect(result.total).toBe(10);
    expect(result.risk).toBe("high");
    expect(result.complete).toBe(true);
  });

  it.each([
    // [description, input, total, risk]
    ["aggregate 0", NORMAL, 0, "low"],
    ["aggregate 4 with no single 3", { ...NORMAL, heartRate: 115, respiratoryRate: 22 }, 4, "low"],
    ["a single 3 with aggregate 3", { ...NORMAL, respiratoryRate: 8 }, 3, "low-medium"],
    ["a single 3 with aggregate 4", { ...NORMAL, respiratoryRate: 8, heartRate: 95 }, 4, "low-medium"],
    ["a single 3 from new confusion alone", { ...NORMAL, consciousness: "confusion" as const }, 3, "low-medium"],
    ["aggregate 5 with no single 3", { ...NORMAL, heartRate: 115, respiratoryRate: 22, temperature: 38.5 }, 5, "medium"],
    ["aggregate 5 including a single 3", { ...NORMAL, respiratoryRate: 25, heartRate: 115 }, 5, "medium"],
    ["aggregate 6", { ...NORMAL, heartRate: 115, respiratoryRate: 22, systolicBp: 95 }, 6, "medium"],
    ["aggregate 7", { ...NORMAL, heartRate: 115, respiratoryRate: 22, systolicBp: 95, temperature: 38.5 }, 7, "high"],
    ["aggregate 7 including a single 3", { ...NORMAL, respiratoryRate: 25, heartRate: 115, temperature: 39.5 }, 7, "high"],
    [
      "aggregate 20 (maximum)",
      { respiratoryRate: 30, spo2: 85, supplementalOxygen: true, systolicBp: 80, heartRate: 140, consciousness: "unresponsive" as const, temperature: 34 },
      20,
      "high",
    ],
  ])("%s → total %d, %s risk", (_label, input, total, risk) => {
    const result = scoreNews2(input);
    expect(result.total).toBe(total);
    expect(result.risk).toBe(risk);
  });

  it("scores an incomplete set from what is present and marks it incomplete", () => {
    const result = scoreNews2({ heartRate: 120, spo2: 95 });
    expect(result.total).toBe(3);
    expect(result.complete).toBe(false);
    expect(result.scores).toMatchObject({ heartRate: 2, spo2: 1, respiratoryRate: null, temperature: null });
  });

  it("applies the risk rules to an incomplete set too (a partial total is a lower bound)", () => {
    expect(scoreNews2({ respiratoryRate: 30 }).risk).toBe("low-medium");
    expect(scoreNews2({ respiratoryRate: 30, heartRate: 115 }).risk).toBe("medium");
    expect(scoreNews2({ respiratoryRate: 30, heartRate: 140, systolicBp: 80 })).toMatchObject({ total: 9, risk: "high", complete: false });
  });

  it("treats an empty set as incomplete with nothing scored", () => {
    const result = scoreNews2({});
    expect(result.total).toBe(0);
    expect(result.complete).toBe(false);
    for (const p of NEWS2_PARAMETERS) expect(result.scores[p]).toBeNull();
  });

  it("ignores values that are not measurements (NaN, Infinity) instead of scoring them", () => {
    const result = scoreNews2({ ...NORMAL, heartRate: Number.NaN, temperature: Number.POSITIVE_INFINITY });
    expect(result.scores.heartRate).toBeNull();
    expect(result.scores.temperature).toBeNull();
    expect(result.complete).toBe(false);
  });

  it("needs all seven parameters, oxygen included, to be complete", () => {
    for (const missing of Object.keys(NORMAL) as (keyof typeof NORMAL)[]) {
      const input: News2Input = { ...NORMAL };
      delete input[missing];
      expect(scoreNews2(input).complete, `without ${missing}`).toBe(false);
    }
  });
});
