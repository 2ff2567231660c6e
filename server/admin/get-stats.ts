import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { requireAdmin } from "./require-admin";

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
// - Per clinician: consultations scheduled in the range, by the consultation's clinician; the
//   average duration is over those consultations' completed sessions.
//
// Every query is answered from an index on its date column (migration stats_indexes); keep
// the predicates in the indexed form (same expression, range on the key) when editing.

export interface StatsRange {
  from: Date;
  to: Date;
}

const SESSION_DAY = `COALESCE(s."scheduledStart", s."createdAt")`;

/** Each statistic as its own query (the bench times them one by one). */
export function statsQueries({ from, to }: StatsRange) {
  return {
    sessionsPerDay: () =>
      db.$queryRawUnsafe<{ day: string; total: number; completed: number }[]>(
        `SELECT to_char(date_trunc('day', ${SESSION_DAY}), 'YYYY-MM-DD') AS day,
              count(*)::int AS total,
              count(*) FILTER (WHERE s."status" = 'COMPLETED')::int AS completed
         FROM "TelemedicineSession" s
        WHERE ${SESSION_DAY} >= $1 AND ${SESSION_DAY} < $2
        GROUP BY 1 ORDER BY 1`,
        from,
        to,
      ),
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
      db.$queryRawUnsafe<
        { n: number; avg: number | null; p90: number | null }[]
      >(
        `SELECT count(*)::int AS n,
              avg(s."durationSeconds")::float8 AS avg,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY s."durationSeconds")::float8 AS p90
         FROM "TelemedicineSession" s
        WHERE s."status" = 'COMPLETED' AND s."durationSeconds" IS NOT NULL
          AND ${SESSION_DAY} >= $1 AND ${SESSION_DAY} < $2`,
        from,
        to,
      ),
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
      SELECT to_char(date_trunc('day', "receivedAt"), 'YYYY-MM-DD') AS day,
             "currency"::text AS currency,
             sum("amountMinor")::float8 AS "amountMinor",
             count(*)::int AS payments
        FROM "Payment"
       WHERE "receivedAt" >= ${from} AND "receivedAt" < ${to}
       GROUP BY 1, 2 ORDER BY 1, 2`,
    clinicians: () =>
      db.$queryRaw<
        {
          clinicianId: string;
          name: string | null;
          total: number;
          completed: number;
          cancelled: number;
          noShow: number;
          avgDurationSeconds: number | null;
        }[]
      >`
      WITH c AS (
          SELECT "id", "clinicianId", "status" FROM "Consultation"
           WHERE "scheduledStart" >= ${from} AND "scheduledStart" < ${to}
        ), counts AS (
          SELECT "clinicianId",
                 count(*)::int AS total,
                 count(*) FILTER (WHERE "status" = 'COMPLETED')::int AS completed,
                 count(*) FILTER (WHERE "status" = 'CANCELLED')::int AS cancelled,
                 count(*) FILTER (WHERE "status" = 'NO_SHOW')::int AS "noShow"
            FROM c GROUP BY 1
        ), durations AS (
          SELECT c."clinicianId", avg(s."durationSeconds")::float8 AS "avgDurationSeconds"
            FROM c JOIN "TelemedicineSession" s
              ON s."consultationId" = c."id" AND s."status" = 'COMPLETED' AND s."consultationId" IS NOT NULL
           GROUP BY 1
        )
        SELECT k."clinicianId" AS "clinicianId", u."name" AS name, k.total, k.completed, k.cancelled, k."noShow", d."avgDurationSeconds"
          FROM counts k JOIN "User" u ON u."id" = k."clinicianId" LEFT JOIN durations d ON d."clinicianId" = k."clinicianId"
         ORDER BY total DESC, u."name"`,
  };
}

export async function computeStats({ from, to }: StatsRange) {
  const q = statsQueries({ from, to });
  const [
    sessionsPerDay,
    outcomes,
    duration,
    wait,
    joins,
    issues,
    revenue,
    clinicians,
  ] = await Promise.all([
    q.sessionsPerDay(),
    q.outcomes(),
    q.duration(),
    q.wait(),
    q.joins(),
    q.issues(),
    q.revenue(),
    q.clinicians(),
  ]);
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
export async function getStats({
  actor,
  range,
}: {
  actor: Actor;
  range: StatsRange;
}) {
  requireAdmin(actor, "stats.read");
  const stats = await computeStats(range);
  await recordAudit(db, actor, {
    action: "stats.read",
    entityType: "Statistics",
    metadata: { from: range.from.toISOString(), to: range.to.toISOString() },
  });
  return stats;
}
