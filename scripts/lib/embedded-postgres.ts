// Embedded PostgreSQL for development and tests: PGlite (PostgreSQL compiled to WebAssembly)
// keeping its data in a directory and served over the PostgreSQL wire protocol, so the app,
// `pg`, Prisma's adapter and the migrator all connect to it exactly as to a real server.
//
// Why it is shaped like this:
// - PGlite is one backend process. @electric-sql/pglite-socket multiplexes several client
//   connections onto it and holds other clients back while one is inside a transaction
//   block, so transactions stay isolated; they still run one statement at a time, so keep
//   the app's pool small in embedded mode.
// - PGlite does not lock its data directory against a second process, and it ignores the
//   postmaster.pid a killed run leaves behind (a crashed run is simply recovered from WAL on
//   the next start). Two processes on one directory would corrupt it, so we keep our own
//   lock file next to the directory, holding the owner's pid, and take over a lock whose
//   owner is dead.
// - An open PGlite keeps the Node process alive, so stop() always closes it.
import { mkdir, open, readFile, rm } from "node:fs/promises";
import { dirname, resolve } from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export const DEFAULT_EMBEDDED_DATA_DIR = ".data/pglite";
export { embeddedDatabaseSettings } from "./embedded-postgres-limits";

export interface EmbeddedPostgresOptions {
  /** Where PGlite keeps its files. Relative paths resolve against the working directory. */
  dataDir?: string;
  /** TCP port; 0 (the default) lets the OS pick a free one — read it back from `url`/`port`. */
  port?: number;
  /** Only loopback is allowed: Bedside's machines never listen beyond it. */
  host?: "127.0.0.1";
  /** Concurrent client connections the socket server accepts. */
  maxConnections?: number;
  log?: (message: string) => void;
}

export interface EmbeddedPostgres {
  /** postgresql:// URL for DATABASE_URL. */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Opens PGlite with the contrib extensions the migrations need (btree_gist for the
 * no-double-booking exclusion constraint). `dataDir` undefined means in memory.
 */
export async function openPGlite(dataDir?: string): Promise<PGlite> {
  return PGlite.create({ dataDir, extensions: { btree_gist } });
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const host = options.host ?? "127.0.0.1";
  if (host !== "127.0.0.1") {
    throw new Error(`embedded PostgreSQL listens on 127.0.0.1 only (asked for ${String(host)})`);
  }
  const log = options.log ?? (() => {});
  const dataDir = resolve(options.dataDir ?? DEFAULT_EMBEDDED_DATA_DIR);
  await mkdir(dirname(dataDir), { recursive: true });

  const lock = await acquireDataDirLock(dataDir, log);
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await openPGlite(dataDir);
    server = new PGLiteSocketServer({
      db: oneExtendedQueryAtATime(db),
      host,
      port: options.port ?? 0,
      maxConnections: options.maxConnections ?? 16,
    });
    await server.start();
  } catch (error) {
    await db?.close().catch(() => {});
    await lock.release();
    throw describeStartError(error, options.port);
  }

  const port = Number(server.getServerConn().split(":").pop());
  await lock.write(port);
  log(`embedded PostgreSQL (PGlite) on 127.0.0.1:${port}, data in ${dataDir}`);

  let stopping: Promise<void> | undefined;
  const runningServer = server;
  const runningDb = db;
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    port,
    dataDir,
    stop() {
      stopping ??= (async () => {
        await runningServer.stop();
        // stop() detaches client handlers without awaiting them; a handler whose client was
        // inside a transaction rolls it back on the way out. Let that finish before closing.
        await new Promise((done) => setImmediate(done));
        try {
          if (runningDb.isInTransaction()) await runningDb.exec("ROLLBACK").catch(() => {});
          await runningDb.close();
        } finally {
          await lock.release();
        }
        log("embedded PostgreSQL stopped");
      })();
      return stopping;
    },
  };
}

// Frontend message types (PostgreSQL protocol) of the extended query protocol.
const EXTENDED = new Set([0x50 /* Parse */, 0x42 /* Bind */, 0x44 /* Describe */, 0x45 /* Execute */, 0x43 /* Close */, 0x48 /* Flush */]);
const SYNC = 0x53;
const QUERY = 0x51;

/**
 * pglite-socket queues clients' messages one by one and keeps other clients out only while
 * one is inside a transaction block. An extended-protocol query (Parse, Bind, Execute, Sync:
 * every parameterised query node-postgres and Prisma send) is several messages sharing one
 * unnamed statement, so two clients' queries interleaved and bound each other's parameters
 * ("bind message supplies 4 parameters, but prepared statement \"\" requires 3", or values
 * landing in the wrong columns). The queue asks `isInTransaction()` to decide; answering
 * "yes" from a client's first extended message until its Sync keeps each query whole.
 */
export function oneExtendedQueryAtATime(db: PGlite): PGlite {
  let midQuery = false;
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "isInTransaction") return () => midQuery || target.isInTransaction();
      if (prop === "execProtocolRawStream") {
        return async (message: Uint8Array, options: Parameters<PGlite["execProtocolRawStream"]>[1]) => {
          const type = message[0] ?? 0;
          try {
            return await target.execProtocolRawStream(message, options);
          } finally {
            if (EXTENDED.has(type)) midQuery = true;
            else if (type === SYNC || type === QUERY) midQuery = false;
          }
        };
      }
      if (prop === "exec") {
        // The queue rolls back after a client vanished mid-query: nothing is in flight any more.
        return (...args: Parameters<PGlite["exec"]>) => {
          midQuery = false;
          return target.exec(...args);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

interface DataDirLock {
  write(port: number): Promise<void>;
  release(): Promise<void>;
}

async function acquireDataDirLock(dataDir: string, log: (message: string) => void): Promise<DataDirLock> {
  const path = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      await handle.close();
      return {
        async write(port) {
          const body = { pid: process.pid, port, startedAt: new Date().toISOString() };
          const h = await open(path, "w");
          await h.writeFile(JSON.stringify(body));
          await h.close();
        },
        async release() {
          await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = await readLock(path);
    if (owner && owner.pid !== process.pid && isAlive(owner.pid)) {
      const where = owner.port ? ` on port ${owner.port}` : "";
      throw new Error(
        `embedded PostgreSQL data directory ${dataDir} is in use by process ${owner.pid}${where}. ` + `Stop that process, or pass another dataDir.`,
      );
    }
    log(`removing stale lock ${path} left by a previous run (pid ${owner?.pid ?? "unknown"})`);
    await rm(path, { force: true });
  }
  throw new Error(`could not lock ${dataDir}: another process keeps recreating ${path}`);
}

async function readLock(path: string): Promise<{ pid: number; port?: number } | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, "utf8"));
    if (parsed && typeof parsed === "object" && typeof (parsed as { pid?: unknown }).pid === "number") {
      return parsed as { pid: number; port?: number };
    }
  } catch {
    // Unreadable or half-written lock: its writer died mid-write, so it is stale.
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function describeStartError(error: unknown, port: number | undefined): Error {
  if ((error as NodeJS.ErrnoException)?.code === "EADDRINUSE") {
    return new Error(`embedded PostgreSQL cannot listen on 127.0.0.1:${port}: the port is in use`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}
