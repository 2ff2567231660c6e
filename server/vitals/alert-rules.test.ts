import { describe, expect, it } from "vitest";
import type { VitalValues } from "@/lib/vitals/parameters";
import { applyAction, decide, evaluateReading, type Finding, type PriorAlert, type ThresholdRule } from "./alert-rules";
import { scoreNews2 } from "@/lib/vitals/news2";

const NORMAL: VitalValues = {
  respiratoryRate: 16,
  spo2: 97,
  supplementalOxygen: false,
  systolicBp: 120,
  heartRate: 70,
  consciousness: "alert",
  temperature: 37.0,
};

function findings(values: VitalValues, thresholds: ThresholdRule[] = []): Record<string, Finding> {
  const news2 = scoreNews2({ ...values });
  return Object.fromEntries(evaluateReading(values, news2, thresholds).map((f) => [f.condition, f]));
}

const acked = (condition: PriorAlert["condition"], extra: Partial<PriorAlert> = {}): PriorAlert => ({
  id: "alert-1",
  condition,
  status: "ACKNOWLEDGED",
  news2Total: 5,
  parameters: [],
  cleared: false,
  ...extra,
});

describe("evaluateReading", () => {
  it("finds nothing in a normal complete set, and says so (it can clear)", () => {
    const f = findings(NORMAL);
    expect(f.NEWS2_AGGREGATE!.holds).toBe(false);
    expect(f.NEWS2_SINGLE_PARAMETER!.holds).toBe(false);
  });

  it("holds the aggregate condition at NEWS2 5, not at 4", () => {
    expect(findings({ ...NORMAL, heartRate: 115, respiratoryRate: 22, temperature: 38.5 }).NEWS2_AGGREGATE!.holds).toBe(true);
    expect(findings({ ...NORMAL, heartRate: 115, respiratoryRate: 22 }).NEWS2_AGGREGATE!.holds).toBe(false);
  });

  it("cannot tell about the aggregate from an incomplete set below 5, but can at 5 or more", () => {
    expect(findings({ heartRate: 70 }).NEWS2_AGGREGATE!.holds).toBeNull();
    expect(findings({ heartRate: 140, respiratoryRate: 22 }).NEWS2_AGGREGATE!.holds).toBe(true);
  });

  it("holds the single-parameter condition on any 3, and lets it raise only when the aggregate does not hold", () => {
    const alone = findings({ ...NORMAL, respiratoryRate: 26 }).NEWS2_SINGLE_PARAMETER!;
    expect(alone).toMatchObject({ holds: true, mayRaise: true, parameters: ["respiratoryRate"] });
    const withAggregate = findings({ ...NORMAL, respiratoryRate: 26, heartRate: 115 }).NEWS2_SINGLE_PARAMETER!;
    expect(withAggregate).toMatchObject({ holds: true, mayRaise: false });
  });

  it("checks patient thresholds only on the parameters measured", () => {
    const rules: ThresholdRule[] = [
      { parameter: "heartRate", min: 50, max: 100 },
      { parameter: "spo2", min: 94, max: null },
    ];
    const f = findings({ heartRate: 101 }, rules);
    expect(f["THRESHOLD:heartRate"]).toMatchObject({ holds: true, value: 101, max: 100 });
    expect(f["THRESHOLD:spo2"]!.holds).toBeNull();
    expect(findings({ heartRate: 100, spo2: 94 }, rules)["THRESHOLD:heartRate"]!.holds).toBe(false);
    expect(findings({ heartRate: 49 }, rules)["THRESHOLD:heartRate"]!.holds).toBe(true);
    expect(findings({ spo2: 93 }, rules)["THRESHOLD:spo2"]!.holds).toBe(true);
  });
});

describe("decide", () => {
  const high = findings({ ...NORMAL, heartRate: 135, respiratoryRate: 26, systolicBp: 95 }); // 3+3+2 = 8
  const medium = findings({ ...NORMAL, heartRate: 115, respiratoryRate: 22, temperature: 38.5 }); // 5

  it("raises when a condition first holds", () => {
    expect(decide(medium.NEWS2_AGGREGATE!, undefined)).toMatchObject({ kind: "raise" });
  });

  it("only updates the open alert while it is open (one open alert per condition, no storm)", () => {
    const open: PriorAlert = { ...acked("NEWS2_AGGREGATE"), status: "OPEN" };
    expect(decide(medium.NEWS2_AGGREGATE!, open)).toEqual({ kind: "retrigger", alertId: open.id, finding: medium.NEWS2_AGGREGATE });
  });

  it("does not raise again after acknowledgement while the condition persists unchanged", () => {
    expect(decide(medium.NEWS2_AGGREGATE!, acked("NEWS2_AGGREGATE"))).toBeNull();
  });

  it("raises again after acknowledgement when the aggregate rises into the emergency band (≥ 7)", () => {
    const sameThrees = { parameters: ["heartRate", "respiratoryRate"] };
    expect(decide(high.NEWS2_AGGREGATE!, acked("NEWS2_AGGREGATE", { news2Total: 6, ...sameThrees }))).toMatchObject({ kind: "raise" });
    expect(decide(high.NEWS2_AGGREGATE!, acked("NEWS2_AGGREGATE", { news2Total: 7, ...sameThrees }))).toBeNull();
  });

  it("raises again after acknowledgement when a parameter newly scores 3, even within the high band", () => {
    // The reported case: acknowledged at NEWS2 11; then 14 with HR 138 and systolic 82.
    const at11 = findings({ ...NORMAL, respiratoryRate: 26, heartRate: 135, systolicBp: 95, temperature: 39.2, spo2: 95 });
    expect(at11.NEWS2_AGGREGATE!.news2Total).toBe(11);
    const at14 = findings({ ...NORMAL, respiratoryRate: 26, heartRate: 138, systolicBp: 82, temperature: 39.2, spo2: 91 });
    expect(at14.NEWS2_AGGREGATE!.news2Total).toBe(14);
    const prior = acked("NEWS2_AGGREGATE", { news2Total: 11, parameters: at11.NEWS2_AGGREGATE!.parameters });
    expect(decide(at14.NEWS2_AGGREGATE!, prior, { news2Rise: 20 })).toMatchObject({ kind: "raise" });
  });

  it("raises again after acknowledgement on a configured NEWS2 rise with no new 3 and no band change", () => {
    const at8 = findings({ ...NORMAL, respiratoryRate: 26, heartRate: 135, systolicBp: 95 });
    const at10 = findings({ ...NORMAL, respiratoryRate: 26, heartRate: 135, systolicBp: 95, temperature: 39.2 });
    const at11 = findings({ ...NORMAL, respiratoryRate: 26, heartRate: 135, systolicBp: 95, temperature: 39.2, spo2: 95 });
    const prior = acked("NEWS2_AGGREGATE", { news2Total: 8, parameters: at8.NEWS2_AGGREGATE!.parameters });
    expect(decide(at10.NEWS2_AGGREGATE!, prior, { news2Rise: 3 })).toBeNull();
    expect(decide(at11.NEWS2_AGGREGATE!, prior, { news2Rise: 3 })).toMatchObject({ kind: "raise" });
    expect(decide(at10.NEWS2_AGGREGATE!, prior, { news2Rise: 2 })).toMatchObject({ kind: "raise" });
  });

  it("raises again after acknowledgement when another parameter scores 3", () => {
    const rr = findings({ ...NORMAL, respiratoryRate: 26 }).NEWS2_SINGLE_PARAMETER!;
    const rrAndHr = findings({ respiratoryRate: 26, heartRate: 135 }).NEWS2_SINGLE_PARAMETER!; // incomplete, 6
    const prior = acked("NEWS2_SINGLE_PARAMETER", { parameters: ["respiratoryRate"] });
    expect(decide(rr, prior)).toBeNull();
    // The aggregate holds for rrAndHr, so the single-parameter condition yields to it.
    expect(decide(rrAndHr, prior)).toBeNull();
    const hrOnly = findings({ ...NORMAL, heartRate: 135 }).NEWS2_SINGLE_PARAMETER!;
    expect(decide(hrOnly, prior)).toMatchObject({ kind: "raise" });
  });

  it("re-arms an acknowledged condition when a complete set shows it gone, then raises on recurrence", () => {
    const prior = acked("NEWS2_AGGREGATE");
    const normal = findings(NORMAL).NEWS2_AGGREGATE!;
    const clear = decide(normal, prior);
    expect(clear).toEqual({ kind: "clear", alertId: prior.id });
    const rearmed = applyAction(prior, clear!);
    expect(decide(medium.NEWS2_AGGREGATE!, rearmed)).toMatchObject({ kind: "raise" });
  });

  it("never treats an incomplete set as showing that a condition has gone", () => {
    const prior = acked("NEWS2_AGGREGATE");
    expect(decide(findings({ heartRate: 70, spo2: 98 }).NEWS2_AGGREGATE!, prior)).toBeNull();
    const single = acked("NEWS2_SINGLE_PARAMETER", { parameters: ["respiratoryRate"] });
    // Heart rate alone says nothing about the respiratory rate that scored 3.
    expect(decide(findings({ heartRate: 70 }).NEWS2_SINGLE_PARAMETER!, single)).toBeNull();
    expect(decide(findings({ respiratoryRate: 16 }).NEWS2_SINGLE_PARAMETER!, single)).toEqual({ kind: "clear", alertId: single.id });
  });

  it("leaves an open alert open when readings return to normal (only a clinician closes it)", () => {
    const open: PriorAlert = { ...acked("NEWS2_AGGREGATE"), status: "OPEN" };
    expect(decide(findings(NORMAL).NEWS2_AGGREGATE!, open)).toBeNull();
  });
});

describe("applyAction", () => {
  it("keeps the worst total and every parameter seen while an alert is open", () => {
    const open: PriorAlert = { ...acked("NEWS2_SINGLE_PARAMETER", { news2Total: 8, parameters: ["heartRate"] }), status: "OPEN" };
    const f = findings({ ...NORMAL, respiratoryRate: 26 }).NEWS2_SINGLE_PARAMETER!;
    expect(applyAction(open, { kind: "retrigger", alertId: open.id, finding: f })).toMatchObject({
      news2Total: 8,
      parameters: ["heartRate", "respiratoryRate"],
    });
  });
});
