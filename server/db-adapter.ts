// The PostgreSQL driver adapter every Prisma client in Bedside uses (the app, the seed, the
// test fixtures), with one correction to @prisma/adapter-pg 7.10.
//
// A read with nested `include`s runs as a query plan whose "join" node fetches its relations
// with Promise.all. Outside a transaction each of those queries takes its own pooled
// connection. Inside `db.$transaction` they all share the transaction's one connection, so
// node-postgres receives a second (third, …) query while the first is still running: pg 8
// queues them and warns "Calling client.query() when the client is already executing a query
// is deprecated", and pg 9 refuses them. (prisma/orm#29468 and #29979, open as of 7.10.)
// Here each transaction runs its statements strictly one after another; reads outside a
// transaction keep running their relation queries in parallel on separate connections.
//
// No "server-only" import: `npm run db:seed` (plain tsx) uses this module too.
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import pg from "pg";

export interface PgAdapterOptions {
  connectionString: string;
  /** Pool size. */
  max: number;
}

export function createPgAdapter({ connectionString, max }: PgAdapterOptions): SqlDriverAdapterFactory {
  return serializeTransactionQueries(new PrismaPg({ connectionString, max, Client: CallbackQueryClient }));
}

/**
 * A node-postgres client whose promise-returning `query` runs pg's callback form under a
 * promise of its own. With pg's own promise, on a connection lent out by the pool (Prisma's
 * transactions), every statement's rows survived the young generation's collections until the
 * next full one: scavenges copied megabytes and paused ~9 ms instead of ~1 ms
 * (`npx tsx bench/db/scavenge.ts`). Same answers and errors; pg's pool.query already calls the
 * callback form.
 */
export class CallbackQueryClient extends pg.Client {}
type QueryArgs = unknown[];
(CallbackQueryClient.prototype as unknown as { query: (...args: QueryArgs) => unknown }).query = function (this: pg.Client, ...args: QueryArgs) {
  // Looked up at each call: a test guard may wrap pg.Client.prototype.query after this module loads.
  const query = pg.Client.prototype.query as (this: pg.Client, ...args: QueryArgs) => unknown;
  const first = args[0] as { submit?: unknown } | null | undefined;
  if (typeof args.at(-1) === "function" || typeof first?.submit === "function") return query.apply(this, args);
  return new Promise((resolve, reject) => {
    query.apply(this, [...args, (error: Error | null, result: unknown) => (error ? reject(error) : resolve(result))]);
  });
};

/** Wraps a driver adapter factory so that each transaction sends one statement at a time. */
export function serializeTransactionQueries(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter: SqlDriverAdapter = await connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => serialize(await startTransaction(isolationLevel));
    return adapter;
  };
  return factory;
}

/**
 * Patches the transaction in place, so it keeps its class and every property Prisma reads.
 * Savepoints go through `this.executeRaw`, so they join the same line; commit and rollback
 * (which release the connection) wait for every statement sent before them.
 */
function serialize(tx: Transaction): Transaction {
  let tail: Promise<unknown> = Promise.resolve();
  const inLine = <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(run);
    tail = result.catch(() => undefined);
    return result;
  };
  const queryRaw = tx.queryRaw.bind(tx);
  const executeRaw = tx.executeRaw.bind(tx);
  const commit = tx.commit.bind(tx);
  const rollback = tx.rollback.bind(tx);
  tx.queryRaw = (query: SqlQuery) => inLine(() => queryRaw(query));
  tx.executeRaw = (query: SqlQuery) => inLine(() => executeRaw(query));
  tx.commit = () => inLine(commit);
  tx.rollback = () => inLine(rollback);
  return tx;
}
