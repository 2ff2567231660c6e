// Admin statistics on a large clinic, as the admin.stats procedure computes them: for each
// size (default 100 000 and 1 000 000 telemedicine sessions, with their consultations, patient
// participants, stints, payments and issues, spread evenly over one year so that both the
// 30-day and the 365-day windows are full), times getStats — every statistics query at once
// on the app's pool (DATABASE_POOL_SIZE, default 5) plus its audit row, exactly as the
// procedure runs them — over a 30-day and a 365-day range (whole UTC days, as /admin asks).
//
// The seed is plain INSERTs into the source tables: the daily rollup (StatsRollup) is filled
// by the database triggers production writes go through, then folded by the production
// compaction job (server/statistics/compact-rollup.ts), as the scheduler would.
//
// Baseline, in the same process and interleaved round by round: the same call without the
// rollup (getStats source "live": every figure from the source tables through the statistics
// indexes of migrations stats_indexes and session_clinician — the previous implementation).
// Each round warms once and times RUNS calls per range and side; the table shows median and
// p95 over every call of every round. Budget: p95 ≤ 300 ms with the rollup. Exits 1 when a
// budget is missed.
//
//   TEST_DATABASE_URL=postgresql://… npx tsx bench/admin-stats/run.ts [--sizes 100000,1000000] [--rounds 3] [--runs 10] [--keep]
//
// --keep leaves the last database in place (its URL is printed) to look at query plans.
// The database is a throwaway one, provisioned exactly like the integration tests'
// (tests/db/provision.ts): a new database on TEST_DATABASE_URL's server when set (use a real
// PostgreSQL for meaningful figures), otherwise embedded PGlite. Bounded: at most 2 000 000
// sessions.
import { spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { provisionTestDatabase } from "@/tests/db/provision";
import { ensureReactServerCondition, median, percentile, printTable, type Row } from "../lib/harness";

ensureReactServerCondition();

const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "100000,1000000" },
    rounds: { type: "string", default: "3" },
    runs: { type: "string", default: "10" },
    budget: { type: "string", default: "300" },
    keep: { type: "boolean", default: false },
    // Internal: one size per process (env.js and server/db.ts are read once per process).
    child: { type: "boolean", default: false },
  },
});
const SIZES = args.sizes
  .split(",")
  .map(Number)
  .filter((n) => n >= 1000 && n <= 2_000_000);
const ROUNDS = Math.min(9, Math.max(1, Number(args.rounds)));
const RUNS = Math.min(50, Math.max(2, Number(args.runs)));
const BUDGET_MS = Number(args.budget);
const CLINICIANS = 200;
const PATIENTS = 10_000;
const BASE = "2025-01-01 08:00:00";
const SPAN_MINUTES = 365 * 24 * 60;

// Consultation g belongs to clinician g % 200 at that clinician's slot g / 200; slots are
// spread over the year (at 2 M sessions still 52 minutes apart, so no clinician is double
// booked for a 20-minute consultation).
const SEED_SQL = (n: number) => {
  const slot = `(timestamp '${BASE}' + (g / ${CLINICIANS}) * interval '${((SPAN_MINUTES * CLINICIANS) / n).toFixed(3)} minutes')`;
  return [
    `INSERT INTO "User" ("id","email","name","role","updatedAt")
       SELECT 'bc' || g, 'bench-clin-' || g || '@bench.test', 'Clinician ' || g, 'CLINICIAN', now() FROM generate_series(0, ${CLINICIANS - 1}) g`,
    `INSERT INTO "User" ("id","email","name","role","updatedAt") VALUES ('badmin', 'bench-admin@bench.test', 'Admin', 'ADMIN', now())`,
    `INSERT INTO "User" ("id","email","role","updatedAt")
       SELECT 'bu' || g, 'bench-pat-' || g || '@bench.test', 'PATIENT', now() FROM generate_series(0, ${PATIENTS - 1}) g`,
    `INSERT INTO "Patient" ("id","mrn","givenName","familyName","dateOfBirth","sex","userId","updatedAt")
       SELECT 'bp' || g, 'B-' || g, 'Pat', 'Ient' || g, '1970-01-01', 'UNKNOWN', 'bu' || g, now() FROM generate_series(0, ${PATIENTS - 1}) g`,
    `INSERT INTO "Visit" ("id","patientId","clinicianId","updatedAt")
       SELECT 'bv' || g, 'bp' || (g % ${PATIENTS}), 'bc' || (g % ${CLINICIANS}), now() FROM generate_series(0, ${n - 1}) g`,
    `INSERT INTO "Consultation" ("id","clinicianId","patientId","visitId","scheduledStart","scheduledEnd","durationMinutes","status","createdById","updatedAt")
       SELECT 'bk' || g, 'bc' || (g % ${CLINICIANS}), 'bp' || (g % ${PATIENTS}), 'bv' || g,
              ${slot}, ${slot} + interval '20 minutes', 20,
              (CASE WHEN g % 20 = 0 THEN 'CANCELLED' WHEN g % 20 = 1 THEN 'NO_SHOW' ELSE 'COMPLETED' END)::"ConsultationStatus",
              'bc' || (g % ${CLINICIANS}), now()
         FROM generate_series(0, ${n - 1}) g`,
    `INSERT INTO "TelemedicineSession" ("id","visitId","consultationId","roomName","provider","status","scheduledStart","startedAt","endedAt","durationSeconds","createdById","createdAt","updatedAt")
       SELECT 'bs' || g, 'bv' || g, 'bk' || g, 'bench-room-' || g, 'P2P',
              (CASE WHEN g % 20 = 0 THEN 'CANCELLED' ELSE 'COMPLETED' END)::"SessionStatus",
              ${slot}, NULL, NULL,
              CASE WHEN g % 20 = 0 THEN NULL ELSE 300 + (g::bigint * 7919) % 1500 END,
              'bc' || (g % ${CLINICIANS}), timestamp '${BASE}', now()
         FROM generate_series(0, ${n - 1}) g`,
    `INSERT INTO "SessionParticipant" ("id","sessionId","userId","role","displayName","arrivedAt","admittedAt")
       SELECT 'bq' || g, 'bs' || g, 'bu' || (g % ${PATIENTS}), 'PATIENT', 'Patient',
              ${slot} - interval '5 minutes',
              ${slot} - interval '5 minutes' + ((g::bigint * 31) % 600) * interval '1 second'
         FROM generate_series(0, ${n - 1}) g`,
    `INSERT INTO "ParticipantStint" ("id","participantId","joinedAt","connectionId","connectedAt")
       SELECT 'bt' || g, 'bq' || g, ${slot}, 'c', CASE WHEN g % 25 = 0 THEN NULL ELSE ${slot} END
         FROM generate_series(0, ${n - 1}) g`,
    `INSERT INTO "Payment" ("id","visitId","amountMinor","currency","method","receivedById","receivedAt")
       SELECT 'by' || g, 'bv' || g, 4500, 'USD', 'CARD', 'bc0', ${slot} + interval '25 minutes'
         FROM generate_series(0, ${n - 1}, 5) g`,
    `INSERT INTO "TechnicalIssue" ("id","sessionId","reporterId","category","description","createdAt")
       SELECT 'bi' || g, 'bs' || g, 'bu' || (g % ${PATIENTS}), (ARRAY['AUDIO','VIDEO','CONNECTION','OTHER'])[1 + g % 4]::"IssueCategory", 'bench', ${slot}
         FROM generate_series(0, ${n - 1}, 50) g`,
  ];
};

// Whole UTC days, as the /admin page asks for them (the seed starts at 08:00 on the first).
/** Where two results differ (numbers within 1e-9 relative), as "path: live ≠ rollup" lines. */
function differ(x: unknown, y: unknown, path = ""): string[] {
  if (typeof x === "number" && typeof y === "number") return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)) ? [] : [`${path}: ${x} ≠ ${y}`];
  if (x instanceof Date || y instanceof Date) return String(x) === String(y) ? [] : [`${path}: ${String(x)} ≠ ${String(y)}`];
  if (x && y && typeof x === "object" && typeof y === "object") {
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    return [...keys].flatMap((k) => differ((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return x === y ? [] : [`${path}: ${JSON.stringify(x)} ≠ ${JSON.stringify(y)}`];
}

const base = new Date(`${BASE.slice(0, 10)}T00:00:00Z`);
const RANGES = {
  "30 d": { from: new Date(base.getTime() + 150 * 86_400_000), to: new Date(base.getTime() + 180 * 86_400_000) },
  "365 d": { from: base, to: new Date(base.getTime() + 365 * 86_400_000) },
};

process.env.AUTH_SECRET ??= "bench-only-secret-bench-only-secret-0000";
process.env.LOG_LEVEL ??= "silent";
if (!args.child) {
  console.log(
    `bench/admin-stats: sizes ${SIZES.join("/")}, ${ROUNDS} rounds × ${RUNS} calls per range and side, budget p95 ≤ ${BUDGET_MS} ms, ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)}`,
  );
  const rows: Row[] = [];
  for (const n of SIZES) {
    const flags = [
      "--sizes",
      String(n),
      "--rounds",
      String(ROUNDS),
      "--runs",
      String(RUNS),
      "--budget",
      String(BUDGET_MS),
      "--child",
      ...(args.keep ? ["--keep"] : []),
    ];
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, ...flags], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
    for (const line of child.stdout.split("\n")) {
      if (line.startsWith("ROWS ")) rows.push(...(JSON.parse(line.slice(5)) as Row[]));
      else if (line) console.log(line);
    }
    if (child.status !== 0 && !child.stdout.includes("ROWS ")) process.exit(1);
  }
  const ok = printTable(`Admin statistics: getStats as the procedure runs it (queries in parallel + audit row); median / p95 of ${ROUNDS * RUNS} calls`, rows);
  console.log(`load ${loadavg()[0]!.toFixed(2)}`);
  process.exit(ok ? 0 : 1);
}

const rows: Row[] = [];
for (const n of SIZES) {
  const started = Date.now();
  const database = await provisionTestDatabase();
  try {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    for (const sql of SEED_SQL(n)) await admin.query(sql);
    console.log(
      `${n.toLocaleString("en")} sessions on ${database.kind}: seeded in ${((Date.now() - started) / 1000).toFixed(1)} s, load ${loadavg()[0]!.toFixed(2)}`,
    );

    process.env.DATABASE_URL = database.url;
    const { db } = await import("@/server/db");
    const { getStats, rollupQueries, statsQueries } = await import("@/server/statistics/get-stats");
    const { compactStatsRollup } = await import("@/server/statistics/compact-rollup");
    const compactStart = Date.now();
    const compacted = await compactStatsRollup();
    console.log(
      `  rollup compacted by the job in ${((Date.now() - compactStart) / 1000).toFixed(1)} s: ${compacted.folded.toLocaleString("en")} trigger rows → ${compacted.written.toLocaleString("en")}`,
    );
    const actor = { userId: "badmin", role: "ADMIN" as const, requestId: "bench", ip: null };
    // Both sides must give the same figures, or the timing compares nothing.
    for (const [label, range] of Object.entries(RANGES)) {
      const [live, rolled] = [await getStats({ actor, range, source: "live" }), await getStats({ actor, range, source: "rollup" })];
      const differences = differ(live, rolled);
      // Thrown, not exited: the finally below drops the throwaway database.
      if (differences.length) throw new Error(`${label}: the rollup's figures differ from the live ones:\n    ${differences.slice(0, 10).join("\n    ")}`);
    }
    // As autovacuum keeps them in production (index-only scans need the visibility map).
    await admin.query("VACUUM ANALYZE");
    const timings: Record<string, { baseline: number[]; rollup: number[] }> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (["baseline", "rollup"] as const) : (["rollup", "baseline"] as const);
      for (const side of order) {
        const source = side === "rollup" ? "rollup" : "live";
        for (const [label, range] of Object.entries(RANGES)) {
          const t = (timings[label] ??= { baseline: [], rollup: [] });
          await getStats({ actor, range, source }); // warm: plans, buffers
          for (let r = 0; r < RUNS; r++) {
            const start = performance.now();
            await getStats({ actor, range, source });
            t[side].push(performance.now() - start);
          }
        }
      }
      console.log(`  round ${round + 1}/${ROUNDS} done, load ${loadavg()[0]!.toFixed(2)}`);
    }
    // Where the time goes: each query alone, one after the other, median of 3.
    for (const [label, range] of Object.entries(RANGES)) {
      for (const [source, queries] of [
        ["live", statsQueries(range)],
        ["rollup", rollupQueries(range)],
      ] as const) {
        const parts: string[] = [];
        for (const [name, run] of Object.entries(queries)) {
          const times: number[] = [];
          for (let r = 0; r < 3; r++) {
            const start = performance.now();
            await run();
            times.push(performance.now() - start);
          }
          parts.push(`${name} ${median(times).toFixed(0)}`);
        }
        console.log(`  ${label}, each query alone (ms, ${source}): ${parts.join(", ")}`);
      }
    }
    for (const [label, t] of Object.entries(timings)) {
      const b = [...t.baseline].sort((x, y) => x - y);
      const x = [...t.rollup].sort((p, q) => p - q);
      const p95 = percentile(x, 95);
      rows.push({
        name: `admin.stats ${label}, ${n.toLocaleString("en")} sessions: median / p95`,
        baseline: `no rollup ${median(b).toFixed(0)} / ${percentile(b, 95).toFixed(0)} ms`,
        bedside: `${median(x).toFixed(0)} / ${p95.toFixed(0)} ms`,
        ratio: `×${(p95 / percentile(b, 95)).toFixed(2)}`,
        budget: `p95 ≤ ${BUDGET_MS} ms`,
        met: p95 <= BUDGET_MS,
      });
    }
    await admin.end();
    await db.$disconnect();
  } catch (error) {
    // Printed before the teardown below ends this process's connections (whose errors could
    // otherwise be the only thing printed).
    console.error(error);
    throw error;
  } finally {
    if (args.keep) console.log(`\nkept the database for inspection: ${database.url}`);
    else await database.teardown();
  }
}
console.log(`ROWS ${JSON.stringify(rows)}`);
process.exit(0);
