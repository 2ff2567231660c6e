import { describe, expect, it } from "vitest";
import { formatDuration, formatTimeUntil } from "./duration";
import { formatMoney } from "./money";

describe("formatMoney", () => {
  it("formats minor units in the currency's own decimals", () => {
    expect(formatMoney(4500, "USD", "en-US")).toBe("$45.00");
    expect(formatMoney(4500, "JPY", "en-US")).toBe("¥4,500");
    expect(formatMoney(-1250, "EUR", "en-US")).toBe("-€12.50");
    expect(formatMoney(4500, null)).toBe("$45.00");
  });
});

describe("formatDuration", () => {
  it("reads like people talk", () => {
    expect(formatDuration(754)).toBe("12 min 34 s");
    expect(formatDuration(725)).toBe("12 min 05 s");
    expect(formatDuration(3700)).toBe("1 h 1 min");
    expect(formatDuration(9)).toBe("9 s");
    expect(formatDuration(59.6)).toBe("1 min 00 s");
    expect(formatDuration(-3)).toBe("0 s");
    expect(formatDuration(null)).toBe("—");
  });

  it("reads as a clock for media positions", () => {
    expect(formatDuration(65, { style: "clock" })).toBe("1:05");
    expect(formatDuration(3700, { style: "clock" })).toBe("1:01:40");
    expect(formatDuration(null, { style: "clock" })).toBe("—");
  });
});

describe("formatTimeUntil", () => {
  it("counts down in minutes and seconds close by, hours within two days, then days", () => {
    expect(formatTimeUntil(42_000)).toBe("42 s");
    expect(formatTimeUntil(9_500)).toBe("10 s");
    expect(formatTimeUntil(4 * 60_000 + 10_000)).toBe("4 min 10 s");
    expect(formatTimeUntil((3 * 60 + 5) * 60_000)).toBe("3 h 5 min");
    expect(formatTimeUntil(47 * 3600_000)).toBe("47 h 0 min");
    expect(formatTimeUntil((8778 * 60 + 45) * 60_000)).toBe("365 days");
    expect(formatTimeUntil(-5)).toBe("0 s");
  });
});
