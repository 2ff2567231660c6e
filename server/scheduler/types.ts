/**
 * A scheduled job. The scheduler runs it at most every `everyMs`, on one app instance at a
 * time (a SchedulerLease per job), from the in-process ticker or POST /api/cron/tick.
 * `run` must be safe to repeat: a crash mid-run means it runs again after its lease expires.
 */
export interface ScheduledJob {
  name: string;
  everyMs: number;
  /** Longest a run may hold the job before another instance may take over (default 5 min). */
  timeoutMs?: number;
  run(ctx: { now: Date }): Promise<unknown>;
}
