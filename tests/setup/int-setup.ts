// Runs in each integration worker before any test module loads: point the app's env at the
// provisioned database and the test soketi (env.js reads process.env on first import).
import { inject } from "vitest";
import { EMBEDDED_TRANSACTION_WAIT_MS } from "../../scripts/lib/embedded-postgres-limits";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.PUSHER_HOST = "127.0.0.1";
process.env.PUSHER_PORT = String(inject("pusherPort"));
process.env.PUSHER_APP_ID = "bedside-test";
process.env.PUSHER_KEY = "bedside-test-key";
process.env.PUSHER_SECRET = "bedside-test-secret";
process.env.AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";
process.env.LOG_LEVEL ??= "silent";
process.env.DATABASE_POOL_SIZE ??= "4";
if (inject("databaseKind") === "pglite") {
  // The embedded database runs transactions one after another (as `npm run dev` configures it).
  process.env.DATABASE_TRANSACTION_MAX_WAIT_MS ??= EMBEDDED_TRANSACTION_WAIT_MS;
  process.env.DATABASE_TRANSACTION_TIMEOUT_MS ??= EMBEDDED_TRANSACTION_WAIT_MS;
}
