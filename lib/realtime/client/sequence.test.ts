import { describe, expect, it } from "vitest";
import { SequenceGate } from "./sequence";

describe("SequenceGate", () => {
  it("applies consecutive numbers in order and reports no gap", () => {
    const gate = new SequenceGate(4);
    expect([5, 6, 7].map((seq) => gate.observe(seq))).toEqual(["next", "next", "next"]);
    expect(gate.last).toBe(7);
  });

  it("reports a gap when a number is skipped, and keeps going from the newer one", () => {
    const gate = new SequenceGate(1);
    expect(gate.observe(2)).toBe("next");
    expect(gate.observe(4)).toBe("gap");
    expect(gate.observe(5)).toBe("next");
    expect(gate.last).toBe(5);
  });

  it("detects that the first event after the fetched state skipped one", () => {
    expect(new SequenceGate(10).observe(12)).toBe("gap");
  });

  it("takes the first event as the baseline when the fetched seq is unknown", () => {
    const gate = new SequenceGate();
    expect(gate.observe(41)).toBe("next");
    expect(gate.observe(43)).toBe("gap");
  });

  it("drops duplicates and late retries of numbers already applied", () => {
    const gate = new SequenceGate(0);
    gate.observe(1);
    gate.observe(3);
    expect(gate.observe(3)).toBe("stale");
    expect(gate.observe(2)).toBe("stale");
    expect(gate.observe(1)).toBe("stale");
    expect(gate.last).toBe(3);
  });

  it("moves the baseline forward after a refetch but never back", () => {
    const gate = new SequenceGate(3);
    gate.advanceTo(9);
    expect(gate.observe(9)).toBe("stale");
    expect(gate.observe(10)).toBe("next");
    gate.advanceTo(2);
    expect(gate.last).toBe(10);
  });

  it("ignores numbers that cannot be sequence numbers", () => {
    const gate = new SequenceGate(1);
    for (const bad of [-1, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(gate.observe(bad)).toBe("stale");
    expect(gate.last).toBe(1);
  });
});
