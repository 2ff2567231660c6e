// Runs in each integration worker before any test module loads: point the app's env at the
// provisioned database and the test soketi (env.js reads process.env on first import).
import { afterEach, beforeAll, inject } from "vitest";
import { openClinicAroundTheClock } from "../db/reset";
import { embeddedDatabaseSettings } from "../../scripts/lib/embedded-postgres-limits";
import { describeOverlaps, installOneQueryPerConnectionGuard, takeOverlappingQueries, takePgWarnings } from "../helpers/one-query-per-connection";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.PUSHER_HOST = "127.0.0.1";
process.env.PUSHER_PORT = String(inject("pusherPort"));
process.env.PUSHER_APP_ID = "bedside-test";
process.env.PUSHER_KEY = "bedside-test-key";
process.env.PUSHER_SECRET = "bedside-test-secret";
process.env.AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";
process.env.LOG_LEVEL ??= "silent";
process.env.DATABASE_POOL_SIZE ??= "4";
// The embedded database runs transactions one after another, from one backend (as `npm run dev`
// configures it: embedded-postgres-limits.ts).
if (inject("databaseKind") === "pglite") Object.assign(process.env, embeddedDatabaseSettings(process.env));

// Each file starts with the clinic open around the clock (tests/db/reset.ts says why).
beforeAll(() => openClinicAroundTheClock(process.env.DATABASE_URL!));

// A test that issues a query on a connection already running one fails, with both stacks
// (pg 8 only warns, once per process; pg 9 refuses). pg's warning itself fails it too.
installOneQueryPerConnectionGuard();
afterEach(async () => {
  // pg emits its warning on the next tick.
  await new Promise((resolve) => setImmediate(resolve));
  const overlaps = takeOverlappingQueries();
  const warnings = takePgWarnings();
  if (overlaps.length > 0) throw new Error(describeOverlaps(overlaps));
  if (warnings.length > 0) throw new Error(`pg warned about a query issued on a busy connection:\n${warnings[0]}`);
});
