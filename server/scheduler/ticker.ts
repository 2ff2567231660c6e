import "server-only";
import { env } from "@/env";
import { errorForLog, logger } from "@/server/logger";
import { jobs } from "./jobs";
import { runDueJobs } from "./run-due-jobs";

interface TickerState {
  timer: NodeJS.Timeout;
  running: boolean;
}

const globalForTicker = globalThis as unknown as { bedsideTicker?: TickerState };

/**
 * The in-process scheduler `npm run dev` and `npm start` run (started from instrumentation.ts):
 * every SCHEDULER_TICK_SECONDS it runs the jobs that are due. Once per process, however often
 * it is called (dev reloads modules); ticks never overlap. Several instances may each run one:
 * the leases make each job run on one of them at a time.
 */
export function startTicker(): boolean {
  if (globalForTicker.bedsideTicker) return false;
  if (!env.SCHEDULER_IN_PROCESS) {
    logger.info("scheduler.in_process_disabled");
    return false;
  }
  if (!env.DATABASE_URL) {
    logger.warn("scheduler.no_database");
    return false;
  }
  const state: TickerState = {
    running: false,
    timer: setInterval(() => void tick(state), env.SCHEDULER_TICK_SECONDS * 1000),
  };
  // Never keep a process alive just for the ticker.
  state.timer.unref();
  globalForTicker.bedsideTicker = state;
  logger.info({ everySeconds: env.SCHEDULER_TICK_SECONDS, jobs: jobs.map((j) => j.name) }, "scheduler.started");
  return true;
}

export function stopTicker(): void {
  const state = globalForTicker.bedsideTicker;
  if (!state) return;
  clearInterval(state.timer);
  delete globalForTicker.bedsideTicker;
}

async function tick(state: TickerState) {
  if (state.running) return;
  state.running = true;
  try {
    await runDueJobs({ jobs });
  } catch (error) {
    logger.error({ error: errorForLog(error) }, "scheduler.tick_failed");
  } finally {
    state.running = false;
  }
}
