// Driver adapters for the schema engine's migration path. Prisma's adapters are built for
// app queries; three things break when the engine migrates through them, fixed here:
//
// 1. @prisma/adapter-pg splits a migration script on every ";" and sends the pieces one by
//    one through its pool. A plpgsql body ($$ ... ; ... $$) is cut in half, and a failing
//    script leaves the statements before the failure applied. We send the whole script as
//    one simple-protocol query on one connection instead, as the native engine sends it:
//    PostgreSQL runs a multi-statement simple query as one implicit transaction, so each
//    migration applies completely or not at all.
// 2. @prisma/adapter-pg cannot map pg_catalog's "char" (OID 18) columns, which the engine
//    reads whenever it describes a live database ("Column type 'char' could not be
//    deserialized"). Applying migrations does not describe the database; introspection and
//    drift checks do. We let adapter-pg read them as text and then declare them Character,
//    the type the engine's describer asks for.
// 3. pglite-prisma-adapter does not await the script it executes (errors vanish) and opens
//    shadow databases it never closes (the process hangs) and that lack btree_gist.
import {
  ColumnTypeEnum,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlQueryable,
  type SqlResultSet,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type pg from "pg";

import { openPGlite } from "../lib/embedded-postgres";

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/** Per query: the result columns that were "char", so queryRaw can declare them Character. */
const charColumns = new WeakMap<SqlQuery, number[]>();

/** Migration adapter over a `pg` pool (real PostgreSQL, or PGlite behind the socket server). */
export class PgMigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "@prisma/adapter-pg";
  private readonly inner: PrismaPg;

  constructor(private readonly pool: pg.Pool) {
    this.inner = new PrismaPg(pool);
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await this.inner.connect();
    readCharColumns(adapter);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const tx: Transaction = await startTransaction(isolationLevel);
      readCharColumns(tx);
      return tx;
    };
    adapter.executeScript = (script) => runScriptOnOneConnection(this.pool, script);
    return adapter;
  }

  connectToShadowDb(): Promise<SqlDriverAdapter> {
    // Applying migrations never needs one; new migrations are diffed on in-memory PGlite.
    return Promise.reject(new Error("no shadow database on a live server: create migrations with npm run db:migration"));
  }
}

async function runScriptOnOneConnection(pool: pg.Pool, script: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(script);
  } catch (error) {
    throw toDriverAdapterError(error);
  } finally {
    client.release();
  }
}

interface PgQueryableInternals {
  // adapter-pg's queryRaw runs the query through performIO, then maps each field's type OID.
  performIO?: (query: SqlQuery) => Promise<pg.QueryArrayResult>;
  queryRaw(query: SqlQuery): Promise<SqlResultSet>;
}

function readCharColumns(queryable: SqlQueryable): void {
  const target = queryable as unknown as PgQueryableInternals;
  const performIO = target.performIO;
  if (typeof performIO !== "function") {
    // Fail loudly if a new adapter-pg moves this, rather than silently losing the fix.
    throw new Error("@prisma/adapter-pg internals changed (performIO): update scripts/db/migration-adapters.ts");
  }
  target.performIO = async function (this: unknown, query: SqlQuery) {
    const result = await performIO.call(this, query);
    const columns: number[] = [];
    result.fields.forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        columns.push(index);
      }
    });
    if (columns.length > 0) charColumns.set(query, columns);
    return result;
  };
  const queryRaw = target.queryRaw;
  target.queryRaw = async function (this: unknown, query: SqlQuery) {
    const resultSet = await queryRaw.call(this, query);
    for (const index of charColumns.get(query) ?? []) resultSet.columnTypes[index] = ColumnTypeEnum.Character;
    charColumns.delete(query);
    return resultSet;
  };
}

/**
 * Migration adapter over an in-process PGlite. Shadow databases are fresh in-memory PGlite
 * instances with the same extensions; all of them are closed by `close()`.
 */
export class PGliteMigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "pglite-prisma-adapter";
  private readonly shadows = new Set<PGlite>();

  constructor(private readonly db: PGlite) {}

  async connect(): Promise<SqlDriverAdapter> {
    return awaitScripts(await new PrismaPGlite(this.db).connect(), this.db);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadow = await openPGlite();
    this.shadows.add(shadow);
    const adapter = awaitScripts(await new PrismaPGlite(shadow).connect(), shadow);
    adapter.dispose = async () => {
      if (this.shadows.delete(shadow)) await shadow.close();
    };
    return adapter;
  }

  async close(): Promise<void> {
    const open = [...this.shadows];
    this.shadows.clear();
    await Promise.all(open.map((shadow) => shadow.close()));
  }
}

function awaitScripts(adapter: SqlDriverAdapter, db: PGlite): SqlDriverAdapter {
  adapter.executeScript = async (script) => {
    try {
      await db.exec(script);
    } catch (error) {
      throw toDriverAdapterError(error);
    }
  };
  return adapter;
}

interface PostgresErrorFields {
  code?: unknown;
  severity?: unknown;
  message?: unknown;
  detail?: unknown;
  column?: unknown;
  hint?: unknown;
}

function toDriverAdapterError(error: unknown): unknown {
  const e = error as PostgresErrorFields;
  // Only server errors carry a severity; connection errors (ECONNREFUSED, ...) pass through.
  if (!error || typeof e.code !== "string" || typeof e.severity !== "string" || typeof e.message !== "string") {
    return error;
  }
  return new DriverAdapterError({
    kind: "postgres",
    code: e.code,
    severity: e.severity,
    message: e.message,
    detail: typeof e.detail === "string" ? e.detail : undefined,
    column: typeof e.column === "string" ? e.column : undefined,
    hint: typeof e.hint === "string" ? e.hint : undefined,
  });
}
