import { describe, expect, it } from "vitest";
import { ZHistorySeries, type THistoryPoint } from "@/server/api/routers/vitals/schemas";
import { emptySeries, pointOfReading, pointsOf, pushPoint, withPoint } from "./history-point";

const at = (ms: number, seq: number, heartRate: number | null = 70): THistoryPoint =>
  pointOfReading({
    observedAt: new Date(ms),
    seq,
    heartRate,
    systolicBp: 120,
    diastolicBp: null,
    respiratoryRate: 16,
    spo2: 97,
    temperature: 36.8,
    news2Total: 1,
    news2Risk: "LOW",
    news2Complete: false,
  });

function seriesOf(points: THistoryPoint[]) {
  const s = emptySeries();
  for (const p of points) pushPoint(s, p);
  return s;
}

describe("history series", () => {
  it("hold each point as element i of every array and give the same points back", () => {
    const points = [at(1_000, 1), at(2_000, 2, null), { ...at(3_000, 3), seq: null, count: 4, news2Risk: "HIGH" as const }];
    const s = seriesOf(points);
    expect(s.t).toEqual([1_000, 2_000, 3_000]);
    expect(s.heartRate).toEqual([70, null, 70]);
    expect(pointsOf(s)).toEqual(points);
    expect(ZHistorySeries.safeParse(s).success).toBe(true);
  });

  it("are refused by the output schema when a value breaks its column's rule (as z.array of the element schema would)", () => {
    const bad: [keyof ReturnType<typeof emptySeries>, unknown][] = [
      ["heartRate", Number.NaN],
      ["spo2", Infinity],
      ["t", 1.5],
      ["t", null],
      ["seq", 2 ** 53],
      ["news2Total", "1"],
      ["news2Risk", "SEVERE"],
      ["news2Complete", 1],
      ["count", undefined],
    ];
    for (const [key, value] of bad) {
      const s = seriesOf([at(1_000, 1), at(2_000, 2)]);
      (s[key] as unknown[])[1] = value;
      expect(ZHistorySeries.safeParse(s).success, `${key} = ${String(value)}`).toBe(false);
    }
    const holed = seriesOf([at(1_000, 1), at(2_000, 2)]);
    delete (holed.temperature as unknown[])[1];
    expect(ZHistorySeries.safeParse(holed).success).toBe(false);
    expect(ZHistorySeries.safeParse({ ...seriesOf([at(1_000, 1)]), heartRate: "70" }).success).toBe(false);
  });

  it("are refused by the output schema when a series is shorter than the others", () => {
    const s = seriesOf([at(1_000, 1), at(2_000, 2)]);
    s.spo2.pop();
    expect(ZHistorySeries.safeParse(s).success).toBe(false);
  });

  it("take a live reading in time order, after points of the same instant, and drop the points that slid out of the window", () => {
    const s = seriesOf([at(1_000, 1), at(2_000, 2), at(4_000, 4)]);
    expect(pointsOf(withPoint(s, at(3_000, 3), 0)).map((p) => p.seq)).toEqual([1, 2, 3, 4]);
    expect(pointsOf(withPoint(s, at(2_000, 9), 0)).map((p) => p.seq)).toEqual([1, 2, 9, 4]);
    expect(pointsOf(withPoint(s, at(5_000, 5), 2_000)).map((p) => p.seq)).toEqual([2, 4, 5]);
    expect(withPoint(emptySeries(), at(5_000, 5), 0).seq).toEqual([5]);
    // The cached series is left as it was.
    expect(s.seq).toEqual([1, 2, 4]);
  });
});
