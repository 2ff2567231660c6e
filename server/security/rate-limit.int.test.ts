import { describe, expect, it } from "vitest";
import { consumeRateLimit } from "./rate-limit";

describe("consumeRateLimit", () => {
  it("allows up to the limit in a window and refuses the rest with a retry time", async () => {
    const key = `t:${Math.random()}`;
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await consumeRateLimit(key, 3, 60_000));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]!.retryAfterSeconds).toBeGreaterThan(0);
    expect(results[3]!.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("lets exactly `limit` of many concurrent attempts through", async () => {
    const key = `t:${Math.random()}`;
    const results = await Promise.all(Array.from({ length: 12 }, () => consumeRateLimit(key, 5, 60_000)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });

  it("starts a new window once the old one has passed", async () => {
    const key = `t:${Math.random()}`;
    expect((await consumeRateLimit(key, 1, 300)).allowed).toBe(true);
    expect((await consumeRateLimit(key, 1, 300)).allowed).toBe(false);
    await new Promise((r) => setTimeout(r, 400));
    expect((await consumeRateLimit(key, 1, 300)).allowed).toBe(true);
  });
});
