// A second database connection that holds a row lock while a test makes a change the code
// under test must see: the shape of a real race (another request locked the row first and
// is about to commit), made deterministic.
//
// On PostgreSQL the code under test runs up to the lock and waits there; `waitForWaiter`
// returns once PostgreSQL reports it waiting. On the embedded PGlite the socket server holds
// every other client back while this one is inside its transaction, so the code under test
// starts after the commit (the race cannot interleave there; `waitForWaiter` gives up after
// a short while and the test checks the same outcome).
import pg from "pg";
import { env } from "@/env";

export interface HeldLock {
  /** Run a statement inside the transaction that holds the lock. */
  query(sql: string, params?: unknown[]): Promise<pg.QueryResult>;
  /** Resolves once another backend waits for a lock (or after `timeoutMs`). */
  waitForWaiter(timeoutMs?: number): Promise<boolean>;
  commit(): Promise<void>;
  /** Roll back if still open and close the connection; safe to call twice. */
  release(): Promise<void>;
}

/**
 * `mode`: FOR UPDATE (the default) also holds back inserts that reference the row (their
 * foreign-key check takes a key-share lock); FOR NO KEY UPDATE lets those through and holds back
 * only updates of the row.
 */
export async function holdRowLock(table: string, id: string, { mode = "FOR UPDATE" }: { mode?: "FOR UPDATE" | "FOR NO KEY UPDATE" } = {}): Promise<HeldLock> {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  let open = true;
  await client.query("BEGIN");
  await client.query(`SELECT id FROM "${table}" WHERE id = $1 ${mode}`, [id]);
  return {
    query: (sql, params) => client.query(sql, params),
    async waitForWaiter(timeoutMs = 1_500) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted");
        if ((rows[0]?.n ?? 0) > 0) return true;
        await new Promise((r) => setTimeout(r, 20));
      }
      return false;
    },
    async commit() {
      await client.query("COMMIT");
      open = false;
    },
    async release() {
      if (open) await client.query("ROLLBACK").catch(() => {});
      open = false;
      await client.end().catch(() => {});
    },
  };
}
