// What node-postgres' ways of running a statement cost the young generation. Each way runs in a
// process of its own (a young generation of 32 MiB, as the production server's flags give it),
// sending one statement after another — 57 rows of ids, text and two timestamps, about the
// size of a day's consultations — for a few seconds, and reports its scavenges from V8's GC
// events. Rounds interleave the ways; the table shows medians over rounds, with each way's
// scavenge pause against the baseline's from the same run.
//
//   baseline        pool.connect(), then client.query(config, callback) (server/db.ts `send`)
//   pg promise      pool.connect(), then pg's promise-returning client.query(config) (what
//                   Prisma's adapter does in a transaction)
//   callback client the same promise-returning call on server/db-adapter.ts CallbackQueryClient
//   query_timeout   pool.query(config) on a pool with pg's query_timeout (server/db.ts before)
//   pool.query      pool.query(config) without it
//
// A statement whose rows survive scavenges makes every scavenge copy them: the pause grows
// with the young generation, not with what is alive. Not part of the test suite.
//
//   TEST_DATABASE_URL=postgresql://… npx tsx bench/db/scavenge.ts [--rounds 3] [--seconds 3]
import { fork } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { PerformanceObserver } from "node:perf_hooks";
import { parseArgs } from "node:util";
import pg from "pg";
import { CallbackQueryClient } from "@/server/db-adapter";
import { median, percentile, printTable } from "../lib/harness";

const WAYS = ["baseline", "pg promise", "callback client", "query_timeout", "pool.query"] as const;
type Way = (typeof WAYS)[number];
interface Measured {
  way: Way;
  statements: number;
  scavenges: number;
  pauseP50: number;
  pauseP99: number;
  gcMsPerStatement: number;
}

const SQL = `SELECT g AS id, md5(g::text) AS "visitId", md5((g + 1)::text) AS "patientId", 'Follow-up of blood pressure' AS reason,
  now()::timestamp AS "scheduledStart", now()::timestamp AS "arrivedAt" FROM generate_series(1, 57) g WHERE $1::int > 0`;

async function child(way: Way, url: string, seconds: number): Promise<Measured> {
  const pauses: number[] = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if ((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === 1) pauses.push(e.duration);
  }).observe({ entryTypes: ["gc"] });
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    ...(way === "query_timeout" ? { query_timeout: 15_000 } : {}),
    ...(way === "callback client" ? { Client: CallbackQueryClient } : {}),
  });
  const config = () => ({ text: SQL, values: [1] });
  const once = async () => {
    if (way === "query_timeout" || way === "pool.query") return pool.query(config());
    const client = await pool.connect();
    try {
      if (way === "baseline") return await new Promise((resolve, reject) => client.query(config(), (e, r) => (e ? reject(e) : resolve(r))));
      return await client.query(config());
    } finally {
      client.release();
    }
  };
  for (let i = 0; i < 200; i++) await once();
  pauses.length = 0;
  const end = performance.now() + seconds * 1000;
  let statements = 0;
  while (performance.now() < end) {
    await once();
    statements++;
  }
  await pool.end();
  const sorted = [...pauses].sort((a, b) => a - b);
  return {
    way,
    statements,
    scavenges: pauses.length,
    pauseP50: percentile(sorted, 50),
    pauseP99: percentile(sorted, 99),
    gcMsPerStatement: pauses.reduce((a, b) => a + b, 0) / Math.max(1, statements),
  };
}

if (process.env.BENCH_SCAVENGE_CHILD) {
  const { way, url, seconds } = JSON.parse(process.env.BENCH_SCAVENGE_CHILD) as { way: Way; url: string; seconds: number };
  process.send!(await child(way, url, seconds));
  process.exit(0);
}

const { values: args } = parseArgs({ options: { rounds: { type: "string", default: "3" }, seconds: { type: "string", default: "3" } } });
const ROUNDS = Math.min(9, Math.max(1, Number(args.rounds)));
const SECONDS = Math.min(20, Math.max(1, Number(args.seconds)));
const url = process.env.TEST_DATABASE_URL;
if (!url) throw new Error("Set TEST_DATABASE_URL to a PostgreSQL server (the statements need no tables).");

const run = (way: Way) =>
  new Promise<Measured>((resolve, reject) => {
    const proc = fork(new URL(import.meta.url).pathname, [], {
      execArgv: ["--import", "tsx", "--max-semi-space-size=32", "--min-semi-space-size=32"],
      env: { ...process.env, BENCH_SCAVENGE_CHILD: JSON.stringify({ way, url, seconds: SECONDS }) },
    });
    proc.once("message", (m) => resolve(m as Measured));
    proc.once("exit", (code) => (code === 0 ? undefined : reject(new Error(`${way} exited ${code}`))));
  });

console.log(`bench/db/scavenge: ${ROUNDS} rounds × ${SECONDS} s per way, ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)}`);
const results = new Map<Way, Measured[]>(WAYS.map((w) => [w, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 ? [...WAYS].reverse() : [...WAYS];
  for (const way of order) {
    const m = await run(way);
    results.get(way)!.push(m);
    console.log(
      `round ${round + 1} ${way}: ${m.statements} statements, ${m.scavenges} scavenges, pause p50 ${m.pauseP50.toFixed(2)} ms p99 ${m.pauseP99.toFixed(2)}, GC ${(m.gcMsPerStatement * 1000).toFixed(0)} µs/statement`,
    );
  }
}

const summary = (way: Way) => {
  const ms = results.get(way)!;
  return { p50: median(ms.map((m) => m.pauseP50)), gc: median(ms.map((m) => m.gcMsPerStatement)), n: median(ms.map((m) => m.statements)) };
};
const base = summary("baseline");
printTable(
  "Scavenge pause (median of rounds' p50) against the baseline (connect + callback), 32 MiB young generation",
  WAYS.filter((w) => w !== "baseline").map((way) => {
    const s = summary(way);
    return {
      name: way,
      baseline: `${base.p50.toFixed(2)} ms, ${(base.gc * 1000).toFixed(0)} µs GC/statement, ${base.n} statements`,
      bedside: `${s.p50.toFixed(2)} ms, ${(s.gc * 1000).toFixed(0)} µs GC/statement, ${s.n} statements`,
      ratio: `×${(s.p50 / base.p50).toFixed(2)}`,
      budget: "—",
      met: true,
    };
  }),
);
