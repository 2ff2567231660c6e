// Statements on the app's pg pool (server/db.ts) cannot hold a patient's row forever:
// PostgreSQL cancels one still running after STATEMENT_TIMEOUT_MS (statement_timeout on the
// pool's connections), which rolls its transaction back and frees what it locked; and one the
// database does not answer at all fails on this side 5 s later (a sweep once a second; run
// here "20 s later" directly), with its connection closed.
//
// PostgreSQL only: the embedded PGlite (`npm run dev`, and the integration suite without
// TEST_DATABASE_URL) is one backend running one transaction at a time, so no statement can wait
// for another session's lock there, and it ignores statement_timeout.
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { env } from "@/env";
import { Prisma } from "@/server/generated/prisma/client";
import { STATEMENT_TIMEOUT_MS, StatementTimeoutError, sqlQuery, sqlTransaction, sweepUnansweredStatementsAt } from "@/server/db";
import { fromDatabaseError, isAppError } from "@/server/errors";

const HELD = 734_001;
const TAKEN_BY_TX = 734_002;

const onPostgres = inject("databaseKind") !== "pglite";

let holder: pg.Client;
let observer: pg.Client;

beforeAll(async () => {
  if (!onPostgres) return;
  holder = new pg.Client({ connectionString: env.DATABASE_URL });
  observer = new pg.Client({ connectionString: env.DATABASE_URL });
  await holder.connect();
  await observer.connect();
});

afterEach(async () => {
  if (!onPostgres) return;
  await holder.query("SELECT pg_advisory_unlock_all()");
});

afterAll(async () => {
  if (!onPostgres) return;
  await holder.end();
  await observer.end();
});

/** Backends waiting for the advisory lock HELD. */
async function waiting(): Promise<number> {
  const { rows } = await observer.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = $1", [
    HELD,
  ]);
  return rows[0]!.n;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function canLock(key: number): Promise<boolean> {
  const { rows } = await observer.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [key]);
  if (rows[0]!.ok) await observer.query("SELECT pg_advisory_unlock($1)", [key]);
  return rows[0]!.ok;
}

describe.runIf(onPostgres)("statements that run too long", () => {
  it("run under the pool's statement_timeout", async () => {
    const [row] = await sqlQuery<{ statement_timeout: string }>(Prisma.sql`SHOW statement_timeout`);
    expect(row!.statement_timeout).toBe(`${STATEMENT_TIMEOUT_MS / 1000}s`);
  });

  it("are cancelled by PostgreSQL at the limit: the transaction rolls back, frees its locks, and the caller gets a 503 to retry", async () => {
    await holder.query("SELECT pg_advisory_lock($1)", [HELD]);
    const transaction = sqlTransaction(async (tx) => {
      await tx.query(Prisma.sql`SELECT pg_advisory_xact_lock(${TAKEN_BY_TX})`);
      // The pool's limit, shortened for this transaction so the test need not wait 15 s.
      await tx.query(Prisma.sql`SET LOCAL statement_timeout = 300`);
      await tx.query(Prisma.sql`SELECT pg_advisory_xact_lock(${HELD})`);
    });
    const error = await transaction.then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as { code?: string }).code).toBe("57014");
    const mapped = fromDatabaseError(error);
    expect(isAppError(mapped) && mapped.code).toBe("SERVICE_UNAVAILABLE");
    expect(await canLock(TAKEN_BY_TX)).toBe(true);
    expect(await waiting()).toBe(0);
  });
});

describe.runIf(onPostgres)("statements the database does not answer", () => {
  it("fail 5 s after the limit with a clear error, and not before; the pool goes on", async () => {
    await holder.query("SELECT pg_advisory_lock($1)", [HELD]);
    const blocked = sqlQuery(Prisma.sql`SELECT pg_advisory_lock(${HELD})`);
    blocked.catch(() => {});
    await until(async () => (await waiting()) === 1, "the statement waits for the lock");

    // At the limit (PostgreSQL's turn to cancel, which a hung server would not): still waiting.
    expect(sweepUnansweredStatementsAt(Date.now() + STATEMENT_TIMEOUT_MS + 1_000)).toBeGreaterThanOrEqual(1);
    expect(await waiting()).toBe(1);

    sweepUnansweredStatementsAt(Date.now() + STATEMENT_TIMEOUT_MS + 6_000);
    const error = await blocked.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StatementTimeoutError);
    expect((error as Error).message).toMatch(/did not answer within 20 s/);
    expect(sweepUnansweredStatementsAt(Date.now())).toBe(0);
    // Other statements still run, on the pool's other connections.
    expect(await sqlQuery<{ one: number }>(Prisma.sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });

  it("inside a transaction fail the same way, without taking the server down", async () => {
    await holder.query("SELECT pg_advisory_lock($1)", [HELD]);
    const transaction = sqlTransaction(async (tx) => {
      await tx.query(Prisma.sql`SELECT pg_advisory_xact_lock(${HELD})`);
    });
    transaction.catch(() => {});
    await until(async () => (await waiting()) === 1, "the transaction waits for the lock");
    sweepUnansweredStatementsAt(Date.now() + STATEMENT_TIMEOUT_MS + 6_000);
    await expect(transaction).rejects.toBeInstanceOf(StatementTimeoutError);
    // The closed connection's 'error' reached a listener (an uncaught one fails this file).
    await new Promise((r) => setTimeout(r, 200));
    expect(await sqlQuery<{ one: number }>(Prisma.sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });
});
