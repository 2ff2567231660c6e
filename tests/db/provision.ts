// A migrated, empty database for integration tests (vitest globalSetup calls this).
//
// - TEST_DATABASE_URL set (a real PostgreSQL server, e.g.
//   postgresql://postgres@127.0.0.1:5432/postgres): a uniquely named database is created on
//   that server, migrated, and dropped on teardown. The URL's user needs CREATEDB.
// - Otherwise: embedded PGlite in a fresh temporary directory on a free loopback port,
//   migrated, then stopped and deleted on teardown.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import pg from "pg";

import { applyMigrations } from "../../scripts/db/migrate";
import { startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";

export interface TestDatabase {
  /** postgresql:// URL of the migrated, empty database. */
  url: string;
  /** "postgres" when on TEST_DATABASE_URL's server, "pglite" when embedded. */
  kind: "postgres" | "pglite";
  teardown(): Promise<void>;
}

export interface ProvisionOptions {
  /** A real server to create the database on; defaults to TEST_DATABASE_URL. */
  serverUrl?: string;
  log?: (line: string) => void;
}

export async function provisionTestDatabase(options: ProvisionOptions = {}): Promise<TestDatabase> {
  const serverUrl = options.serverUrl ?? process.env.TEST_DATABASE_URL;
  const log = options.log ?? (() => {});
  return serverUrl ? provisionOnServer(serverUrl, log) : provisionEmbedded(log);
}

async function provisionOnServer(serverUrl: string, log: (line: string) => void): Promise<TestDatabase> {
  const name = `bedside_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = withDatabase(serverUrl, name);
  const teardown = once(async () => {
    // FORCE (PostgreSQL 13+) ends connections a test forgot to close.
    await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    log(`dropped test database ${name}`);
  });
  try {
    await applyMigrations({ url, log });
  } catch (error) {
    await teardown();
    throw error;
  }
  log(`test database ${name} ready`);
  return { url, kind: "postgres", teardown };
}

async function provisionEmbedded(log: (line: string) => void): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), "bedside-test-db-"));
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  const teardown = once(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
    log(`removed embedded test database ${dir}`);
  });
  try {
    server = await startEmbeddedPostgres({ dataDir: join(dir, "pgdata"), port: 0, log });
    await applyMigrations({ url: server.url, log });
  } catch (error) {
    await teardown();
    throw error;
  }
  return { url: server.url, kind: "pglite", teardown };
}

async function withAdminClient<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
