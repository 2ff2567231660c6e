// Shared by the benchmarks: ports, percentiles, the production server (scripts/serve.ts on the
// existing build) in its own process, sign-in, and the results table with budgets.
// Everything listens on 127.0.0.1 and is stopped by the caller.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { freePort } from "../../scripts/lib/free-port";
import { NEXT_START_NODE_FLAGS } from "../../scripts/lib/node-flags";
import { productionServerArgs } from "../../scripts/lib/production-server";

/** server/* is marked server-only; outside Next that needs the react-server export condition. */
export function ensureReactServerCondition(): void {
  if (process.execArgv.some((arg) => arg.includes("react-server"))) return;
  const rerun = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(rerun.status ?? 1);
}

export { freePort };

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface ChildHandle {
  process: ChildProcess;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
// A benchmark that fails half-way must not leave servers behind.
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

const cleanups: (() => Promise<void>)[] = [];
/** Runs when the bench fails or is stopped (drop its database, …); best effort. */
export function onFailure(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}
async function fail(reason: unknown): Promise<never> {
  if (reason) console.error(reason);
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await Promise.allSettled(cleanups.map((c) => c()));
  process.exit(1);
}
process.on("uncaughtException", (e) => void fail(e));
process.on("unhandledRejection", (e) => void fail(e));
process.on("SIGTERM", () => void fail(null));
process.on("SIGINT", () => void fail(null));

function handle(child: ChildProcess): ChildHandle {
  children.add(child);
  return {
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}

/** Which production server: `serve` is the product (scripts/serve.ts, as `npm start`); `next-start` is plain `next start`, for A/B runs. */
export type ServerKind = "serve" | "next-start";

export function parseServerKinds(list: string): ServerKind[] {
  const kinds = list.split(",").map((k) => k.trim());
  for (const k of kinds) if (k !== "serve" && k !== "next-start") throw new Error(`--servers: unknown server ${k} (serve, next-start)`);
  return kinds as ServerKind[];
}

/**
 * The production build, as `npm start` serves it (scripts/lib/production-server.ts, with its Node
 * flags), on its own process. `nodeFlags` replaces those flags (benches comparing settings);
 * `kind: "next-start"` runs plain `next start` instead (the server before issue 16's fast path).
 */
export async function startProductionServer(
  env: NodeJS.ProcessEnv,
  nodeFlags: readonly string[] = NEXT_START_NODE_FLAGS,
  kind: ServerKind = "serve",
  /** Another project directory holding a build (the server runs there), e.g. a copy of an older build. */
  dir = ".",
): Promise<ChildHandle & { url: string }> {
  if (!existsSync(`${dir}/.next/BUILD_ID`)) throw new Error(`No production build in ${dir}: run \`npm run build\` first.`);
  const port = await freePort();
  const url = `http://localhost:${port}`;
  // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the server (written when it stops), for
  // bench/lib/profile-summary.ts.
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // BENCH_TRACE=<dir>: a timeline of each device post, GC pauses and stalls (bench/lib/trace-server.mjs).
  const trace = process.env.BENCH_TRACE ? ["--import", new URL("./trace-server.mjs", import.meta.url).href] : [];
  const flags = [...nodeFlags, ...profile, ...trace];
  const args =
    kind === "serve"
      ? productionServerArgs({ port, hostname: "127.0.0.1", nodeFlags: flags })
      : [...flags, "node_modules/next/dist/bin/next", "start", "--port", String(port), "--hostname", "127.0.0.1"];
  const child = spawn(process.execPath, args, {
    cwd: dir,
    env: {
      ...env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      APP_URL: url,
      PORT: String(port),
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const h = handle(child);
  await Promise.race([waitForHttp(`${url}/signin`), new Promise((_, reject) => child.once("exit", (code) => reject(new Error(`${kind} exited (${code})`))))]);
  return { ...h, url };
}

/** A node script (run with tsx) on its own process; resolves once it prints "ready". */
export async function startScript(path: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildHandle & { ready: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", ...process.execArgv.filter((a) => a.startsWith("--conditions")), path, ...args], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const h = handle(child);
  const ready = await new Promise<string>((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (c: Buffer) => {
      buffer += c.toString("utf8");
      const line = buffer.split("\n").find((l) => l.startsWith("ready"));
      if (line) resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`${path} exited (${code})`)));
  });
  child.stdout!.resume();
  return { ...h, ready };
}

/** Signs in with a password as the sign-in form does; returns the Cookie header to send. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  keep(csrf);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/" }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in as ${email} failed (${res.status})`);
  return [...jar]
    .filter(([k]) => k.includes("session-token"))
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");
}

export interface Row {
  name: string;
  baseline: string;
  bedside: string;
  ratio: string;
  budget: string;
  met: boolean;
}

export function printTable(title: string, rows: Row[]): boolean {
  const head: Row = { name: "measure", baseline: "baseline", bedside: "Bedside", ratio: "ratio", budget: "budget", met: true };
  const cols: (keyof Omit<Row, "met">)[] = ["name", "baseline", "bedside", "ratio", "budget"];
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(...[head, ...rows].map((r) => r[c].length))])) as Record<string, number>;
  const line = (r: Row, met: string) => `| ${cols.map((c) => r[c].padEnd(width[c]!)).join(" | ")} | ${met.padEnd(4)} |`;
  console.log(`\n${title}`);
  console.log(line(head, "met"));
  console.log(`|${cols.map((c) => "-".repeat(width[c]! + 2)).join("|")}|------|`);
  for (const r of rows) console.log(line(r, r.met ? "yes" : "NO"));
  return rows.every((r) => r.met);
}
