import "server-only";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { errorForLog, logger } from "@/server/logger";
import { acquireLease, holdLeaseUntil } from "./lease";
import type { ScheduledJob } from "./types";

/** This process, as lease holder. */
export const PROCESS_HOLDER = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;

export interface JobOutcome {
  name: string;
  status: "ran" | "not_due" | "failed";
  durationMs?: number;
}

/**
 * Run every job that is due and not running elsewhere. A job's lease doubles as its
 * schedule: taken for the run (up to its timeout), then kept until `startedAt + everyMs`,
 * so the next run on any instance happens no sooner than that.
 */
export async function runDueJobs({
  jobs,
  now = new Date(),
  holder = PROCESS_HOLDER,
}: {
  jobs: readonly ScheduledJob[];
  now?: Date;
  holder?: string;
}): Promise<JobOutcome[]> {
  const outcomes: JobOutcome[] = [];
  for (const job of jobs) {
    const lease = `job:${job.name}`;
    const timeoutMs = Math.max(job.timeoutMs ?? 5 * 60_000, job.everyMs);
    if (!(await acquireLease(lease, holder, now, new Date(now.getTime() + timeoutMs)))) {
      outcomes.push({ name: job.name, status: "not_due" });
      continue;
    }
    const started = Date.now();
    try {
      await job.run({ now });
      outcomes.push({ name: job.name, status: "ran", durationMs: Date.now() - started });
    } catch (error) {
      logger.error({ error: errorForLog(error), job: job.name }, "scheduler.job_failed");
      outcomes.push({ name: job.name, status: "failed", durationMs: Date.now() - started });
    } finally {
      await holdLeaseUntil(lease, holder, new Date(now.getTime() + job.everyMs)).catch((error: unknown) =>
        logger.error({ error: errorForLog(error), job: job.name }, "scheduler.lease_release_failed"),
      );
    }
  }
  return outcomes;
}
