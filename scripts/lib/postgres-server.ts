// The machine's own PostgreSQL server (Debian's packages: /usr/lib/postgresql/<version>/bin),
// which CI installs: where its binaries are, how a cluster is initialised and told to listen,
// and a throwaway cluster on loopback for the end-to-end suite (scripts/lib/services.ts). The
// cluster test starts its database on a test host from the same pieces (scripts/cluster/engines.ts).
//
// PostgreSQL refuses to run as root, and CI runs as root: there, initdb and the server run as
// the `postgres` user the package creates, and the data directory is theirs.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";

/** The newest installed server's bin directory, or null when no PostgreSQL server is installed. */
export function postgresBinDir(root = "/usr/lib/postgresql"): string | null {
  if (!existsSync(root)) return null;
  const version = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")) && existsSync(join(root, v, "bin", "postgres")))
    .sort((a, b) => Number(a) - Number(b))
    .pop();
  return version ? join(root, version, "bin") : null;
}

/** initdb's arguments: superuser `postgres`, trust authentication (test clusters only). */
export const initdbArgs = (dataDir: string) => ["-D", dataDir, "-A", "trust", "-U", "postgres"];

/** The server's settings: TCP on one address only, the unix socket in `socketDir` (never /var/run). */
export const listenArgs = (o: { host: string; port: number; socketDir: string }) => [
  "-c",
  `listen_addresses=${o.host}`,
  "-p",
  String(o.port),
  "-k",
  o.socketDir,
];

export interface ThrowawayPostgres {
  /** postgresql:// URL of its `bedside` database. */
  url: string;
  dataDir: string;
  /** e.g. "PostgreSQL 15" */
  version: string;
  /** Stops the server (fast shutdown) and removes the data directory. */
  stop(): Promise<void>;
}

export interface ThrowawayPostgresOptions {
  pgBin: string;
  /** Preferred home of the data directory; a temporary one when the server's user cannot reach it. */
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}

/**
 * A fresh cluster on 127.0.0.1 for one run: initdb, the server as a child of this process (in
 * its process group, so a run killed outright takes it along), an empty `bedside` database.
 */
export async function startThrowawayPostgres(opts: ThrowawayPostgresOptions): Promise<ThrowawayPostgres> {
  const log = opts.log ?? (() => undefined);
  const owner = process.getuid?.() === 0 ? postgresAccount() : undefined;
  const dataDir = usableDataDir(resolve(opts.dataDir), opts.port, owner);
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  let child: ChildProcess | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    if (owner) chownSync(dataDir, owner.uid, owner.gid);
    chmodSync(dataDir, 0o700);
    execFileSync(join(opts.pgBin, "initdb"), initdbArgs(dataDir), { ...owner, stdio: ["ignore", "ignore", "pipe"] });
    const logFd = openSync(join(dataDir, "server.log"), "a");
    child = spawn(
      join(opts.pgBin, "postgres"),
      [
        "-D",
        dataDir,
        ...listenArgs({ host: "127.0.0.1", port: opts.port, socketDir: dataDir }),
        // A throwaway cluster: nothing here must survive a power cut, so no flushes to disk
        // (what the app sees — locking, isolation, constraints, triggers — is unchanged).
        "-c",
        "fsync=off",
        "-c",
        "full_page_writes=off",
        "-c",
        "synchronous_commit=off",
      ],
      { ...owner, stdio: ["ignore", logFd, logFd] },
    );
    closeSync(logFd);
    const server = child;
    const url = `postgresql://postgres@127.0.0.1:${opts.port}/bedside`;
    await waitForServer(`postgresql://postgres@127.0.0.1:${opts.port}/postgres`, server, dataDir);
    const version = await withClient(`postgresql://postgres@127.0.0.1:${opts.port}/postgres`, async (c) => {
      await c.query("CREATE DATABASE bedside");
      const { rows } = await c.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      return `PostgreSQL ${rows[0]!.v.split(" ")[0]}`;
    });
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        await stopServer(server);
        removeDataDir();
        log(`database: stopped ${version} and removed ${dataDir}`);
      })());
    return { url, dataDir, version, stop };
  } catch (error) {
    if (child) await stopServer(child);
    const serverLog = readLogTail(dataDir);
    removeDataDir();
    throw new Error(`PostgreSQL did not start in ${dataDir}: ${describe(error)}${serverLog ? `\n${serverLog}` : ""}`);
  }
}

function postgresAccount(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    throw new Error("PostgreSQL's server binaries are installed but there is no `postgres` user to run them as.");
  }
}

/**
 * `preferred` when the server's user can reach it and its socket path fits (107 bytes), else a
 * temporary directory (a checkout under /root is closed to other users).
 */
function usableDataDir(preferred: string, port: number, owner?: { uid: number; gid: number }): string {
  const fits = Buffer.byteLength(join(preferred, `.s.PGSQL.${port}`)) <= 100;
  if (fits && (!owner || reachableBy(owner, resolve(preferred, "..")))) return preferred;
  return mkdtempSync(join(tmpdir(), "bedside-e2e-pg-"));
}

function reachableBy(owner: { uid: number; gid: number }, dir: string): boolean {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync("test", ["-x", dir], { uid: owner.uid, gid: owner.gid, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function waitForServer(url: string, server: ChildProcess, dataDir: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`the server exited (${server.exitCode ?? server.signalCode})`);
    try {
      await withClient(url, (c) => c.query("SELECT 1"));
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`no answer within 30 s from ${dataDir}: ${describe(error)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** SIGINT is PostgreSQL's fast shutdown: clients are disconnected, nothing is waited for. */
async function stopServer(server: ChildProcess) {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((done) => server.once("exit", () => done()));
  server.kill("SIGINT");
  const force = setTimeout(() => server.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(force);
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function readLogTail(dataDir: string): string {
  try {
    return readFileSync(join(dataDir, "server.log"), "utf8").trim().split("\n").slice(-20).join("\n");
  } catch {
    return "";
  }
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
