import "server-only";
import type { Actor } from "@/server/audit/actor";
import { auditInsertSql } from "@/server/audit/record-audit";
import { db, sqlQuery } from "@/server/db";
import { Prisma } from "@/server/generated/prisma/client";
import { requireAdmin } from "@/server/access/roles";

// Service statistics for [from, to), all computed by PostgreSQL. Days are UTC calendar days.
//
// Definitions (also shown on /admin):
// - A session belongs to the day it was scheduled for, or the day it was created when it had
//   no schedule (ad-hoc sessions).
// - Outcome rates are over consultations scheduled in the range: completed, cancelled and
//   no-show, each divided by all consultations in the range (still-scheduled ones count in
//   the denominator, so the three rates need not add up to 1).
// - Duration: durationSeconds of COMPLETED sessions in the range (average and 90th percentile,
//   continuous).
// - Wait: admittedAt - arrivedAt of patients admitted from the waiting room during the range.
// - A "join" is one ParticipantStint (one time someone entered the call), counted in the range
//   it began; it "connected" when media flowed (connectedAt set). Connected share = connected
//   stints / all stints.
// - Technical issues by the day they were reported; revenue by the day a payment was received,
//   per currency (amounts in minor units).
// - Per clinician: consultations scheduled in the range by the consultation's clinician, and
//   the average duration of the completed sessions of the range (as for Duration above) by
//   the session's clinician (its visit's, copied onto the session by the database), ad-hoc
//   sessions included. A clinician with only ad-hoc sessions shows 0 consultations.
//
// Two ways to the same figures:
// - rollupQueries: whole UTC days [from, to) read from the daily rollup StatsRollup
//   (migration stats_rollup), which database triggers keep exact in the writers'
//   transactions, today included. The 90th percentile is exact too: the rollup's per-minute
//   histogram of durations says which minute holds the percentile's rows and an index on
//   durationSeconds fetches those rows. Used for every range whose ends are UTC midnights
//   (the /admin page's are).
// - statsQueries: the definitions above computed from the source tables, each answered from
//   an index on its date column (migration stats_indexes; keep the predicates in the indexed
//   form when editing). Used for ranges that cut a day, and the truth the rollup is tested
//   against (get-stats.int.test.ts) and timed against (bench/admin-stats).
// The rollup's contribution functions in the migration are the same definitions again: a
// change to a definition changes both (and the test comparing them fails until it does).

export interface StatsRange {
  from: Date;
  to: Date;
}

// Exactly the expression of the index TelemedicineSession_stats_day_idx.
const SESSION_DAY = Prisma.raw(`COALESCE(s."scheduledStart", s."createdAt")`);
const sessionDay = (from: Date, to: Date) => Prisma.sql`${SESSION_DAY} >= ${from} AND ${SESSION_DAY} < ${to}`;

type DurationRow = { n: number; avg: number | null; p90: number | null };
type ClinicianRow = {
  clinicianId: string;
  name: string | null;
  total: number;
  completed: number;
  cancelled: number;
  noShow: number;
  avgDurationSeconds: number | null;
};

/** Each statistic as its own query on the source tables (the bench times them one by one). */
export function statsQueries({ from, to }: StatsRange) {
  return {
    // Grouped by the day as a timestamp and formatted afterwards: to_char on every row
    // costs more than the scan.
    sessionsPerDay: () =>
      db.$queryRaw<{ day: string; total: number; completed: number }[]>`
      SELECT to_char(day, 'YYYY-MM-DD') AS day, total, completed
        FROM (SELECT date_trunc('day', ${SESSION_DAY}) AS day,
                     count(*)::int AS total,
                     count(*) FILTER (WHERE s."status" = 'COMPLETED')::int AS completed
                FROM "TelemedicineSession" s
               WHERE ${sessionDay(from, to)}
               GROUP BY 1) t
       ORDER BY t.day`,
    outcomes: () =>
      db.$queryRaw<
        {
          total: number;
          completed: number;
          cancelled: number;
          noShow: number;
        }[]
      >`
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE "status" = 'COMPLETED')::int AS completed,
             count(*) FILTER (WHERE "status" = 'CANCELLED')::int AS cancelled,
             count(*) FILTER (WHERE "status" = 'NO_SHOW')::int AS "noShow"
        FROM "Consultation"
       WHERE "scheduledStart" >= ${from} AND "scheduledStart" < ${to}`,
    duration: () =>
      db.$queryRaw<DurationRow[]>`
      SELECT count(*)::int AS n,
             avg(s."durationSeconds")::float8 AS avg,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY s."durationSeconds")::float8 AS p90
        FROM "TelemedicineSession" s
       WHERE s."status" = 'COMPLETED' AND s."durationSeconds" IS NOT NULL
         AND ${sessionDay(from, to)}`,
    wait: () =>
      db.$queryRaw<{ n: number; avg: number | null }[]>`
      SELECT count(*)::int AS n,
             avg(extract(epoch FROM "admittedAt" - "arrivedAt"))::float8 AS avg
        FROM "SessionParticipant"
       WHERE "role" = 'PATIENT' AND "arrivedAt" IS NOT NULL AND "admittedAt" IS NOT NULL
         AND "admittedAt" >= ${from} AND "admittedAt" < ${to}`,
    joins: () =>
      db.$queryRaw<{ total: number; connected: number }[]>`
      SELECT count(*)::int AS total, count("connectedAt")::int AS connected
        FROM "ParticipantStint"
       WHERE "joinedAt" >= ${from} AND "joinedAt" < ${to}`,
    issues: () =>
      db.$queryRaw<{ category: string; count: number }[]>`
      SELECT "category"::text AS category, count(*)::int AS count
        FROM "TechnicalIssue"
       WHERE "createdAt" >= ${from} AND "createdAt" < ${to}
       GROUP BY 1 ORDER BY 1`,
    revenue: () =>
      db.$queryRaw<
        {
          day: string;
          currency: string;
          amountMinor: number;
          payments: number;
        }[]
      >`
      SELECT to_char(day, 'YYYY-MM-DD') AS day, currency, "amountMinor", payments
        FROM (SELECT date_trunc('day', "receivedAt") AS day,
                     "currency"::text AS currency,
                     sum("amountMinor")::float8 AS "amountMinor",
                     count(*)::int AS payments
                FROM "Payment"
               WHERE "receivedAt" >= ${from} AND "receivedAt" < ${to}
               GROUP BY 1, 2) t
       ORDER BY t.day, t.currency`,
    clinicians: () =>
      db.$queryRaw<ClinicianRow[]>`
      SELECT u."id" AS "clinicianId", u."name" AS name,
             COALESCE(k.total, 0)::int AS total, COALESCE(k.completed, 0)::int AS completed,
             COALESCE(k.cancelled, 0)::int AS cancelled, COALESCE(k."noShow", 0)::int AS "noShow",
             d."avgDurationSeconds"
        FROM (
          SELECT "clinicianId",
                 count(*) AS total,
                 count(*) FILTER (WHERE "status" = 'COMPLETED') AS completed,
                 count(*) FILTER (WHERE "status" = 'CANCELLED') AS cancelled,
                 count(*) FILTER (WHERE "status" = 'NO_SHOW') AS "noShow"
            FROM "Consultation"
           WHERE "scheduledStart" >= ${from} AND "scheduledStart" < ${to}
           GROUP BY 1
        ) k
        FULL JOIN (
          SELECT s."clinicianId", avg(s."durationSeconds")::float8 AS "avgDurationSeconds"
            FROM "TelemedicineSession" s
           WHERE s."status" = 'COMPLETED' AND s."durationSeconds" IS NOT NULL AND ${sessionDay(from, to)}
           GROUP BY 1
        ) d ON d."clinicianId" = k."clinicianId"
        JOIN "User" u ON u."id" = COALESCE(k."clinicianId", d."clinicianId")
       ORDER BY total DESC, u."name", u."id"`,
  };
}

const DAY_MS = 24 * 60 * 60_000;
const isUtcMidnight = (d: Date) => d.getTime() % DAY_MS === 0;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The same figures, same shapes, from the daily rollup, for whole UTC days [from, to), each as
 * its own statement (the bench times them one by one; getStats reads them all as one, see
 * rollupStatsSql). A figure is the sum of its rows (see model StatsRollup); keys whose rows
 * cancel out (a consultation moved to another day) are left out as the source tables would.
 */
export function rollupQueries(range: StatsRange) {
  const sql = rollupSql(range);
  return {
    sessionsPerDay: () => db.$queryRaw<{ day: string; total: number; completed: number }[]>(sql.sessionsPerDay),
    outcomes: () => db.$queryRaw<{ total: number; completed: number; cancelled: number; noShow: number }[]>(sql.outcomes),
    duration: () => db.$queryRaw<DurationRow[]>(sql.duration),
    wait: () => db.$queryRaw<{ n: number; avg: number | null }[]>(sql.wait),
    joins: () => db.$queryRaw<{ total: number; connected: number }[]>(sql.joins),
    issues: () => db.$queryRaw<{ category: string; count: number }[]>(sql.issues),
    revenue: () => db.$queryRaw<{ day: string; currency: string; amountMinor: number; payments: number }[]>(sql.revenue),
    clinicians: () => db.$queryRaw<ClinicianRow[]>(sql.clinicians),
  };
}

function rollupSql({ from, to }: StatsRange) {
  if (!isUtcMidnight(from) || !isUtcMidnight(to)) throw new Error("rollupQueries needs a range of whole UTC days");
  const days = (metric: string) => Prisma.sql`r."metric" = ${metric} AND r."day" >= ${isoDay(from)}::date AND r."day" < ${isoDay(to)}::date`;
  return {
    sessionsPerDay: Prisma.sql`
      SELECT to_char(r."day", 'YYYY-MM-DD') AS day, sum(r."n")::int AS total, sum(r."a")::int AS completed
        FROM "StatsRollup" r
       WHERE ${days("session")}
       GROUP BY r."day" HAVING sum(r."n") <> 0
       ORDER BY r."day"`,
    outcomes: Prisma.sql`
      SELECT COALESCE(sum(r."n"), 0)::int AS total, COALESCE(sum(r."a"), 0)::int AS completed,
             COALESCE(sum(r."b"), 0)::int AS cancelled, COALESCE(sum(r."c"), 0)::int AS "noShow"
        FROM "StatsRollup" r
       WHERE ${days("consultation")}`,
    // percentile_cont(0.9) over n sorted values reads the values at ranks floor and ceil of
    // 0.9·(n − 1) and interpolates between them. The minute histogram locates the first of
    // them (its minute and its rank there); the session index returns it and its successor
    // (the next value, possibly in a later minute); the interpolation is PostgreSQL's own
    // (first + (second − first) · fraction, in float8). One statement, so one snapshot.
    duration: Prisma.sql`
      WITH totals AS (
        SELECT COALESCE(sum(r."b"), 0)::int AS n, (sum(r."total") / NULLIF(sum(r."b"), 0))::float8 AS avg
          FROM "StatsRollup" r
         WHERE ${days("session")}
      ), histogram AS (
        SELECT r."dim"::int AS minute, sum(r."n") AS n
          FROM "StatsRollup" r
         WHERE ${days("duration")}
         GROUP BY r."dim" HAVING sum(r."n") <> 0
      ), ranked AS (
        SELECT minute, n, sum(n) OVER (ORDER BY minute) - n AS before,
               0.9::float8 * (sum(n) OVER () - 1)::float8 AS pos
          FROM histogram
      ), located AS (
        SELECT minute, pos, floor(pos)::bigint - before::bigint AS skip
          FROM ranked
         WHERE before <= floor(pos) AND floor(pos) < before + n
      ), pair AS (
        SELECT l.pos, ARRAY(
                 SELECT s."durationSeconds"::float8
                   FROM "TelemedicineSession" s
                  WHERE s."status" = 'COMPLETED' AND s."durationSeconds" IS NOT NULL
                    AND s."durationSeconds" >= l.minute * 60 AND ${sessionDay(from, to)}
                  ORDER BY s."durationSeconds"
                 OFFSET l.skip LIMIT 2) AS v
          FROM located l
      )
      SELECT t.n, t.avg,
             CASE WHEN p.v IS NULL OR cardinality(p.v) = 0 THEN NULL
                  WHEN ceil(p.pos) = floor(p.pos) OR cardinality(p.v) = 1 THEN p.v[1]
                  ELSE p.v[1] + (p.v[2] - p.v[1]) * (p.pos - floor(p.pos)) END AS p90
        FROM totals t LEFT JOIN pair p ON true`,
    wait: Prisma.sql`
      SELECT COALESCE(sum(r."n"), 0)::int AS n, (sum(r."total") / NULLIF(sum(r."n"), 0))::float8 AS avg
        FROM "StatsRollup" r
       WHERE ${days("wait")}`,
    joins: Prisma.sql`
      SELECT COALESCE(sum(r."n"), 0)::int AS total, COALESCE(sum(r."a"), 0)::int AS connected
        FROM "StatsRollup" r
       WHERE ${days("join")}`,
    issues: Prisma.sql`
      SELECT r."dim" AS category, sum(r."n")::int AS count
        FROM "StatsRollup" r
       WHERE ${days("issue")}
       GROUP BY 1 HAVING sum(r."n") <> 0 ORDER BY 1`,
    revenue: Prisma.sql`
      SELECT to_char(r."day", 'YYYY-MM-DD') AS day, r."dim" AS currency,
             sum(r."total")::float8 AS "amountMinor", sum(r."n")::int AS payments
        FROM "StatsRollup" r
       WHERE ${days("revenue")}
       GROUP BY r."day", r."dim" HAVING sum(r."n") <> 0
       ORDER BY r."day", r."dim"`,
    clinicians: Prisma.sql`
      SELECT u."id" AS "clinicianId", u."name" AS name,
             k.total::int AS total, k.completed::int AS completed, k.cancelled::int AS cancelled, k."noShow"::int AS "noShow",
             (k."durationTotal" / NULLIF(k.durations, 0))::float8 AS "avgDurationSeconds"
        FROM (
          SELECT r."dim", sum(r."n") AS total, sum(r."a") AS completed, sum(r."b") AS cancelled, sum(r."c") AS "noShow",
                 sum(r."d") AS durations, sum(r."total") AS "durationTotal"
            FROM "StatsRollup" r
           WHERE ${days("clinician")}
           GROUP BY r."dim"
        ) k
        JOIN "User" u ON u."id" = k."dim"
       WHERE k.total <> 0 OR k.durations <> 0
       ORDER BY total DESC, u."name", u."id"`,
  };
}

type Figures = { [K in keyof ReturnType<typeof rollupQueries>]: Awaited<ReturnType<ReturnType<typeof rollupQueries>[K]>> };

/**
 * Every rollup figure in one statement (one round trip, one snapshot): each query above
 * becomes a column holding its rows as a JSON array, in the query's own order (json_agg's
 * ORDER BY repeats it on the output columns). float8 travels as PostgreSQL's shortest exact
 * text in JSON as in a column, so every figure is the same number. `audit`, when given, is an
 * INSERT run as a data-modifying CTE of the same statement: the figures and their audit row
 * commit together, or the read fails.
 */
function rollupStatsSql(range: StatsRange, audit: Prisma.Sql | null): Prisma.Sql {
  const sql = rollupSql(range);
  const rows = (query: Prisma.Sql, order: string | null) =>
    Prisma.sql`(SELECT COALESCE(json_agg(q${Prisma.raw(order ? ` ORDER BY ${order}` : "")}), '[]'::json) FROM (${query}) q)`;
  return Prisma.sql`${audit ? Prisma.sql`WITH audit AS (${audit}) ` : Prisma.empty}
    SELECT ${rows(sql.sessionsPerDay, `q."day"`)} AS "sessionsPerDay",
           ${rows(sql.outcomes, null)} AS "outcomes",
           ${rows(sql.duration, null)} AS "duration",
           ${rows(sql.wait, null)} AS "wait",
           ${rows(sql.joins, null)} AS "joins",
           ${rows(sql.issues, `q."category"`)} AS "issues",
           ${rows(sql.revenue, `q."day", q."currency"`)} AS "revenue",
           ${rows(sql.clinicians, `q."total" DESC, q."name", q."clinicianId"`)} AS "clinicians"`;
}

/**
 * Where the figures come from: "rollup" (whole UTC days only; the default for those) or
 * "live" (the source tables; the default for a range that cuts a day).
 */
export type StatsSource = "rollup" | "live";

async function readFigures(range: StatsRange, source: StatsSource, audit: Prisma.Sql | null): Promise<Figures> {
  if (source === "rollup") {
    const [figures] = await sqlQuery<Figures>(rollupStatsSql(range, audit));
    return figures!;
  }
  const q = statsQueries(range);
  const [sessionsPerDay, outcomes, duration, wait, joins, issues, revenue, clinicians] = await Promise.all([
    q.sessionsPerDay(),
    q.outcomes(),
    q.duration(),
    q.wait(),
    q.joins(),
    q.issues(),
    q.revenue(),
    q.clinicians(),
    audit ? db.$executeRaw(audit) : null,
  ]);
  return { sessionsPerDay, outcomes, duration, wait, joins, issues, revenue, clinicians };
}

const defaultSource = ({ from, to }: StatsRange): StatsSource => (isUtcMidnight(from) && isUtcMidnight(to) ? "rollup" : "live");

export async function computeStats(range: StatsRange, source: StatsSource = defaultSource(range)) {
  return shapeStats(range, await readFigures(range, source, null));
}

function shapeStats({ from, to }: StatsRange, { sessionsPerDay, outcomes, duration, wait, joins, issues, revenue, clinicians }: Figures) {
  const o = outcomes[0] ?? { total: 0, completed: 0, cancelled: 0, noShow: 0 };
  const rate = (n: number) => (o.total ? n / o.total : null);
  const j = joins[0] ?? { total: 0, connected: 0 };
  return {
    from,
    to,
    sessionsPerDay,
    consultations: {
      ...o,
      completedRate: rate(o.completed),
      cancelledRate: rate(o.cancelled),
      noShowRate: rate(o.noShow),
    },
    duration: {
      sessions: duration[0]?.n ?? 0,
      avgSeconds: duration[0]?.avg ?? null,
      p90Seconds: duration[0]?.p90 ?? null,
    },
    wait: { patients: wait[0]?.n ?? 0, avgSeconds: wait[0]?.avg ?? null },
    joins: {
      total: j.total,
      connected: j.connected,
      connectedShare: j.total ? j.connected / j.total : null,
    },
    issuesByCategory: issues,
    revenuePerDay: revenue,
    clinicians,
  };
}

/** The admin-facing statistics: aggregates only (no patient information), the view is audited. */
export async function getStats({ actor, range, source = defaultSource(range) }: { actor: Actor; range: StatsRange; source?: StatsSource }) {
  requireAdmin(actor, "stats.read");
  // The audit row goes in with the figures: from the rollup, in the same statement (one round
  // trip); from the source tables, alongside the queries. Either failing fails the call.
  const audit = auditInsertSql(actor, [
    { action: "stats.read", entityType: "Statistics", metadata: { from: range.from.toISOString(), to: range.to.toISOString() } },
  ]);
  return shapeStats(range, await readFigures(range, source, audit));
}
