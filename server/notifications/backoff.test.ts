import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./backoff";

describe("retryDelayMs", () => {
  const policy = { baseMs: 30_000, maxMs: 3_600_000, jitter: 0 };

  it("doubles after each failed attempt and stops growing at the cap", () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, policy))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(12, policy)).toBe(3_600_000);
    expect(retryDelayMs(60, policy)).toBe(3_600_000);
  });

  it("spreads retries by the jitter fraction and no more", () => {
    const jittered = { ...policy, jitter: 0.2 };
    expect(retryDelayMs(1, jittered, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, jittered, () => 1)).toBe(36_000);
    expect(retryDelayMs(1, jittered, () => 0.5)).toBe(30_000);
  });
});
