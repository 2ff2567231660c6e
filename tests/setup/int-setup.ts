// Runs in each integration worker before any test module loads: point the app's env at the
// provisioned database (env.js reads process.env on first import).
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";
process.env.LOG_LEVEL ??= "silent";
process.env.DATABASE_POOL_SIZE ??= "4";
