import "server-only";
import { env } from "@/env";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { createPgAdapter } from "@/server/db-adapter";
import { isDatabaseUnavailable } from "@/server/errors";
import { PrismaClient } from "@/server/generated/prisma/client";
import { noteDatabaseReachable, noteDatabaseUnreachable } from "@/server/http/database-outage";

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
        if (isDatabaseUnavailable(error)) noteDatabaseUnreachable();
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
