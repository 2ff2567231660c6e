// Live vitals end to end, three ways in the same run, interleaved round by round:
//   Bedside: POST /api/vitals on the production server (`next build` + `next start`): token,
//            rate limit, validation, one transaction storing, scoring NEWS2, evaluating alerts
//            and auditing → publish after commit → soketi → pusher-js
//   bare:    node:http + pg + pusher SDK doing the same INSERT (with its sequence number) and
//            the same trigger (bench/vitals/bare-server.ts)
//   raw:     the pusher SDK's trigger() of a same-sized payload → soketi → pusher-js
// soketi, each server, the pusher-js subscriber and this load generator are separate
// processes. Load is open-loop: reading i is due at start + i/rate whatever the answers do,
// and latency runs from that scheduled time to pusher-js receipt (so a generator or server
// falling behind shows). A refused or failed post is resent with the same idempotency keys,
// as devices do; lost = sent − received after a bounded drain.
//
//   npm run build && TEST_DATABASE_URL=postgresql://… npx tsx bench/vitals/ingest.ts \
//     [--rates 100,500] [--batches 1,10] [--seconds 4] [--rounds 3] [--patients 100] \
//     [--node-flags "<flags A>|<flags B>"] [--servers serve,next-start] [--builds "<dir A>|<dir B>"]
//
// --servers runs one production server per kind (`serve`: scripts/serve.ts, what `npm start`
// runs; `next-start`: plain `next start`, the server before the node:http fast path), each
// with its own patients, interleaved round by round like --node-flags (an A/B in one run).
// --builds "<dir A>|<dir B>" runs the servers in each project directory holding a build (a
// checkout of an older commit with its build and a node_modules link, say), interleaved the
// same way; "<dir> KEY=value …" gives that server settings of its own (a pool size, say). Each server counts its realtime publish requests and connections to soketi
// (bench/lib/count-publishes.mjs), reported per stored reading.
// --node-flags runs one `next start` per set of Node flags (instead of the production server's
// own, scripts/lib/node-flags.ts), each with its own patients, interleaved with the others
// round by round; an empty set is Node's defaults, and KEY=value words in a set are that
// server's own settings, as with --builds. BENCH_TRACE=<dir> writes every reading's
// scheduled, sent, answered and received times per phase (JSON lines) for a tail analysis
// (BENCH_TRACE_LIGHT=1: the servers' side without pool waits and statements, bench/lib/trace-server.mjs).
// Server CPU and the database's CPU (its backends on the bench database) per stored reading
// are read from /proc: both compete for the same cores.
//
// Budgets (exit 1 when missed), at each rate with single readings: Bedside stores ≥ 98 % of
// the offered rate, loses nothing, answers no 503, and its p99 ≤ raw soketi p99 + 25 ms.
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { embeddedDatabaseSettings } from "../../scripts/lib/embedded-postgres-limits";
import { NEXT_START_NODE_FLAGS } from "../../scripts/lib/node-flags";
import {
  ensureReactServerCondition,
  onFailure,
  freePort,
  median,
  parseServerKinds,
  percentile,
  printTable,
  startProductionServer,
  startScript,
  type Row,
  type ServerKind,
} from "../lib/harness";

ensureReactServerCondition();

const { values: args } = parseArgs({
  options: {
    rates: { type: "string", default: "100,500" },
    batches: { type: "string", default: "1,10" },
    seconds: { type: "string", default: "4" },
    rounds: { type: "string", default: "3" },
    patients: { type: "string", default: "100" },
    "node-flags": { type: "string" },
    servers: { type: "string", default: "serve" },
    builds: { type: "string" },
  },
});
const SERVERS = parseServerKinds(args.servers);
/** Settings for one server, from "KEY=value" words. */
const settingsOf = (words: string[]) => Object.fromEntries(words.map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
// A --builds entry may name settings for that server after its directory: "<dir> KEY=value …".
const FLAG_SETS: { label: string; flags: string[] | undefined; dir?: string; env?: Record<string, string> }[] =
  args.builds !== undefined
    ? args.builds.split("|").map((entry) => {
        const [dir, ...settings] = entry.trim().split(/\s+/);
        return { label: entry.trim(), flags: undefined, dir: dir!, env: settingsOf(settings) };
      })
    : args["node-flags"] === undefined
      ? [{ label: "", flags: undefined }]
      : args["node-flags"].split("|").map((set) => {
          // A set may also give that server settings of its own: "--flag … KEY=value …".
          const words = set.trim().split(/\s+/).filter(Boolean);
          const flags = words.filter((w) => !/^[A-Z][A-Z0-9_]*=/.test(w));
          return { label: words.length ? words.join(" ") : "no flags", flags, env: settingsOf(words.filter((w) => !flags.includes(w))) };
        });
const VARIANTS: { label: string; flags: string[] | undefined; dir?: string; env?: Record<string, string>; server: ServerKind }[] = SERVERS.flatMap((server) =>
  FLAG_SETS.map((set) => ({ ...set, server, label: [SERVERS.length > 1 ? server : "", set.label].filter(Boolean).join(" ") })),
);
const TRACE_DIR = process.env.BENCH_TRACE;
const RATES = args.rates
  .split(",")
  .map(Number)
  .filter((r) => r > 0 && r <= 2000);
const BATCHES = args.batches
  .split(",")
  .map(Number)
  .filter((b) => b >= 1 && b <= 100);
const SECONDS = Math.min(30, Math.max(1, Number(args.seconds)));
const ROUNDS = Math.min(9, Math.max(1, Number(args.rounds)));
const PATIENTS = Math.min(1000, Math.max(1, Number(args.patients)));
const DRAIN_MS = 10_000;
const POOL = 10;
const P99_MARGIN_MS = 25;
const pusherApp = { appId: "bench", key: "bench-key", secret: `bench-secret-${randomBytes(8).toString("hex")}` };
const wall = () => performance.timeOrigin + performance.now();

const { provisionTestDatabase } = await import("@/tests/db/provision");
const database = await provisionTestDatabase();
onFailure(() => database.teardown());
const soketiPort = await freePort();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: database.url,
  DATABASE_POOL_SIZE: database.kind === "pglite" ? "1" : String(POOL),
  ...(database.kind === "pglite" ? embeddedDatabaseSettings(process.env) : {}),
  PUSHER_HOST: "127.0.0.1",
  PUSHER_PORT: String(soketiPort),
  PUSHER_USE_TLS: "false",
  PUSHER_APP_ID: pusherApp.appId,
  PUSHER_KEY: pusherApp.key,
  PUSHER_SECRET: pusherApp.secret,
  LOG_LEVEL: "warn",
  SCHEDULER_IN_PROCESS: "false",
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  // The bench measures the path, not the per-device limit (which still runs on every post).
  VITALS_DEVICE_RATE_LIMIT_PER_MINUTE: "1000000",
};
delete env.PUSHER_CLUSTER;
Object.assign(process.env, env);

const [{ default: Pusher }, { db }, { newDeviceToken }, { simulateReading, seededRandom }, { patientChannel }] = await Promise.all([
  import("pusher"),
  import("@/server/db"),
  import("@/server/vitals/device-token-secret"),
  import("@/scripts/lib/vitals-scenarios"),
  import("@/lib/realtime/channels"),
]);

const soketi = await startScript(
  new URL("../lib/soketi-server.ts", import.meta.url).pathname,
  [String(soketiPort), pusherApp.appId, pusherApp.key, pusherApp.secret],
  env,
);

// ─── patients, devices ───
const clinician = await db.user.create({ data: { email: `bench-${randomBytes(4).toString("hex")}@bench.local`, role: "CLINICIAN", name: "Bench" } });
type Fleet = { patientId: string; token: string }[];
async function seedFleet(): Promise<Fleet> {
  const devices: Fleet = [];
  for (let i = 0; i < PATIENTS; i++) {
    const patient = await db.patient.create({
      data: {
        mrn: `BENCH-${i}-${randomBytes(3).toString("hex")}`,
        givenName: "Bench",
        familyName: `P${i}`,
        dateOfBirth: new Date("1960-01-01"),
        sex: "UNKNOWN",
        careTeam: { create: { clinicianId: clinician.id } },
      },
    });
    const secret = newDeviceToken();
    await db.deviceToken.create({
      data: { patientId: patient.id, name: "bench", tokenHash: secret.tokenHash, prefix: secret.prefix, createdById: clinician.id },
    });
    devices.push({ patientId: patient.id, token: secret.token });
  }
  return devices;
}
const fleets: Fleet[] = [];
for (const _ of VARIANTS) fleets.push(await seedFleet());
// The bare server writes to its own patients (same shape), so the two never share a sequence.
const bareDevices: { patientId: string; token: string }[] = [];
for (let i = 0; i < PATIENTS; i++) {
  const patient = await db.patient.create({
    data: { mrn: `BARE-${i}-${randomBytes(3).toString("hex")}`, givenName: "Bare", familyName: `P${i}`, dateOfBirth: new Date("1960-01-01"), sex: "UNKNOWN" },
  });
  bareDevices.push({ patientId: patient.id, token: `bare-${randomBytes(8).toString("hex")}` });
}
const rawPatient = `c${randomBytes(12).toString("hex")}`;

// ─── the processes ───
const configFile = join(tmpdir(), `bedside-bench-vitals-${process.pid}.json`);
writeFileSync(
  configFile,
  JSON.stringify({
    databaseUrl: database.url,
    pool: POOL,
    pusher: { host: "127.0.0.1", port: soketiPort, ...pusherApp },
    devices: bareDevices,
    host: "127.0.0.1",
    port: soketiPort,
    ...pusherApp,
    patientIds: [...fleets.flat(), ...bareDevices].map((d) => d.patientId).concat(rawPatient),
  }),
);
const countDir = mkdtempSync(join(tmpdir(), "bedside-bench-counts-"));
onFailure(async () => rmSync(countDir, { recursive: true, force: true }));
/** Realtime publish requests and connections to soketi a server has made so far. */
function publishCountsOf(pid: number | undefined): { requests: number; connects: number } {
  try {
    return JSON.parse(readFileSync(join(countDir, `${pid}.json`), "utf8")) as { requests: number; connects: number };
  } catch {
    return { requests: Number.NaN, connects: Number.NaN };
  }
}
const apps: { label: string; server: Awaited<ReturnType<typeof startProductionServer>>; devices: Fleet }[] = [];
for (const [i, variant] of VARIANTS.entries()) {
  const counting = ["--import", new URL("../lib/count-publishes.mjs", import.meta.url).href];
  apps.push({
    label: variant.label,
    server: await startProductionServer(
      { ...env, ...variant.env, BENCH_PUBLISH_COUNTS: countDir },
      [...(variant.flags ?? NEXT_START_NODE_FLAGS), ...counting],
      variant.server,
      variant.dir,
    ),
    devices: fleets[i]!,
  });
}
const bare = await startScript(new URL("./bare-server.ts", import.meta.url).pathname, [configFile], env);
const bareUrl = `http://127.0.0.1:${bare.ready.split(" ")[1]}`;
const subscriber = fork(new URL("./subscriber.ts", import.meta.url).pathname, [configFile], { execArgv: ["--import", "tsx"], stdio: "inherit" });
await new Promise<void>((resolve, reject) => {
  subscriber.once("message", () => resolve());
  subscriber.once("exit", (code) => reject(new Error(`subscriber exited (${code})`)));
});
function report(): Promise<Record<string, number>> {
  return new Promise((resolve) => {
    subscriber.once("message", (m: { received: Record<string, number> }) => resolve(m.received));
    subscriber.send({ type: "report" });
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });
function post(base: string, token: string, payload: string): Promise<{ status: number; body: string }> {
  const url = new URL("/api/vitals", base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        agent,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "content-length": Buffer.byteLength(payload) },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => parts.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const random = seededRandom(42);
const pusher = new Pusher({ ...pusherApp, host: "127.0.0.1", port: String(soketiPort), useTLS: false, agent: new Agent({ keepAlive: true, maxSockets: 50 }) });

/** Calls send(i, scheduledAt) for `count` items due at `rate` per second, on schedule. */
async function openLoop(rate: number, count: number, send: (i: number, scheduledAt: number) => void): Promise<void> {
  const start = wall();
  let i = 0;
  while (i < count) {
    const elapsed = wall() - start;
    const due = Math.min(count, Math.floor((elapsed / 1000) * rate) + 1);
    while (i < due) {
      send(i, start + (i * 1000) / rate);
      i++;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Resident memory of a process now (VmRSS) and at its peak (VmHWM), MiB; NaN off Linux. */
function memoryOf(pid: number | undefined): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1]) / 1024;
    return { rss: kib("VmRSS"), peak: kib("VmHWM") };
  } catch {
    return { rss: Number.NaN, peak: Number.NaN };
  }
}

/** CPU time (user + system, all threads) a process has used so far, in ms; NaN off Linux. */
function cpuMsOf(pid: number | undefined): number {
  try {
    // Fields after the command name: state is field 3, utime 14, stime 15 (clock ticks, 100 Hz on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time (ms) each PostgreSQL backend serving the bench's database has used so far, by pid:
 * during a phase only that phase's server is busy on it. NaN where /proc cannot be read.
 */
async function databaseCpuByPid(): Promise<Map<number, number>> {
  const rows = await db.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`;
  return new Map(rows.map(({ pid }) => [pid, cpuMsOf(pid)]));
}
function databaseCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  // A backend that started during the phase counts from zero; one that ended is missed.
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

interface Phase {
  sent: number;
  /** CPU of the database's backends over the phase per stored reading, ms (the bench's own connection left out). */
  dbCpuPerReading: number;
  /** The server's CPU time over the phase (answers and publishes) per stored reading, ms. */
  cpuPerReading: number;
  stored: number;
  lost: number;
  resent: number;
  busy: number;
  failed: number;
  throughput: number;
  p50: number;
  p99: number;
  /** The server's resident memory at the end of the phase, MiB. */
  rss: number;
  /** Realtime publish requests and new connections to soketi per stored reading (Bedside's servers). */
  publishesPerReading: number;
  connectsPerReading: number;
}

async function collect(
  scheduled: Map<string, number>,
  sent: number,
  extra: Omit<Phase, "lost" | "p50" | "p99" | "sent" | "cpuPerReading" | "dbCpuPerReading" | "rss" | "publishesPerReading" | "connectsPerReading">,
  trace?: { name: string; sentAt: Map<string, [number, number]> },
): Promise<Phase> {
  const received: Record<string, number> = {};
  const until = wall() + DRAIN_MS;
  for (;;) {
    Object.assign(received, await report());
    if ([...scheduled.keys()].every((k) => k in received) || wall() > until) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const latencies = [...scheduled]
    .filter(([k]) => k in received)
    .map(([k, t]) => received[k]! - t)
    .sort((a, b) => a - b);
  if (TRACE_DIR && trace) {
    // One line per reading: key, scheduled, sent (first attempt), answered, received (ms, wall clock).
    const lines = [...scheduled].map(([k, t]) => JSON.stringify([k, t, ...(trace.sentAt.get(k) ?? [null, null]), received[k] ?? null]));
    appendFileSync(join(TRACE_DIR, `${trace.name}.jsonl`), `${lines.join("\n")}\n`);
  }
  return {
    sent,
    ...extra,
    lost: sent - latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuPerReading: Number.NaN,
    dbCpuPerReading: Number.NaN,
    rss: Number.NaN,
    publishesPerReading: Number.NaN,
    connectsPerReading: Number.NaN,
  };
}

/** Devices posting `batch` readings per request, `rate` readings per second in all. */
async function devicePhase(base: string, fleet: Fleet, rate: number, batch: number, pid?: number, traceName?: string): Promise<Phase> {
  const cpuBefore = cpuMsOf(pid);
  const dbCpuBefore = await databaseCpuByPid();
  const countsBefore = publishCountsOf(pid);
  const scheduled = new Map<string, number>();
  const sentAt = new Map<string, [number, number]>();
  const pending: Promise<void>[] = [];
  const counts = { resent: 0, busy: 0, failed: 0 };
  const run = randomBytes(3).toString("hex");
  const requests = Math.round((rate * SECONDS) / batch);
  const started = wall();
  let lastAnswer = started;
  await openLoop(rate / batch, requests, (i, scheduledAt) => {
    const device = fleet[i % fleet.length]!;
    const readings = Array.from({ length: batch }, (_, j) => ({
      idempotencyKey: `b-${run}-${i}-${j}`,
      observedAt: new Date(Date.now() - (batch - 1 - j) * 10).toISOString(),
      ...simulateReading("stable", 0, random),
    }));
    const payload = JSON.stringify(batch === 1 ? readings[0] : { readings });
    const firstSent = wall();
    const attempt = async (n: number): Promise<void> => {
      const result = await post(base, device.token, payload).catch(() => null);
      if (result && (result.status === 200 || result.status === 201)) {
        lastAnswer = wall();
        const stored = (JSON.parse(result.body) as { readings: { seq: number }[] }).readings;
        for (const r of stored) {
          scheduled.set(`${device.patientId}:${r.seq}`, scheduledAt);
          if (TRACE_DIR) sentAt.set(`${device.patientId}:${r.seq}`, [firstSent, lastAnswer]);
        }
        if (n > 0) counts.resent += batch;
        return;
      }
      if (result?.status === 503) counts.busy++;
      if (n >= 5) {
        counts.failed += batch;
        return;
      }
      await new Promise((r) => setTimeout(r, 500 * (n + 1)));
      return attempt(n + 1);
    };
    pending.push(attempt(0));
  });
  await Promise.all(pending);
  const throughput = scheduled.size / ((lastAnswer - started) / 1000);
  const phase = await collect(
    scheduled,
    requests * batch,
    { stored: scheduled.size, throughput, ...counts },
    traceName ? { name: traceName, sentAt } : undefined,
  );
  const cpuPerReading = (cpuMsOf(pid) - cpuBefore) / Math.max(1, scheduled.size);
  const dbCpuPerReading = databaseCpuSince(dbCpuBefore, await databaseCpuByPid()) / Math.max(1, scheduled.size);
  await new Promise((r) => setTimeout(r, 250)); // the counts file is rewritten every 100 ms
  const countsAfter = publishCountsOf(pid);
  return {
    ...phase,
    cpuPerReading,
    dbCpuPerReading,
    rss: memoryOf(pid).rss,
    publishesPerReading: (countsAfter.requests - countsBefore.requests) / Math.max(1, scheduled.size),
    connectsPerReading: (countsAfter.connects - countsBefore.connects) / Math.max(1, scheduled.size),
  };
}

let rawSeq = 0;
async function rawPhase(rate: number, traceName?: string): Promise<Phase> {
  const scheduled = new Map<string, number>();
  const sentAt = new Map<string, [number, number]>();
  const pending: Promise<unknown>[] = [];
  let failed = 0;
  const count = Math.round(rate * SECONDS);
  const started = wall();
  await openLoop(rate, count, (_, scheduledAt) => {
    const tag = `raw-${rawSeq++}`;
    scheduled.set(tag, scheduledAt);
    const payload = {
      tag,
      patientId: rawPatient,
      seq: rawSeq,
      observedAt: new Date().toISOString(),
      ...simulateReading("stable", 0, random),
      news2Total: 0,
      news2Risk: "LOW",
      news2Complete: false,
      source: "DEVICE",
    };
    const sent = wall();
    pending.push(
      pusher
        .trigger(patientChannel(rawPatient), "bench.raw", payload)
        .then(() => TRACE_DIR && sentAt.set(tag, [sent, wall()]))
        .catch(() => failed++),
    );
  });
  await Promise.all(pending);
  const extra = { stored: count, throughput: count / ((wall() - started) / 1000), resent: 0, busy: 0, failed };
  return collect(scheduled, count, extra, traceName ? { name: traceName, sentAt } : undefined);
}

console.log(
  `bench/vitals: ${PATIENTS} patients, rates ${RATES.join("/")}/s, batches ${BATCHES.join("/")}, ${ROUNDS} rounds × ${SECONDS} s per side, database ${database.kind}, ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)}`,
);
// Warm-up: JIT, pools, Next's route, prepared plans.
for (const app of apps) await devicePhase(app.server.url, app.devices, 50, 1);
await devicePhase(bareUrl, bareDevices, 50, 1);
await rawPhase(50);

const rows: Row[] = [];
const ms = (n: number) => `${n.toFixed(1)} ms`;
const mib = (n: number) => `${n.toFixed(0)} MiB`;
for (const batch of BATCHES) {
  for (const rate of RATES) {
    const r: { raw: Phase[]; bare: Phase[]; app: Phase[][] } = { raw: [], bare: [], app: apps.map(() => []) };
    const label = `${rate}/s ${batch === 1 ? "single" : `batch ${batch}`}`;
    for (let round = 0; round < ROUNDS; round++) {
      const order: ("raw" | "bare" | number)[] = ["raw", "bare", ...apps.keys()];
      if (round % 2 === 1) order.reverse();
      const trace = (side: string) => (TRACE_DIR ? `${label.replace(/\W+/g, "-")}-r${round}-${side}` : undefined);
      for (const side of order) {
        if (side === "raw") r.raw.push(await rawPhase(rate, trace("raw")));
        else if (side === "bare") r.bare.push(await devicePhase(bareUrl, bareDevices, rate, batch, bare.process.pid, trace("bare")));
        else {
          const app = apps[side]!;
          r.app[side]!.push(await devicePhase(app.server.url, app.devices, rate, batch, app.server.process.pid, trace(`app${side}`)));
        }
      }
    }
    const m = (phases: Phase[], k: keyof Phase) => median(phases.map((p) => p[k]));
    const sum = (phases: Phase[], k: keyof Phase) => phases.reduce((n, p) => n + p[k], 0);
    for (const [i, app] of apps.entries()) {
      const phases = r.app[i]!;
      const name = (what: string) => `${label}${app.label ? ` [${app.label}]` : ""}: ${what}`;
      const lost = sum(phases, "lost");
      const busy = sum(phases, "busy");
      const tput = m(phases, "throughput");
      rows.push({
        name: name("stored/s"),
        baseline: `bare ${m(r.bare, "throughput").toFixed(0)}/s`,
        bedside: `${tput.toFixed(0)}/s (lost ${lost}, resent ${sum(phases, "resent")}, 503 ×${busy})`,
        ratio: `×${(tput / m(r.bare, "throughput")).toFixed(2)}`,
        budget: batch === 1 ? `≥ ${(0.98 * rate).toFixed(0)}/s, 0 lost, 0 × 503` : "0 lost",
        met: batch === 1 ? tput >= 0.98 * rate && lost === 0 && busy === 0 : lost === 0,
      });
      // CPU per stored reading, Bedside beside bare: a figure the load average does not distort.
      const cpuRow = (label: string, key: "cpuPerReading" | "dbCpuPerReading") => {
        const app = m(phases, key);
        const bare = m(r.bare, key);
        rows.push({ name: name(label), baseline: `bare ${ms(bare)}`, bedside: ms(app), ratio: `×${(app / bare).toFixed(2)}`, budget: "—", met: true });
      };
      // What the server process spent, whatever else ran on the machine.
      cpuRow("server CPU per stored reading", "cpuPerReading");
      // The database runs on the same machine: its work per reading competes with the server's.
      cpuRow("database CPU per stored reading", "dbCpuPerReading");
      const appP99 = m(phases, "p99");
      const rawP99 = m(r.raw, "p99");
      rows.push({
        name: name("p99 scheduled send → pusher-js"),
        baseline: `raw ${ms(rawP99)} (bare ${ms(m(r.bare, "p99"))})`,
        bedside: `${ms(appP99)} (p50 ${ms(m(phases, "p50"))})`,
        ratio: `+${ms(appP99 - rawP99)}`,
        budget: batch === 1 ? `≤ raw + ${P99_MARGIN_MS} ms` : "—",
        met: batch === 1 ? appP99 <= rawP99 + P99_MARGIN_MS : true,
      });
      rows.push({
        name: name("realtime publish requests / new connections per stored reading"),
        baseline: "—",
        bedside: `${m(phases, "publishesPerReading").toFixed(2)} / ${m(phases, "connectsPerReading").toFixed(2)}`,
        ratio: "—",
        budget: "—",
        met: true,
      });
      if (apps.length > 1) {
        rows.push({
          name: name("server memory (RSS after the phase)"),
          baseline: `bare ${mib(m(r.bare, "rss"))}`,
          bedside: `${mib(m(phases, "rss"))} (peak so far ${mib(memoryOf(app.server.process.pid).peak)})`,
          ratio: `×${(m(phases, "rss") / m(r.bare, "rss")).toFixed(2)}`,
          budget: "—",
          met: true,
        });
      }
    }
  }
}
const ok = printTable("Vitals ingest (median of rounds; lost/resent/503 summed over rounds)", rows);
console.log(
  `observations stored by Bedside in all: ${await db.vitalObservation.count({ where: { patientId: { in: fleets.flat().map((d) => d.patientId) } } })}`,
);

subscriber.send({ type: "stop" });
agent.destroy();
await bare.stop();
for (const app of apps) await app.server.stop();
await soketi.stop();
rmSync(countDir, { recursive: true, force: true });
await db.$disconnect();
await database.teardown();
process.exit(ok ? 0 : 1);
