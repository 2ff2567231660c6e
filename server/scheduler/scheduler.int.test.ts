import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { runDueJobs } from "./run-due-jobs";
import type { ScheduledJob } from "./types";

let seq = 0;
function counting(everyMs: number, impl?: () => Promise<void>) {
  const runs: Date[] = [];
  const job: ScheduledJob = {
    name: `test-job-${++seq}-${Date.now()}`,
    everyMs,
    run: async ({ now }) => {
      runs.push(now);
      await impl?.();
    },
  };
  return { job, runs };
}

describe("runDueJobs", () => {
  it("runs a job on one instance only when several tick at the same moment", async () => {
    const { job, runs } = counting(60_000, () => new Promise((r) => setTimeout(r, 50)));
    const now = new Date();
    const results = await Promise.all(["a", "b", "c", "d"].map((holder) => runDueJobs({ jobs: [job], now, holder })));
    expect(runs).toHaveLength(1);
    expect(
      results
        .flat()
        .map((r) => r.status)
        .sort(),
    ).toEqual(["not_due", "not_due", "not_due", "ran"]);
  });

  it("runs again only once its interval has passed, on whichever instance ticks", async () => {
    const { job, runs } = counting(60_000);
    const t0 = new Date("2031-01-01T00:00:00Z");
    await runDueJobs({ jobs: [job], now: t0, holder: "a" });
    await runDueJobs({ jobs: [job], now: new Date(t0.getTime() + 59_000), holder: "b" });
    await runDueJobs({ jobs: [job], now: new Date(t0.getTime() + 60_000), holder: "b" });
    expect(runs.map((r) => r.getTime() - t0.getTime())).toEqual([0, 60_000]);
  });

  it("keeps going after a failing job, which is retried at its next interval", async () => {
    const failing: ScheduledJob = { name: `failing-${Date.now()}`, everyMs: 1_000, run: () => Promise.reject(new Error("boom")) };
    const { job, runs } = counting(1_000);
    const t0 = new Date("2031-01-02T00:00:00Z");
    const out = await runDueJobs({ jobs: [failing, job], now: t0, holder: "a" });
    expect(out.map((o) => o.status)).toEqual(["failed", "ran"]);
    expect(runs).toHaveLength(1);
    expect((await runDueJobs({ jobs: [failing], now: new Date(t0.getTime() + 1_000), holder: "b" }))[0]!.status).toBe("failed");
  });

  it("lets another instance take over a job whose runner died, once its timeout has passed", async () => {
    const { job, runs } = counting(10_000);
    job.timeoutMs = 120_000;
    const t0 = new Date("2031-01-03T00:00:00Z");
    // Instance "dead" took the lease and never finished.
    await db.schedulerLease.create({ data: { name: `job:${job.name}`, holder: "dead", expiresAt: new Date(t0.getTime() + 120_000) } });
    await runDueJobs({ jobs: [job], now: new Date(t0.getTime() + 60_000), holder: "b" });
    expect(runs).toHaveLength(0);
    await runDueJobs({ jobs: [job], now: new Date(t0.getTime() + 120_000), holder: "b" });
    expect(runs).toHaveLength(1);
    expect((await db.schedulerLease.findUniqueOrThrow({ where: { name: `job:${job.name}` } })).holder).toBe("b");
  });
});

describe("POST /api/cron/tick", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  async function route(secret: string | undefined) {
    vi.resetModules();
    vi.stubEnv("CRON_SECRET", secret);
    return import("@/app/api/cron/tick/route");
  }
  const post = (headers: Record<string, string> = {}) => new Request("http://localhost/api/cron/tick", { method: "POST", headers });

  it("is disabled with a clear 503 while CRON_SECRET is unset", async () => {
    const { POST } = await route(undefined);
    const res = await POST(post({ authorization: "Bearer anything-at-all-here" }));
    expect(res.status).toBe(503);
    expect((await res.json()).message).toMatch(/CRON_SECRET is not set/);
  });

  it("refuses a wrong secret with 401 and runs the due jobs with the right one", async () => {
    const secret = "cron-secret-for-tests-0123456789";
    const { POST } = await route(secret);
    expect((await POST(post({ authorization: "Bearer wrong-secret-0123456789" }))).status).toBe(401);
    expect((await POST(post())).status).toBe(401);
    const ok = await POST(post({ authorization: `Bearer ${secret}` }));
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { jobs: { name: string; status: string }[] };
    expect(body.jobs.map((j) => j.name)).toEqual(expect.arrayContaining(["deliver-outbox", "consultation-reminders"]));
  });
});
