import "server-only";
import { env } from "@/env";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { createPgAdapter } from "@/server/db-adapter";
import { parseUtcTimestamp } from "@/server/db-timestamp";
import { isDatabaseUnavailable, isWriteConflict } from "@/server/errors";
import { Prisma, PrismaClient } from "@/server/generated/prisma/client";
import { noteDatabaseReachable, noteDatabaseUnreachable } from "@/server/http/database-outage";
import pg from "pg";

type Sql = Prisma.Sql;

/** Marks the database unreachable (server/http/database-outage.ts) when `error` says it is. */
function noteIfUnreachable(error: unknown): void {
  if (isDatabaseUnavailable(error)) noteDatabaseUnreachable();
}

// One client per process (Next dev reloads modules; keep it on globalThis). The app always
// speaks PostgreSQL through the same adapter, whether the server is a real PostgreSQL or
// the embedded PGlite that `npm run dev` serves over the PostgreSQL protocol.
function createClient() {
  if (!env.DATABASE_URL) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm run dev` or `npm start` (they start the embedded database), or set DATABASE_URL to a PostgreSQL server.",
    );
  }
  const adapter = reportReachability(createPgAdapter({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE }));
  return new PrismaClient({
    adapter,
    transactionOptions: { maxWait: env.DATABASE_TRANSACTION_MAX_WAIT_MS, timeout: env.DATABASE_TRANSACTION_TIMEOUT_MS },
  });
}

/**
 * Keeps the process-wide outage record (server/http/database-outage.ts) from the queries the
 * app sends anyway: a query that fails for want of a connection marks the database
 * unreachable, one that succeeds marks it reachable. proxy.ts reads it to answer pages 503.
 */
function reportReachability(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const observe = <T>(result: Promise<T>): Promise<T> =>
    result.then(
      (value) => {
        noteDatabaseReachable();
        return value;
      },
      (error: unknown) => {
        noteIfUnreachable(error);
        throw error;
      },
    );
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter: SqlDriverAdapter = await observe(connect());
    const queryRaw = adapter.queryRaw.bind(adapter);
    const executeRaw = adapter.executeRaw.bind(adapter);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.queryRaw = (query) => observe(queryRaw(query));
    adapter.executeRaw = (query) => observe(executeRaw(query));
    adapter.startTransaction = (isolationLevel) => observe(startTransaction(isolationLevel));
    return adapter;
  };
  return factory;
}

const globalForDb = globalThis as unknown as { bedsideDb?: PrismaClient };

function client(): PrismaClient {
  // Kept on globalThis so Next's dev reloads reuse one pool.
  globalForDb.bedsideDb ??= createClient();
  return globalForDb.bedsideDb;
}

/**
 * Created on first use, not at import: `next build` imports route modules without a
 * database, and a missing DATABASE_URL should fail the request that needs it, clearly.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const c = client();
    const value = Reflect.get(c, prop, c) as unknown;
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(c) : value;
  },
});

export type Db = PrismaClient;
/** A transaction client, as passed to `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

// --- SQL straight on a pipelined pool ------------------------------------------------------
// For the device ingest path (a reading every second per device) and the per-request reads
// (the session lookup every signed-in request makes; upcoming consultations, the vitals
// history and the rollup statistics, each one statement with its audit row): Prisma's client,
// query compiler and interactive transactions cost several times the database work in CPU per
// statement, and each statement is a round trip. Rows come back as node-postgres parses them
// (int8 and numeric as strings, json parsed, timestamps as UTC Dates below): such statements
// cast what they answer. Here statements are Prisma.sql fragments
// (parameters, never string concatenation) on a pool of its own (DATABASE_URL, up to
// DATABASE_INGEST_POOL_SIZE connections, twice DATABASE_POOL_SIZE by default) in node-postgres' pipeline mode: statements issued
// together go out together, each with its own Sync, so one failing does not take another's
// answer — inside a transaction the ones after it fail too, and COMMIT then rolls back.

/** A statement runner bound to one connection inside BEGIN … COMMIT. */
export interface SqlTx {
  /**
   * Sends the statement at once, behind those already sent (it need not be awaited: the
   * transaction commits only if every statement sent succeeded).
   */
  query<T>(statement: Sql, options?: StatementOptions): Promise<T[]>;
}

export interface StatementOptions {
  /**
   * Run it as a named (prepared) statement: PostgreSQL parses, analyses and plans an unnamed
   * statement on every run, which for the device write's one-round-trip statement (3.3 KB of
   * CTEs) cost about 1 ms of the database's CPU per reading against 0.2 ms for running it
   * prepared. For statements a hot path runs with the same text every time (parameters vary,
   * the text does not): each text is prepared once per connection.
   */
  prepared?: boolean;
}

/** No connection became free within DATABASE_TRANSACTION_MAX_WAIT_MS: the server is overloaded. */
export class PoolBusyError extends Error {
  constructor(waitedMs: number) {
    super(`No database connection became free within ${waitedMs} ms.`);
    this.name = "PoolBusyError";
  }
}

const globalForSql = globalThis as unknown as { bedsideSqlPool?: pg.Pool };

function pool(): pg.Pool {
  if (!globalForSql.bedsideSqlPool) {
    if (!env.DATABASE_URL) client(); // throws the readable "DATABASE_URL is not set"
    // statement_timeout: PostgreSQL cancels a statement still running after STATEMENT_TIMEOUT_MS
    // (below). The embedded PGlite ignores it.
    const max = env.DATABASE_INGEST_POOL_SIZE ?? 2 * env.DATABASE_POOL_SIZE;
    const created = new pg.Pool({
      connectionString: env.DATABASE_URL,
      max,
      pipeline: true,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      idleTimeoutMillis: env.DATABASE_INGEST_POOL_IDLE_SECONDS * 1000,
    });
    // An idle connection the server closed (restart, failover): drop it, note the outage.
    created.on("error", noteIfUnreachable);
    // pg-pool listens for a connection's errors only while it is idle. One lost while lent out
    // (a restart, or the sweep below closing it) would emit 'error' with no listener: an
    // uncaught exception. Its statements fail on their own; the pool drops it on release.
    created.on("connect", (connection) => connection.on("error", noteIfUnreachable));
    // Statements the database does not answer (below): one sweep a second, unref'd, so it never
    // keeps a process alive.
    setInterval(sweepUnanswered, 1_000).unref();
    globalForSql.bedsideSqlPool = created;
  }
  return globalForSql.bedsideSqlPool;
}

// Columns are `timestamp(3)` without time zone holding UTC (as Prisma writes them): read them
// as UTC whatever the process's TZ, and send Dates as UTC ISO strings (pg would send local time).
const TIMESTAMP_OID = 1114;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP_OID ? parseUtcTimestamp : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

// pg writes each statement to the socket on its own (one writev each; on loopback the kernel
// does the receiver's work inside that call). Statements a transaction issues together are
// held until the event loop moves on and then written at once.
const corked = new WeakSet<object>();
function writeTogether(connection: pg.PoolClient): void {
  const stream = (connection as unknown as { connection?: { stream?: { cork(): void; uncork(): void } } }).connection?.stream;
  if (!stream || corked.has(stream)) return;
  corked.add(stream);
  stream.cork();
  setImmediate(() => {
    corked.delete(stream);
    stream.uncork();
  });
}

// Prepared statements' names, one per text, for the process (node-postgres prepares a name
// once per connection). Bounded, so that a caller preparing statements whose text varies
// cannot fill every connection's backend with plans: past the bound, statements run unnamed.
// Off for the embedded database (DATABASE_PREPARED_STATEMENTS=false): PGlite's socket server
// multiplexes every connection onto one backend, where two connections' names would collide.
const MAX_PREPARED_STATEMENTS = 32;
const preparedNames = new Map<string, string>();
function preparedName(text: string): string | undefined {
  if (!env.DATABASE_PREPARED_STATEMENTS) return undefined;
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < MAX_PREPARED_STATEMENTS) {
    name = `bedside_${preparedNames.size}`;
    preparedNames.set(text, name);
  }
  return name;
}

// A statement still running after 15 s (Prisma's interactive transactions had the same limit)
// is cancelled by PostgreSQL (statement_timeout, 57014): its transaction fails, is rolled back
// and the patient row it locked is free again. A statement the server does not answer at all
// (a hung server or a lost network) fails 5 s later on this side, and its connection is
// closed: one sweep a second finds such statements. node-postgres' own query_timeout arms a
// timer per statement, and with it (as with a client's promise-returning query, so `send`
// passes a callback) every statement's rows outlived the next young-generation collections:
// at one request at a time a scavenge copied ~1.8 MB and paused 5–7 ms instead of ~1 ms (V8's
// GC trace on the reads bench; ARCHITECTURE, "The production server").
export const STATEMENT_TIMEOUT_MS = 15_000;
const UNANSWERED_AFTER_MS = STATEMENT_TIMEOUT_MS + 5_000;

/** A statement on the pool that the database did not answer within UNANSWERED_AFTER_MS. */
export class StatementTimeoutError extends Error {
  constructor() {
    super(`The database did not answer within ${UNANSWERED_AFTER_MS / 1000} s; the connection was closed.`);
    this.name = "StatementTimeoutError";
  }
}

interface InFlight {
  sentAt: number;
  connection: pg.PoolClient;
  fail: (error: Error) => void;
}
const inFlight = new Set<InFlight>();

function sweepUnanswered(now = Date.now()): void {
  for (const statement of inFlight) {
    if (now - statement.sentAt < UNANSWERED_AFTER_MS) continue;
    inFlight.delete(statement);
    statement.fail(new StatementTimeoutError());
    // The statements behind it on this connection fail too ("Connection terminated"), and the
    // pool drops the connection when it is released with the error.
    (statement.connection as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  }
}

/** Runs the sweep as if it were `now` (tests); answers how many statements are still in flight. */
export function sweepUnansweredStatementsAt(now: number): number {
  sweepUnanswered(now);
  return inFlight.size;
}

function send(connection: pg.PoolClient, statement: Sql, options?: StatementOptions): Promise<pg.QueryResult> {
  const values = statement.values.map((v) => (v instanceof Date ? v.toISOString() : v));
  const name = options?.prepared ? preparedName(statement.text) : undefined;
  return new Promise<pg.QueryResult>((resolve, reject) => {
    const watched: InFlight = { sentAt: Date.now(), connection, fail: reject };
    inFlight.add(watched);
    connection.query({ text: statement.text, values, types, ...(name ? { name } : {}) }, (error: Error | null, result: pg.QueryResult) => {
      // Already failed by the sweep: what the closed connection answers adds nothing.
      if (!inFlight.delete(watched)) return;
      if (error) {
        noteIfUnreachable(error);
        reject(error);
      } else resolve(result);
    });
  });
}

async function connectWithin(maxWaitMs: number): Promise<pg.PoolClient> {
  const pending = pool().connect();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PoolBusyError(maxWaitMs)), maxWaitMs);
  });
  try {
    return await Promise.race([pending, timeout]);
  } catch (error) {
    // A connection that arrives after we gave up goes straight back to the pool.
    pending.then((c) => c.release()).catch(() => {});
    if (!(error instanceof PoolBusyError)) noteIfUnreachable(error);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** One statement on a pooled connection, outside any transaction. */
export async function sqlQuery<T>(statement: Sql): Promise<T[]> {
  const connection = await pool()
    .connect()
    .catch((error: unknown) => {
      noteIfUnreachable(error);
      throw error;
    });
  let failed: Error | undefined;
  try {
    return (await send(connection, statement)).rows as T[];
  } catch (error) {
    failed = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    // As pg's pool.query does: a connection whose statement failed is closed, not reused.
    connection.release(failed);
  }
}

/**
 * BEGIN, `work`, COMMIT on one pooled connection; ROLLBACK when `work` throws or any statement
 * it sent failed. BEGIN goes out with `work`'s first statements and COMMIT with its last (those
 * it did not await). Waits at most DATABASE_TRANSACTION_MAX_WAIT_MS for a connection, then
 * throws PoolBusyError.
 */
export async function sqlTransaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T> {
  const connection = await connectWithin(env.DATABASE_TRANSACTION_MAX_WAIT_MS);
  const sent: Promise<unknown>[] = [];
  const track = <R>(p: Promise<R>): Promise<R> => {
    // Settled through Promise.all below; a statement nobody awaits must not count as unhandled.
    p.catch(() => {});
    sent.push(p);
    return p;
  };
  // The transaction's statements go out together (writeTogether), each tracked.
  const sendTogether = (statement: Sql, options?: StatementOptions) => {
    writeTogether(connection);
    return track(send(connection, statement, options));
  };
  let broken: Error | undefined;
  try {
    void sendTogether(BEGIN);
    const result = await work({
      query: async <R>(statement: Sql, options?: StatementOptions) => (await sendTogether(statement, options)).rows as R[],
    });
    const commit = sendTogether(COMMIT);
    await Promise.all(sent);
    // COMMIT of a transaction in which a statement failed answers ROLLBACK (that failure threw above).
    if ((await commit).command !== "COMMIT") throw new Error("The transaction did not commit.");
    noteDatabaseReachable();
    return result;
  } catch (error) {
    await Promise.allSettled(sent);
    try {
      await send(connection, ROLLBACK);
    } catch (rollbackError) {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw error;
  } finally {
    // A connection whose rollback failed is in an unknown state: close it rather than reuse it.
    connection.release(broken);
  }
}

const BEGIN = Prisma.raw("BEGIN");
const COMMIT = Prisma.raw("COMMIT");
const ROLLBACK = Prisma.raw("ROLLBACK");

/**
 * Run a write transaction again when PostgreSQL ended it to let a concurrent one through (a
 * deadlock victim or a serialization failure, `isWriteConflict`): that attempt kept nothing, and
 * the next one meets the other transaction's outcome. Two bookings of one clinician's slot can
 * deadlock inside the no-overlap constraint's check; run again, the loser is told which
 * consultation it clashes with instead of "someone else changed this". `work` must be the whole
 * transaction, with its side effects after commit. The last attempt's error is thrown as is.
 */
export async function retryWriteConflicts<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isWriteConflict(error)) throw error;
      // A few milliseconds apart, so two victims of the same cycle do not meet again at once.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
