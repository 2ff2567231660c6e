import { describe, expect, it } from "vitest";
import { scoreNews2 } from "@/lib/vitals/news2";
import { seededRandom, simulateReading } from "./vitals-scenarios";

const score = (v: ReturnType<typeof simulateReading>) => scoreNews2({ ...v, spo2Scale: 1 }).total;

describe("simulateReading", () => {
  it("keeps a stable patient at NEWS2 0–1 over many readings", () => {
    const random = seededRandom(1);
    for (let i = 0; i < 500; i++) expect(score(simulateReading("stable", i / 500, random))).toBeLessThanOrEqual(1);
  });

  it("takes a deteriorating patient from low to high risk along the ramp", () => {
    const random = seededRandom(2);
    expect(score(simulateReading("deteriorating", 0, random))).toBeLessThanOrEqual(1);
    expect(score(simulateReading("deteriorating", 0.5, random))).toBeGreaterThanOrEqual(3);
    expect(score(simulateReading("deteriorating", 1, random))).toBeGreaterThanOrEqual(7);
  });

  it("starts a critical patient at high risk", () => {
    expect(score(simulateReading("critical", 0, seededRandom(3)))).toBeGreaterThanOrEqual(10);
  });

  it("only produces readings the device API accepts (ranges, whole numbers, diastolic below systolic)", () => {
    const random = seededRandom(4);
    for (const scenario of ["stable", "deteriorating", "critical"] as const) {
      for (let i = 0; i <= 100; i++) {
        const v = simulateReading(scenario, i / 100, random, true);
        expect(Number.isInteger(v.heartRate) && Number.isInteger(v.spo2)).toBe(true);
        expect(v.diastolicBp).toBeLessThan(v.systolicBp);
        expect(v.spo2).toBeLessThanOrEqual(100);
      }
    }
  });
});
