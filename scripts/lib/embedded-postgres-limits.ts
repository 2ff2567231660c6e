/**
 * DATABASE_TRANSACTION_MAX_WAIT_MS / _TIMEOUT_MS for the app on the embedded database: PGlite
 * runs one transaction at a time, so the time a transaction waits for the others counts
 * against Prisma's limits (2 s to begin, 5 s to finish), and a burst of concurrent requests
 * (ten presses of Record, a dozen LiveKit webhooks) failed with P2028 as a 500. Kept apart
 * from embedded-postgres.ts so the test setup can read it without loading PGlite.
 */
export const EMBEDDED_TRANSACTION_WAIT_MS = "30000";
