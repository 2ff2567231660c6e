// tRPC reads against a bare baseline, interleaved in one run:
//   Bedside:  GET /api/trpc/<procedure> on the production server (`next build` + `next start`),
//             signed in with a real session cookie — proxy, Auth.js, context, procedure, zod,
//             audit, superjson, exactly as a browser's request.
//   baseline: node:http + pg in its own process replaying the very SQL Bedside ran for that
//             read (captured from Prisma's query log and the app's pg pool, same parallelism), after the same
//             session + user lookup, answering the rows as JSON.
// For each read and each concurrency, rounds alternate which side goes first; the ratio is
// the median over rounds of Bedside p99 / baseline p99. Exits 1 when a ratio is over budget.
//
//   npm run build && TEST_DATABASE_URL=postgresql://… npx tsx bench/trpc/reads.ts [--rounds 3] [--seconds 3] [--servers serve,next-start] [--builds "<dir A>|<dir B>"] [--reads admin.stats,…] [--connections 1,10] [--gzip]
//
// autocannon sends no Accept-Encoding: neither side compresses (the production server gzips
// only what a client accepts compressed). --gzip asks both for gzip, as browsers do; the
// baseline then gzips with the same middleware (Next's compiled `compression`).
//
// --servers measures each production server kind against the same baseline in the same rounds
// (`serve`: scripts/serve.ts, as `npm start`; `next-start`: plain `next start`). --builds runs
// the servers in each project directory holding a build (a copy of another commit's tree with
// its `.next`, generated Prisma client and a node_modules link: scripts/serve.ts and the
// fast path run from that tree's sources), each against the same baseline in the same rounds.
// Each server's CPU time (user + system, from /proc) per answered request is reported too.
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import type { Role } from "@/server/generated/prisma/enums";
import {
  ensureReactServerCondition,
  onFailure,
  median,
  parseServerKinds,
  percentile,
  printTable,
  signIn,
  startProductionServer,
  startScript,
  type Row,
  type ServerKind,
} from "../lib/harness";

ensureReactServerCondition();

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    seconds: { type: "string", default: "3" },
    budget: { type: "string", default: "1.5" },
    servers: { type: "string", default: "serve" },
    builds: { type: "string" },
    reads: { type: "string" },
    gzip: { type: "boolean", default: false },
    connections: { type: "string", default: "1,10" },
  },
});
const ROUNDS = Math.min(9, Math.max(1, Number(args.rounds)));
const SECONDS = Math.min(20, Math.max(1, Number(args.seconds)));
const BUDGET = Number(args.budget);
const CONNECTIONS = args.connections.split(",").map((c) => Math.max(1, Number(c)));
const POOL = 10;

const { provisionTestDatabase } = await import("@/tests/db/provision");
const database = await provisionTestDatabase();
onFailure(() => database.teardown());
const secret = randomBytes(32).toString("base64url");
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: database.url,
  DATABASE_POOL_SIZE: String(POOL),
  AUTH_SECRET: secret,
  // Each measurement signs in afresh (below): more sign-ins per account than a person makes.
  SIGNIN_RATE_LIMIT_PER_EMAIL: "1000",
  LOG_LEVEL: "warn",
  SCHEDULER_IN_PROCESS: "false",
  SIGNIN_RATE_LIMIT_PER_IP: "100000",
  // Reads publish nothing; the server still needs a realtime configuration to start.
  PUSHER_HOST: "127.0.0.1",
  PUSHER_PORT: "9",
  PUSHER_USE_TLS: "false",
  PUSHER_APP_ID: "bench",
  PUSHER_KEY: "bench-key",
  PUSHER_SECRET: "bench-secret-0123456789",
};
// BENCH_TRACE: the servers record every request and event-loop stalls over 4 ms (bench/lib/trace-server.mjs).
const TRACE = process.env.BENCH_TRACE;
if (TRACE) Object.assign(env, { BENCH_TRACE_PATHS: "/", BENCH_TRACE_STALL_MS: "4" });
Object.assign(process.env, env);

// Bedside's own client, logging each statement, so the baseline can replay exactly them.
const { PrismaPg } = await import("@prisma/adapter-pg");
const { PrismaClient } = await import("@/server/generated/prisma/client");
interface Logged {
  sql: string;
  params: unknown[];
  start: number;
  end: number;
}
let log: Logged[] | null = null;
const logging = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: POOL }), log: [{ emit: "event", level: "query" }] });
logging.$on("query", (e) => {
  const end = performance.now();
  log?.push({ sql: e.query, params: JSON.parse(e.params) as unknown[], start: end - e.duration, end });
});
(globalThis as unknown as { bedsideDb?: unknown }).bedsideDb = logging;
// The reads and the session lookup run on the app's plain pg pool (server/db.ts `sqlQuery`), not
// through Prisma: that pool is put in place here, logging each statement the same way.
const { default: pg } = await import("pg");
// Statements are logged at the connection (server/db.ts takes a connection from the pool and
// passes pg a callback): a client class whose query notes each answered statement.
type QueryCallback = (error: Error | null, result: unknown) => void;
class LoggingClient extends pg.Client {}
const clientQuery = pg.Client.prototype.query as (this: InstanceType<typeof pg.Client>, ...args: unknown[]) => unknown;
(LoggingClient.prototype as unknown as { query: (this: InstanceType<typeof pg.Client>, ...args: unknown[]) => unknown }).query = function (...args: unknown[]) {
  const config = args[0] as { text?: string; values?: unknown[] } | string;
  const callback = args.at(-1);
  const capture = log;
  if (!capture || typeof config !== "object" || typeof callback !== "function") return clientQuery.apply(this, args);
  const start = performance.now();
  args[args.length - 1] = ((error, result) => {
    if (!error) capture.push({ sql: config.text ?? "", params: config.values ?? [], start, end: performance.now() });
    (callback as QueryCallback)(error, result);
  }) satisfies QueryCallback;
  return clientQuery.apply(this, args);
};
const sqlPool = new pg.Pool({ connectionString: database.url, max: POOL, Client: LoggingClient });
(globalThis as unknown as { bedsideSqlPool?: unknown }).bedsideSqlPool = sqlPool;

const { db } = await import("@/server/db");
const { hashPassword } = await import("@/server/auth/password");
const { listUpcomingConsultations } = await import("@/server/consultations/list-upcoming-consultations");
const { listObservations } = await import("@/server/vitals/list-observations");
const { getStats } = await import("@/server/statistics/get-stats");

// ─── data: a clinician's week, a patient's day of minute readings, a month of service ───
const password = `bench-${randomBytes(6).toString("hex")}`;
const passwordHash = await hashPassword(password);
const mk = (role: "CLINICIAN" | "ADMIN" | "PATIENT", i = 0) =>
  db.user.create({
    data: {
      email: `${role.toLowerCase()}-${i}-${randomBytes(3).toString("hex")}@bench.local`,
      name: `${role} ${i}`,
      role,
      passwordHash,
      title: role === "CLINICIAN" ? "Dr" : null,
    },
  });
const clinician = await mk("CLINICIAN");
const admin = await mk("ADMIN");
const now = Date.now();
const patients = [];
for (let i = 0; i < 20; i++) {
  const user = await mk("PATIENT", i);
  patients.push(
    await db.patient.create({
      data: {
        mrn: `B-${i}-${randomBytes(3).toString("hex")}`,
        givenName: "Bench",
        familyName: `P${i}`,
        dateOfBirth: new Date("1960-01-01"),
        sex: "UNKNOWN",
        userId: user.id,
        careTeam: { create: { clinicianId: clinician.id } },
      },
    }),
  );
}
// 30 days of consultations (2 a day per patient would be a lot; one per patient every 3 days), sessions for the past ones.
for (const [i, p] of patients.entries()) {
  for (let d = -30; d <= 7; d += 3) {
    const start = new Date(now + d * 86_400_000 + i * 20 * 60_000 + 2 * 3_600_000);
    const visit = await db.visit.create({ data: { patientId: p.id, clinicianId: clinician.id } });
    const past = d < 0;
    const c = await db.consultation.create({
      data: {
        clinicianId: clinician.id,
        patientId: p.id,
        visitId: visit.id,
        scheduledStart: start,
        scheduledEnd: new Date(start.getTime() + 20 * 60_000),
        durationMinutes: 20,
        createdById: clinician.id,
        status: past ? "COMPLETED" : "SCHEDULED",
        reason: "Follow-up",
      },
    });
    await db.telemedicineSession.create({
      data: {
        visitId: visit.id,
        consultationId: c.id,
        roomName: `r-${randomBytes(6).toString("hex")}`,
        provider: "P2P",
        scheduledStart: start,
        createdById: clinician.id,
        status: past ? "COMPLETED" : "SCHEDULED",
        durationSeconds: past ? 900 + i * 10 : null,
      },
    });
  }
}
const watched = patients[0]!;
await db.vitalObservation.createMany({
  data: Array.from({ length: 1_438 }, (_, i) => ({
    patientId: watched.id,
    source: "DEVICE" as const,
    observedAt: new Date(now - (1_438 - i) * 60_000),
    idempotencyKey: `seed-${i}`,
    seq: i + 1,
    heartRate: 70 + (i % 15),
    systolicBp: 120 + (i % 9),
    diastolicBp: 80,
    respiratoryRate: 16,
    spo2: 97,
    supplementalOxygen: false,
    temperature: 36.8,
    consciousness: "ALERT" as const,
    loincCodes: ["8867-4", "8480-6", "8462-4", "9279-1", "59408-5", "8310-5"],
    news2Total: 0,
    news2Risk: "LOW" as const,
    news2Complete: true,
  })),
});
await db.patient.update({ where: { id: watched.id }, data: { vitalsSeq: 1_438 } });

// ─── the SQL each read runs, as Bedside runs it ───
// The /admin page's default range: the last 30 whole UTC days, today included (so the rollup).
const statsTo = new Date(Math.floor(now / 86_400_000) * 86_400_000 + 86_400_000);
const statsFrom = new Date(statsTo.getTime() - 30 * 86_400_000);
const actorOf = (u: { id: string; role: Role }) => ({ userId: u.id, role: u.role, requestId: "bench", ip: null });
const reads = {
  "consultations.upcoming": { user: clinician, input: { days: 7 }, run: () => listUpcomingConsultations({ actor: actorOf(clinician), days: 7 }) },
  "vitals.history": {
    user: clinician,
    input: { patientId: watched.id, range: "24h" },
    run: () => listObservations({ actor: actorOf(clinician), patientId: watched.id, from: new Date(Date.now() - 86_400_000), to: new Date() }),
  },
  "admin.stats": {
    user: admin,
    input: { from: statsFrom, to: statsTo },
    run: () => getStats({ actor: actorOf(admin), range: { from: statsFrom, to: statsTo } }),
  },
} as const;

function groups(statements: Logged[]): { sql: string; params: unknown[] }[][] {
  const out: Logged[][] = [];
  let end = -Infinity;
  for (const s of [...statements].sort((a, b) => a.start - b.start)) {
    if (s.start < end && out.length > 0) out.at(-1)!.push(s);
    else out.push([s]);
    end = Math.max(end, s.end);
  }
  return out.map((g) => g.map(({ sql, params }) => ({ sql, params })));
}

const plans: Record<string, { groups: { sql: string; params: unknown[] }[][] }> = {};
for (const [name, read] of Object.entries(reads)) {
  await read.run(); // warm
  log = [];
  await read.run();
  plans[name] = { groups: groups(log) };
  log = null;
  // The replay is only honest if the capture saw the read's statements (raw SQL included).
  const statements = plans[name].groups.flat();
  if (statements.length === 0) throw new Error(`${name}: no statements captured from Prisma's query log or the pg pool`);
  console.log(
    `${name}: replaying ${statements.length} statements in ${plans[name].groups.length} round trips: ${statements.map((q) => q.sql.replace(/\s+/g, " ").slice(0, 60)).join(" | ")}`,
  );
}

// ─── the two servers, each on its own process ───
const SERVERS = parseServerKinds(args.servers);
const BUILDS = args.builds === undefined ? ["."] : args.builds.split("|").map((dir) => dir.trim());
const apps: { kind: ServerKind; label: string; url: string; pid: number | undefined; stop(): Promise<void> }[] = [];
for (const kind of SERVERS) {
  for (const dir of BUILDS) {
    const server = await startProductionServer(env, undefined, kind, dir);
    const label = [SERVERS.length > 1 ? kind : "", BUILDS.length > 1 ? dir : ""].filter(Boolean).join(" ");
    apps.push({ kind, label, url: server.url, pid: server.process.pid, stop: server.stop });
  }
}
const app = apps[0]!;
// The baseline replays the session lookup of a real sign-in: this one's row.
await signIn(app.url, clinician.email, password);
const { rows: sessions } = await logging
  .$queryRawUnsafe<{ id: string }[]>(`SELECT "id" FROM "AuthSession" WHERE "userId" = $1 LIMIT 1`, clinician.id)
  .then((rows) => ({ rows }));
const sessionSql = `SELECT s."id", s."userId", s."revokedAt", s."expiresAt", s."lastSeenAt", s."scopeSessionId", u."role"::text AS "role", u."name", u."email", u."deactivatedAt" FROM "AuthSession" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = $1`;
const planFile = join(tmpdir(), `bedside-bench-plans-${process.pid}.json`);
writeFileSync(planFile, JSON.stringify({ session: { sql: sessionSql, params: [sessions[0]!.id] }, reads: plans }));
const baseline = await startScript(
  new URL("./baseline-server.ts", import.meta.url).pathname,
  [planFile, database.url, String(POOL)],
  TRACE ? { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --import ${new URL("../lib/trace-server.mjs", import.meta.url).href}` } : env,
);
const baseUrl = `http://127.0.0.1:${baseline.ready.split(" ")[1]}`;

const superjsonInput = (input: unknown) =>
  encodeURIComponent(
    JSON.stringify({
      json: JSON.parse(JSON.stringify(input)),
      meta: input && typeof input === "object" && "from" in input ? { values: { from: ["Date"], to: ["Date"] } } : undefined,
    }),
  );

interface Measure {
  p50: number;
  /** autocannon's p99: its histogram keeps whole milliseconds. */
  p99: number;
  /** p99 of the per-request latencies autocannon measured (fractional ms, from its `response` events). */
  p99f: number;
  rps: number;
  bytes: number;
  errors: number;
  /** Server CPU (user + system) per answered request, ms; NaN when not read. */
  cpu: number;
}
/** CPU time (user + system, all threads) a process has used so far, in ms; NaN off Linux. */
function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}
// BENCH_TRACE=<dir>: every request's answer time (epoch ms) and latency per measurement, in
// <dir>/client-<n>.json, for bench/trpc/tail.ts to set against the servers' GC pauses and
// event-loop stalls (bench/lib/trace-server.mjs, preloaded into both servers).
let measurement = 0;
async function load(url: string, headers: Record<string, string>, connections: number, pid?: number, label = "warm-up"): Promise<Measure> {
  const before = cpuMsOf(pid);
  const latencies: number[] = [];
  const ends: number[] = [];
  // --gzip: both sides are asked for gzip, as a browser asks (the baseline then gzips too).
  const run = autocannon({ url, connections, duration: SECONDS, headers: args.gzip ? { ...headers, "accept-encoding": "gzip" } : headers, pipelining: 1 });
  run.on("response", (_client, _status, _bytes, ms) => {
    latencies.push(ms);
    if (TRACE) ends.push(performance.timeOrigin + performance.now());
  });
  const r = await run;
  const errors = r.errors + r.timeouts + r.non2xx;
  const cpu = (cpuMsOf(pid) - before) / Math.max(1, r.requests.total);
  if (TRACE && label !== "warm-up")
    writeFileSync(join(TRACE, `client-${String(++measurement).padStart(3, "0")}.json`), JSON.stringify({ label, url, pid, connections, ends, latencies }));
  const p99f = percentile(
    latencies.sort((a, b) => a - b),
    99,
  );
  return { p50: r.latency.p50, p99: r.latency.p99, p99f, rps: r.requests.average, bytes: r.throughput.average / Math.max(1, r.requests.average), errors, cpu };
}

console.log(
  `bench/trpc: ${ROUNDS} rounds × ${SECONDS} s per side, connections ${CONNECTIONS.join("/")}, ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)}, database ${database.kind}`,
);
// A browser sends the cookie Auth.js last set; a staff cookie is re-issued (proxy.ts hands the
// request to Auth.js) once its idle window is SLIDE_AFTER_MS (15 s) old. A cookie signed in once
// and sent for the whole run would go through Auth.js on every request after its first 15 s,
// which no browser does: each measurement signs in afresh and lasts less than that.
const cookieFor = async (url: string, user: typeof admin | typeof clinician) => signIn(url, user.email, password);
const results: Record<string, { base: Measure[]; app: Measure[]; ratio: number[]; ratioF: number[] }> = {};
const only = args.reads?.split(",").map((r) => r.trim());
const targets = Object.entries(reads)
  .filter(([name]) => !only || only.includes(name))
  .map(([name, read]) => ({
    name,
    user: read.user === admin ? admin : clinician,
    appPath: `/api/trpc/${name}?input=${superjsonInput(read.input)}`,
    baseUrl: `${baseUrl}/${name}`,
  }));
// Warm-up: JIT, pools, Next's route compilation caches.
for (const t of targets) {
  for (const a of apps) {
    const headers = { cookie: await cookieFor(a.url, t.user) };
    const res = await fetch(a.url + t.appPath, { headers });
    if (res.status !== 200) throw new Error(`${t.name}: Bedside (${a.kind}) answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    await load(a.url + t.appPath, headers, 2);
  }
  await load(t.baseUrl, {}, 2);
}
for (let round = 0; round < ROUNDS; round++) {
  for (const t of targets) {
    for (const c of CONNECTIONS) {
      // Sides in turn, each first in one round: base, then each server.
      const sides = [-1, ...apps.keys()];
      const order = [...sides.slice(round % sides.length), ...sides.slice(0, round % sides.length)];
      const m = new Map<number, Measure>();
      for (const side of order) {
        if (side === -1) m.set(side, await load(t.baseUrl, {}, c, baseline.process.pid, `${t.name} @${c} base`));
        else {
          const a = apps[side]!;
          m.set(side, await load(a.url + t.appPath, { cookie: await cookieFor(a.url, t.user) }, c, a.pid, `${t.name} @${c} ${a.label || "Bedside"}`));
        }
      }
      for (const [i, a] of apps.entries()) {
        const key = `${t.name} @${c}${apps.length > 1 ? ` [${a.label}]` : ""}`;
        results[key] ??= { base: [], app: [], ratio: [], ratioF: [] };
        results[key].base.push(m.get(-1)!);
        results[key].app.push(m.get(i)!);
        results[key].ratio.push(m.get(i)!.p99 / m.get(-1)!.p99);
        results[key].ratioF.push(m.get(i)!.p99f / m.get(-1)!.p99f);
        const b = m.get(-1)!;
        const x = m.get(i)!;
        console.log(
          `round ${round + 1} ${key}: base p99 ${b.p99.toFixed(1)} (${b.p99f.toFixed(2)}) ms ${b.rps.toFixed(0)}/s CPU ${b.cpu.toFixed(2)} ms/req; Bedside p99 ${x.p99.toFixed(1)} (${x.p99f.toFixed(2)}) ms ${x.rps.toFixed(0)}/s CPU ${x.cpu.toFixed(2)} ms/req (×${(x.p99 / b.p99).toFixed(2)}, fractional ×${(x.p99f / b.p99f).toFixed(2)}); load ${loadavg()[0]!.toFixed(2)}`,
        );
      }
    }
  }
}

const rows: Row[] = Object.entries(results).map(([name, r]) => {
  const ratio = median(r.ratio);
  const errors = r.app.reduce((n, m) => n + m.errors, 0);
  // A side that answered nothing within the time has no p99 (autocannon reports 0): a miss.
  const answered = r.app.every((m) => m.rps > 0) && r.base.every((m) => m.rps > 0);
  return {
    name: `${name} p99${errors ? ` (${errors} errors)` : ""}${answered ? "" : " (a round without answers)"}`,
    baseline: `${median(r.base.map((m) => m.p99)).toFixed(1)} ms (${median(r.base.map((m) => m.p99f)).toFixed(2)}), ${median(r.base.map((m) => m.rps)).toFixed(0)}/s, CPU ${median(r.base.map((m) => m.cpu)).toFixed(2)} ms/req`,
    bedside: `${median(r.app.map((m) => m.p99)).toFixed(1)} ms (${median(r.app.map((m) => m.p99f)).toFixed(2)}), ${median(r.app.map((m) => m.rps)).toFixed(0)}/s, ${(median(r.app.map((m) => m.bytes)) / 1024).toFixed(1)} KiB, CPU ${median(r.app.map((m) => m.cpu)).toFixed(2)} ms/req`,
    ratio: `×${ratio.toFixed(2)} (×${median(r.ratioF).toFixed(2)})`,
    budget: `≤ ×${BUDGET}`,
    met: answered && ratio <= BUDGET && errors === 0,
  };
});
const ok = printTable(
  "tRPC reads: p99 latency (median of rounds; in brackets from the per-request fractional latencies), Bedside vs bare node:http + pg replaying the same SQL",
  rows,
);

await baseline.stop();
for (const a of apps) await a.stop();
await logging.$disconnect();
await sqlPool.end();
await database.teardown();
process.exit(ok ? 0 : 1);
