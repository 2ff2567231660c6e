// The e2e suite's own PostgreSQL cluster (scripts/lib/postgres-server.ts), on a machine with
// PostgreSQL's server installed (CI installs it; without it the suite runs on PGlite and this
// file has nothing to start). What the suite relies on: a real server, so transactions on
// several connections run side by side (PGlite holds every other client back while one is
// in a transaction); loopback only; run as `postgres` when we are root; gone after stop().
import { statSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/free-port";
import { postgresBinDir, startThrowawayPostgres, type ThrowawayPostgres } from "../../scripts/lib/postgres-server";

const pgBin = postgresBinDir();
let parent: string;
let server: ThrowawayPostgres;
const clients: pg.Client[] = [];

async function connect(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

describe.skipIf(!pgBin)("a throwaway PostgreSQL cluster for the e2e suite", () => {
  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), "bedside-throwaway-test-"));
    server = await startThrowawayPostgres({ pgBin: pgBin!, dataDir: join(parent, "pg"), port: await freePort() });
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    await server?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  it("is a real server listening on 127.0.0.1 only, its socket in its data directory, owned by postgres under root", async () => {
    const c = await connect(server.url);
    const setting = async (name: string) => (await c.query<{ v: string }>(`SELECT current_setting('${name}') AS v`)).rows[0]!.v;
    expect(await setting("listen_addresses")).toBe("127.0.0.1");
    expect(await setting("unix_socket_directories")).toBe(server.dataDir);
    expect(server.version).toMatch(/^PostgreSQL \d+/);
    if (process.getuid?.() === 0) expect(statSync(server.dataDir).uid, "data directory owner").not.toBe(0);
  });

  it("runs a second connection's transaction while the first is still open (PGlite would hold it back)", async () => {
    const [first, second] = [await connect(server.url), await connect(server.url)];
    await first.query("BEGIN");
    await first.query("CREATE TABLE held (id int)");
    const other = (async () => {
      await second.query("BEGIN");
      await second.query("CREATE TABLE alongside (id int)");
      await second.query("COMMIT");
      return "committed";
    })();
    const outcome = await Promise.race([other, new Promise((done) => setTimeout(() => done("held back"), 20_000))]);
    await first.query("COMMIT");
    expect(outcome).toBe("committed");
  });

  it("stops and leaves nothing behind", async () => {
    for (const c of clients.splice(0)) await c.end();
    const { dataDir, url } = server;
    expect(existsSync(dataDir)).toBe(true);
    await server.stop();
    expect(existsSync(dataDir)).toBe(false);
    await expect(connect(url)).rejects.toThrow(/ECONNREFUSED/);
  });
});
