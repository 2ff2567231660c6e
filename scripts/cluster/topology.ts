// The cluster harness's test hosts and the engines on them (scripts/cluster/run.sh builds
// the network; up.ts starts the engines; the specs drive and break them). Everything here
// runs on the hosts' private /24 only.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

export const SUBNET = "10.213.0";
export const HOSTS = {
  db: `${SUBNET}.10`,
  redis: `${SUBNET}.11`,
  "sk-a": `${SUBNET}.21`,
  "sk-b": `${SUBNET}.22`,
  "app-a": `${SUBNET}.31`,
  "app-b": `${SUBNET}.32`,
  lb: `${SUBNET}.40`,
  "lk-a": `${SUBNET}.51`,
  "lk-b": `${SUBNET}.52`,
  client: `${SUBNET}.100`,
} as const;
export type HostName = keyof typeof HOSTS;

export const APP_PORT = 3000;
export const SOKETI_PORT = 6001;
export const LIVEKIT_PORT = 7880;
export const REDIS_PORT = 6379;
export const PG_PORT = 5432;
export const EMAIL_PORT = 8025;

/** The public names browsers use; each browser maps them to the hosts it is pinned to. */
export const PUBLIC = { app: "app.bedside.test", realtime: "realtime.bedside.test", livekit: "livekit.bedside.test" } as const;
export const APP_URL = `http://${PUBLIC.app}:${APP_PORT}`;

export const PUSHER = { appId: "bedside-cluster", key: "bedside-cluster-key", secret: "cluster-pusher-secret-0123456789" };
export const LIVEKIT = { apiKey: "bedside-cluster", apiSecret: "cluster-livekit-secret-0123456789abcdef" };
export const AUTH_SECRET = "cluster-auth-secret-0123456789abcdef0123456789";
export const DATABASE_URL = `postgresql://postgres@${HOSTS.db}:${PG_PORT}/bedside`;

export function clusterEnv() {
  const prefix = process.env.CLUSTER_PREFIX;
  const runDir = process.env.CLUSTER_RUN_DIR;
  if (!prefix || !runDir) throw new Error("Run the cluster specs through `npm run test:cluster` (scripts/cluster/run.sh builds the hosts).");
  return { prefix, runDir, livekitBin: process.env.CLUSTER_LIVEKIT_BIN ?? resolve(".cache/livekit/v1.13.5/livekit-server") };
}

export const ns = (host: HostName) => `${clusterEnv().prefix}-${host}`;

/** Runs a command on a host and waits for it (throws with its output on failure). */
export function onHost(host: HostName, command: string[], opts: { env?: NodeJS.ProcessEnv } = {}): string {
  return execFileSync("ip", ["netns", "exec", ns(host), ...command], { encoding: "utf8", env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
}

/** Starts a long-running process on a host; its output goes to <run dir>/<log>.log. `ip netns exec` execs it, so the PID is the engine's. */
export function startOnHost(host: HostName, log: string, command: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const fd = openSync(resolve(clusterEnv().runDir, `${log}.log`), "a");
  const child = spawn("ip", ["netns", "exec", ns(host), ...command], { env, stdio: ["ignore", fd, fd], detached: true });
  closeSync(fd);
  child.unref();
  return child;
}

export function logOf(name: string): string {
  const file = resolve(clusterEnv().runDir, `${name}.log`);
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

// What global setup started, for the specs (they run in other processes).
export interface Runtime {
  pids: Record<string, number>;
  pgData: string;
  pgBin: string;
}
const runtimeFile = () => resolve(clusterEnv().runDir, "runtime.json");
export const writeRuntime = (r: Runtime) => writeFileSync(runtimeFile(), JSON.stringify(r, null, 2));
export const readRuntime = (): Runtime => JSON.parse(readFileSync(runtimeFile(), "utf8")) as Runtime;
export const updateRuntime = (change: (r: Runtime) => void) => {
  const r = readRuntime();
  change(r);
  writeRuntime(r);
};

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 60_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${String(last)})` : ""}`);
}
