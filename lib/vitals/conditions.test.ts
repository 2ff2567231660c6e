import { describe, expect, it } from "vitest";
import { describeAlert, news2Escalation } from "./conditions";

describe("alert titles", () => {
  it("name the RCP band and the score of a NEWS2 aggregate alert", () => {
    expect(describeAlert("NEWS2_AGGREGATE", 5)).toBe("NEWS2 5 — medium clinical risk: urgent review");
    expect(describeAlert("NEWS2_AGGREGATE", 6)).toBe("NEWS2 6 — medium clinical risk: urgent review");
    expect(describeAlert("NEWS2_AGGREGATE", 7)).toBe("NEWS2 7 — high clinical risk: emergency response");
    expect(describeAlert("NEWS2_AGGREGATE", 14)).toBe("NEWS2 14 — high clinical risk: emergency response");
  });

  it("say a red score asks for an urgent review, and keep thresholds readable", () => {
    expect(describeAlert("NEWS2_SINGLE_PARAMETER", 3)).toBe("A single NEWS2 parameter scoring 3 — urgent review (NEWS2 3)");
    expect(describeAlert("THRESHOLD:heartRate", 2)).toBe("Heart rate outside the patient's set range");
  });

  it("follow the RCP escalation bands: 5–6 urgent, 7 or more emergency", () => {
    expect(news2Escalation(4).band).toBeNull();
    expect(news2Escalation(5).band).toBe("urgent");
    expect(news2Escalation(7).band).toBe("emergency");
  });
});
