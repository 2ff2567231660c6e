/**
 * The app's settings on the embedded database (PGlite), in one place for `npm run dev`, the
 * integration setup and the benches. Kept apart from embedded-postgres.ts so the test setup can
 * read it without loading PGlite.
 *
 * - DATABASE_TRANSACTION_MAX_WAIT_MS / _TIMEOUT_MS: PGlite runs one transaction at a time, so
 *   the time a transaction waits for the others counts against the limits (2 s to begin, 5 s
 *   to finish), and a burst of concurrent requests (ten presses of Record, a dozen LiveKit
 *   webhooks) failed with P2028 as a 500.
 * - DATABASE_PREPARED_STATEMENTS off: PGlite's socket server serves every connection from one
 *   backend, where two connections' prepared statements' names would collide.
 */
const EMBEDDED_TRANSACTION_WAIT_MS = "30000";

/** The settings above; a transaction limit `base` already sets is kept. */
export function embeddedDatabaseSettings(base: NodeJS.ProcessEnv): Record<string, string> {
  return {
    DATABASE_TRANSACTION_MAX_WAIT_MS: base.DATABASE_TRANSACTION_MAX_WAIT_MS ?? EMBEDDED_TRANSACTION_WAIT_MS,
    DATABASE_TRANSACTION_TIMEOUT_MS: base.DATABASE_TRANSACTION_TIMEOUT_MS ?? EMBEDDED_TRANSACTION_WAIT_MS,
    DATABASE_PREPARED_STATEMENTS: "false",
  };
}
