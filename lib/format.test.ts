import { describe, expect, it } from "vitest";
import { formatDuration, formatMoney } from "./format";

describe("formatMoney", () => {
  it("formats minor units in the currency's own decimals", () => {
    expect(formatMoney(4500, "USD", "en-US")).toBe("$45.00");
    expect(formatMoney(4500, "JPY", "en-US")).toBe("¥4,500");
    expect(formatMoney(-1250, "EUR", "en-US")).toBe("-€12.50");
  });
});

describe("formatDuration", () => {
  it("reads like people talk", () => {
    expect(formatDuration(754)).toBe("12 min 34 s");
    expect(formatDuration(3700)).toBe("1 h 1 min");
    expect(formatDuration(9)).toBe("9 s");
    expect(formatDuration(null)).toBe("—");
  });
});
