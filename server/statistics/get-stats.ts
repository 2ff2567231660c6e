import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
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
// Every query is answered from an index on its date column (migration stats_indexes); keep
// the predicates in the indexed form (same expression, range on the key) when editing.

export interface StatsRange {
  from: Date;
  to: Date;
}

// Exactly the expression of the index TelemedicineSession_stats_day_idx.
const SESSION_DAY = Prisma.raw(`COALESCE(s."scheduledStart", s."createdAt")`);
const sessionDay = (from: Date, to: Date) => Prisma.sql`${SESSION_DAY} >= ${from} AND ${SESSION_DAY} < ${to}`;

/** Each statistic as its own query (the bench times them one by one). */
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
      db.$queryRaw<{ n: number; avg: number | null; p90: number | null }[]>`
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
       ORDER BY total DESC, u."name"`,
  };
}

export async function computeStats({ from, to }: StatsRange) {
  const q = statsQueries({ from, to });
  const [sessionsPerDay, outcomes, duration, wait, joins, issues, revenue, clinicians] = await Promise.all([
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
export async function getStats({ actor, range }: { actor: Actor; range: StatsRange }) {
  requireAdmin(actor, "stats.read");
  // The audit row goes in alongside the queries; either failing fails the call.
  const [stats] = await Promise.all([
    computeStats(range),
    recordAudit(db, actor, {
      action: "stats.read",
      entityType: "Statistics",
      metadata: { from: range.from.toISOString(), to: range.to.toISOString() },
    }),
  ]);
  return stats;
}
