// Admin statistics on a large clinic: seeds N telemedicine sessions (default 1 000 000) with
// their consultations, patient participants, stints, payments and issues into a fresh
// database, then times each statistics query over a 30-day and a 365-day range, twice in the
// same process: first without the statistics indexes (the baseline: every query scans its
// table), then with them (migrations stats_indexes and session_clinician), and prints both
// and the ratio.
//
//   npx tsx bench/admin-stats/run.ts [sessions=1000000] [--keep]
//
// --keep leaves the database in place (its URL is printed) to look at query plans.
//
// The database is a throwaway one, provisioned exactly like the integration tests'
// (tests/db/provision.ts): a new database on TEST_DATABASE_URL's server when set (use a real
// PostgreSQL for meaningful figures), otherwise embedded PGlite in a temporary directory.
// Either is dropped at the end. Bounded: at most 2 000 000 sessions; each query runs 3 times
// (the best is printed). Tables are vacuumed before timing, as autovacuum keeps them in
// production (index-only scans need the visibility map).
//
// Figures are in the closing note of the admin issue and in ARCHITECTURE.md.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { provisionTestDatabase } from "@/tests/db/provision";

// server/statistics/get-stats.ts is marked server-only; outside Next that needs the react-server
// export condition. Re-run this script with it when it is missing.
if (!process.execArgv.some((arg) => arg.includes("react-server"))) {
  const rerun = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(rerun.status ?? 1);
}

const KEEP = process.argv.includes("--keep");
const N = Math.max(1000, Math.min(2_000_000, Number(process.argv.slice(2).find((a) => !a.startsWith("--")) ?? 1_000_000)));
const CLINICIANS = 200;
const PATIENTS = 10_000;
const RUNS = 3;
// Consultation n belongs to clinician n % 200 at slot n / 200 (30 minutes apart), so no
// clinician is double booked; N = 1 000 000 spans about 104 days from BASE.
const BASE = "2025-01-01 08:00:00";

const SEED_SQL = (n: number) => [
  `INSERT INTO "User" ("id","email","name","role","updatedAt")
     SELECT 'bc' || g, 'bench-clin-' || g || '@bench.test', 'Clinician ' || g, 'CLINICIAN', now() FROM generate_series(0, ${CLINICIANS - 1}) g`,
  `INSERT INTO "User" ("id","email","role","updatedAt")
     SELECT 'bu' || g, 'bench-pat-' || g || '@bench.test', 'PATIENT', now() FROM generate_series(0, ${PATIENTS - 1}) g`,
  `INSERT INTO "Patient" ("id","mrn","givenName","familyName","dateOfBirth","sex","userId","updatedAt")
     SELECT 'bp' || g, 'B-' || g, 'Pat', 'Ient' || g, '1970-01-01', 'UNKNOWN', 'bu' || g, now() FROM generate_series(0, ${PATIENTS - 1}) g`,
  `INSERT INTO "Visit" ("id","patientId","clinicianId","updatedAt")
     SELECT 'bv' || g, 'bp' || (g % ${PATIENTS}), 'bc' || (g % ${CLINICIANS}), now() FROM generate_series(0, ${n - 1}) g`,
  `INSERT INTO "Consultation" ("id","clinicianId","patientId","visitId","scheduledStart","scheduledEnd","durationMinutes","status","createdById","updatedAt")
     SELECT 'bk' || g, 'bc' || (g % ${CLINICIANS}), 'bp' || (g % ${PATIENTS}), 'bv' || g,
            timestamp '${BASE}' + (g / ${CLINICIANS}) * interval '30 minutes',
            timestamp '${BASE}' + (g / ${CLINICIANS}) * interval '30 minutes' + interval '20 minutes', 20,
            (CASE WHEN g % 20 = 0 THEN 'CANCELLED' WHEN g % 20 = 1 THEN 'NO_SHOW' ELSE 'COMPLETED' END)::"ConsultationStatus",
            'bc' || (g % ${CLINICIANS}), now()
       FROM generate_series(0, ${n - 1}) g`,
  `INSERT INTO "TelemedicineSession" ("id","visitId","consultationId","roomName","provider","status","scheduledStart","startedAt","endedAt","durationSeconds","createdById","createdAt","updatedAt")
     SELECT 'bs' || g, 'bv' || g, 'bk' || g, 'bench-room-' || g, 'P2P',
            (CASE WHEN g % 20 = 0 THEN 'CANCELLED' ELSE 'COMPLETED' END)::"SessionStatus",
            timestamp '${BASE}' + (g / ${CLINICIANS}) * interval '30 minutes', NULL, NULL,
            CASE WHEN g % 20 = 0 THEN NULL ELSE 300 + (g::bigint * 7919) % 1500 END,
            'bc' || (g % ${CLINICIANS}), timestamp '${BASE}', now()
       FROM generate_series(0, ${n - 1}) g`,
  `INSERT INTO "SessionParticipant" ("id","sessionId","userId","role","displayName","arrivedAt","admittedAt")
     SELECT 'bq' || g, 'bs' || g, 'bu' || (g % ${PATIENTS}), 'PATIENT', 'Patient',
            timestamp '${BASE}' + (g / ${CLINICIANS}) * interval '30 minutes' - interval '5 minutes',
            timestamp '${BASE}' + (g / ${CLINICIANS}) * interval '30 minutes' - interval '5 minutes' + ((g::bigint * 31) % 600) * interval '1 second'
       FROM generate_series(0, ${n - 1}) g`,
  `INSERT INTO "ParticipantStint" ("id","participantId","joinedAt","connectionId","connectedAt")
     SELECT 'bt' || g, 'bq' || g, timestamp '${BASE}' + (g / ${CLINICIANS}) * interval '30 minutes', 'c',
            CASE WHEN g % 25 = 0 THEN NULL ELSE timestamp '${BASE}' + (g / ${CLINICIANS}) * interval '30 minutes' END
       FROM generate_series(0, ${n - 1}) g`,
  `INSERT INTO "Payment" ("id","visitId","amountMinor","currency","method","receivedById","receivedAt")
     SELECT 'by' || g, 'bv' || g, 4500, 'USD', 'CARD', 'bc0', timestamp '${BASE}' + (g / ${CLINICIANS}) * interval '30 minutes' + interval '25 minutes'
       FROM generate_series(0, ${n - 1}, 5) g`,
  `INSERT INTO "TechnicalIssue" ("id","sessionId","reporterId","category","description","createdAt")
     SELECT 'bi' || g, 'bs' || g, 'bu' || (g % ${PATIENTS}), (ARRAY['AUDIO','VIDEO','CONNECTION','OTHER'])[1 + g % 4]::"IssueCategory", 'bench',
            timestamp '${BASE}' + (g / ${CLINICIANS}) * interval '30 minutes'
       FROM generate_series(0, ${n - 1}, 50) g`,
];

// The statistics indexes as the migrations leave them (a later definition of a name wins).
const INDEX_MIGRATIONS = ["20261121145309_stats_indexes", "20261121152544_session_clinician"];
const INDEX_STATEMENTS = new Map<string, string>();
for (const name of INDEX_MIGRATIONS) {
  const sql = readFileSync(join(import.meta.dirname, `../../prisma/migrations/${name}/migration.sql`), "utf8");
  for (const m of sql.matchAll(/CREATE INDEX "([^"]+)"[\s\S]*?;/g)) INDEX_STATEMENTS.set(m[1]!, m[0]);
}
const INDEX_NAMES = [...INDEX_STATEMENTS.keys()];
const INDEX_SQL = [...INDEX_STATEMENTS.values()].join("\n");

type Timings = Record<string, Record<string, number>>;

async function main() {
  const started = Date.now();
  const database = await provisionTestDatabase();
  try {
    console.log(`database: ${database.kind}; seeding ${N.toLocaleString("en")} sessions …`);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    for (const sql of SEED_SQL(N)) await client.query(sql);
    await client.end();
    console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    process.env.DATABASE_URL = database.url;
    // env.js needs a secret even though nothing here signs anything.
    process.env.AUTH_SECRET ??= "bench-only-secret-bench-only-secret-0000";
    process.env.LOG_LEVEL ??= "silent";
    const { statsQueries } = await import("@/server/statistics/get-stats");
    const { db } = await import("@/server/db");
    const base = new Date(`${BASE.replace(" ", "T")}Z`);
    const ranges = {
      "30 days": { from: new Date(base.getTime() + 30 * 86_400_000), to: new Date(base.getTime() + 60 * 86_400_000) },
      "365 days": { from: base, to: new Date(base.getTime() + 365 * 86_400_000) },
    };
    const time = async (): Promise<Timings> => {
      const out: Timings = {};
      for (const [label, range] of Object.entries(ranges)) {
        out[label] = {};
        for (const [name, run] of Object.entries(statsQueries(range))) {
          let best = Infinity;
          for (let i = 0; i < RUNS; i++) {
            const t = performance.now();
            await run();
            best = Math.min(best, performance.now() - t);
          }
          out[label]![name] = best;
        }
      }
      return out;
    };

    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    for (const name of INDEX_NAMES) await admin.query(`DROP INDEX IF EXISTS "${name}"`);
    await admin.query("VACUUM ANALYZE");
    console.log(`baseline: without the ${INDEX_NAMES.length} statistics indexes …`);
    const baseline = await time();
    await admin.query(INDEX_SQL);
    await admin.query("VACUUM ANALYZE");
    console.log("with the statistics indexes …");
    const indexed = await time();
    await admin.end();

    for (const label of Object.keys(ranges)) {
      console.log(`\nrange ${label}        baseline ms   indexed ms   indexed/baseline`);
      for (const name of Object.keys(indexed[label]!)) {
        const b = baseline[label]![name]!;
        const i = indexed[label]![name]!;
        console.log(
          `  ${name.padEnd(16)} ${b.toFixed(1).padStart(11)} ${i.toFixed(1).padStart(12)} ${(i / b).toFixed(2).padStart(14)}x${i > 300 ? "  (over the 300 ms target)" : ""}`,
        );
      }
    }
    await db.$disconnect();
  } finally {
    if (KEEP) console.log(`\nkept the database for inspection: ${database.url}`);
    else await database.teardown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
