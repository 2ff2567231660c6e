import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { env } from "@/env";
import { db } from "@/server/db";
import { consumeRateLimit, consumeRateLimitBuffered } from "./rate-limit";

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

describe("consumeRateLimitBuffered", () => {
  const shared = async (key: string) => (await db.rateLimitBucket.findUnique({ where: { key } }))?.count ?? 0;

  it("writes the shared counter at most once per sync interval, then adds everything counted locally", async () => {
    const key = `b:${Math.random()}`;
    const t0 = Date.now();
    expect((await consumeRateLimitBuffered(key, 100, 60_000, 1_000, t0)).allowed).toBe(true);
    for (let i = 1; i <= 5; i++) expect((await consumeRateLimitBuffered(key, 100, 60_000, 1_000, t0 + i * 100)).allowed).toBe(true);
    expect(await shared(key)).toBe(1);
    await consumeRateLimitBuffered(key, 100, 60_000, 1_000, t0 + 1_100);
    // Far below the limit that sync runs in the background.
    await vi.waitFor(async () => expect(await shared(key)).toBe(7), { timeout: 5_000, interval: 50 });
  });

  it("refuses past the limit without writing, with a retry time", async () => {
    const key = `b:${Math.random()}`;
    const t0 = Date.now();
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await consumeRateLimitBuffered(key, 3, 60_000, 1_000, t0 + i));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false, false]);
    expect(results[3]!.retryAfterSeconds).toBeGreaterThan(0);
    expect(await shared(key)).toBe(1);
  });

  it("counts what other instances added once it syncs, waiting for the shared count from half the limit on", async () => {
    const key = `b:${Math.random()}`;
    const t0 = Date.now();
    await consumeRateLimitBuffered(key, 3, 60_000, 1_000, t0);
    // Another instance used up the rest of the window.
    await db.rateLimitBucket.update({ where: { key }, data: { count: 3 } });
    expect((await consumeRateLimitBuffered(key, 3, 60_000, 1_000, t0 + 1_500)).allowed).toBe(false);
  });

  it("under half its limit, a due sync does not hold the request up, and what it adds still reaches the shared counter", async () => {
    const key = `b:${Math.random()}`;
    const t0 = Date.now();
    await consumeRateLimitBuffered(key, 100, 60_000, 1_000, t0);
    // Another instance is writing the same row and holds it: a sync that waited would wait here.
    const other = new pg.Client({ connectionString: env.DATABASE_URL });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(`SELECT "count" FROM "RateLimitBucket" WHERE "key" = $1 FOR UPDATE`, [key]);
      const answer = await Promise.race([
        consumeRateLimitBuffered(key, 100, 60_000, 1_000, t0 + 1_100),
        new Promise<"waited">((resolve) => setTimeout(() => resolve("waited"), 1_000)),
      ]);
      expect(answer).toMatchObject({ allowed: true, remaining: 98 });
      await other.query("COMMIT");
    } finally {
      await other.end();
    }
    await vi.waitFor(async () => expect(await shared(key)).toBe(2), { timeout: 5_000, interval: 50 });
  });
});
