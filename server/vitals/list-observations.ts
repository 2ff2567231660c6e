// A patient's readings over a time range, for charts. Up to `maxPoints` sets come back as
// they were taken; longer ranges of streamed data come as equal time buckets, each drawn as
// its lowest and its highest value of every vital (with the worst NEWS2 of the bucket), so a
// month of 1 Hz readings still draws at once and no extreme is averaged away.
import "server-only";
import type { Actor } from "@/server/audit/actor";
import { auditEachRowSql } from "@/server/audit/record-audit";
import { sqlQuery } from "@/server/db";
import { AppError } from "@/server/errors";
import type { News2Risk } from "@/server/generated/prisma/enums";
import { Prisma } from "@/server/generated/prisma/client";
import { patientNotFound, visiblePatientsSql } from "@/server/access/patient-access";
import { emptySeries } from "@/lib/vitals/history-point";

export const MAX_HISTORY_RANGE_MS = 92 * 24 * 60 * 60_000;

export interface ListObservationsOptions {
  actor: Actor;
  patientId: string;
  from: Date;
  to: Date;
  maxPoints?: number;
}

const RISK_ORDER: News2Risk[] = ["LOW", "LOW_MEDIUM", "MEDIUM", "HIGH"];
/** A reading's NEWS2 risk as its index in RISK_ORDER, so a bucket's worst is a max(). */
const RISK_RANK = Prisma.raw(`CASE "news2Risk" WHEN 'HIGH' THEN 3 WHEN 'MEDIUM' THEN 2 WHEN 'LOW_MEDIUM' THEN 1 ELSE 0 END`);

/** A reading or half a bucket, with the statement's verdicts (one row, t NULL, when there are no points). */
interface HistoryRow {
  visible: boolean;
  exists: boolean;
  bucketed: boolean;
  /** observedAt in epoch milliseconds (the series' own unit: no Date per point). */
  t: number | null;
  high: boolean;
  seq: number | null;
  heartRate: number | null;
  systolicBp: number | null;
  diastolicBp: number | null;
  respiratoryRate: number | null;
  spo2: number | null;
  temperature: number | null;
  news2Total: number;
  risk: number;
  complete: boolean;
  n: number;
}

/**
 * Points a history chart can draw: the widest chart (two columns in the 1152 px page) plots
 * about 500 px, so more points only cost transfer and parsing. Bucketed, that is 300 intervals
 * of a low and a high point each (24 h of minute readings: 1,440 sets → 300 buckets of 288 s).
 */
export const CHART_MAX_POINTS = 600;

export async function listObservations({ actor, patientId, from, to, maxPoints = CHART_MAX_POINTS }: ListObservationsOptions) {
  if (to.getTime() <= from.getTime() || to.getTime() - from.getTime() > MAX_HISTORY_RANGE_MS) {
    throw new AppError("BAD_REQUEST", "Choose a range that ends after it starts and spans at most 92 days.", { reason: "invalid_range" });
  }
  // One statement, one round trip, no transaction (a read needs none): the visibility check
  // (`visiblePatients`, translated), the count, the readings or their buckets, and — a
  // data-modifying CTE, only for a patient the actor may see — the audit row. The audit row
  // commits with the read or the read fails, so no reading leaves without it.
  //
  // Up to maxPoints readings come back as they were taken. More come as buckets of two points
  // each (its lowest and its highest value of every vital), so a bucket holds maxPoints / 2
  // intervals and the chart keeps every extreme: a dip in SpO₂ or a spike in heart rate shows
  // at its real value, never averaged away. The low point sits at the bucket's start and the
  // high point half a bucket later (within a pixel or two at the chart's width); a bucket of
  // one reading gives one point. NEWS2 on both is the bucket's worst, as alerts see it. Which
  // of the two is decided by the count inside the statement (a one-time filter: the other
  // branch reads nothing).
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const bucketSeconds = Math.ceil((to.getTime() - from.getTime()) / 1000 / buckets);
  const readings = Prisma.sql`"patientId" = (SELECT "id" FROM p) AND "observedAt" >= ${from} AND "observedAt" < ${to}`;
  const rows = await sqlQuery<HistoryRow>(Prisma.sql`
    WITH p AS (
      SELECT pt."id" FROM "Patient" pt WHERE pt."id" = ${patientId} AND ${visiblePatientsSql(actor, "pt")}
    ), c AS (
      SELECT count(*)::int AS n FROM "VitalObservation" WHERE ${readings}
    ), b AS (
      SELECT date_bin(make_interval(secs => ${bucketSeconds}), "observedAt", ${from}::timestamp) AS t,
             min("heartRate") AS "heartRateLo", max("heartRate") AS "heartRateHi",
             min("systolicBp") AS "systolicBpLo", max("systolicBp") AS "systolicBpHi",
             min("diastolicBp") AS "diastolicBpLo", max("diastolicBp") AS "diastolicBpHi",
             min("respiratoryRate") AS "respiratoryRateLo", max("respiratoryRate") AS "respiratoryRateHi",
             min("spo2") AS "spo2Lo", max("spo2") AS "spo2Hi",
             min("temperature")::float8 AS "temperatureLo", max("temperature")::float8 AS "temperatureHi",
             max("news2Total") AS "news2Total", max(${RISK_RANK}) AS "risk",
             bool_and("news2Complete") AS "complete", count(*)::int AS n
        FROM "VitalObservation"
       WHERE ${readings} AND (SELECT n FROM c) > ${maxPoints}
       GROUP BY 1
    ), points AS (
      SELECT "observedAt" AS t, FALSE AS high, "seq", "heartRate", "systolicBp", "diastolicBp", "respiratoryRate", "spo2",
             "temperature"::float8 AS "temperature", "news2Total", ${RISK_RANK} AS "risk", "news2Complete" AS "complete", 1 AS n
        FROM "VitalObservation"
       WHERE ${readings} AND (SELECT n FROM c) <= ${maxPoints}
      UNION ALL
      SELECT t, FALSE, NULL, "heartRateLo", "systolicBpLo", "diastolicBpLo", "respiratoryRateLo", "spo2Lo", "temperatureLo", "news2Total", "risk", "complete", n
        FROM b
      UNION ALL
      SELECT t + make_interval(secs => ${bucketSeconds / 2}), TRUE, NULL, "heartRateHi", "systolicBpHi", "diastolicBpHi",
             "respiratoryRateHi", "spo2Hi", "temperatureHi", "news2Total", "risk", "complete", n
        FROM b WHERE n > 1
    ), audit AS (
      ${auditEachRowSql(
        actor,
        { action: "vitals.history.read", entityType: "Patient" },
        {
          rows: "p CROSS JOIN c",
          entityId: `p."id"`,
          patientId: `p."id"`,
          metadata: Prisma.sql`jsonb_build_object('from', ${from.toISOString()}::text, 'to', ${to.toISOString()}::text, 'observations', c.n)`,
        },
      )}
    )
    SELECT EXISTS (SELECT 1 FROM p) AS visible,
           EXISTS (SELECT 1 FROM p) OR EXISTS (SELECT 1 FROM "Patient" WHERE "id" = ${patientId}) AS "exists",
           (SELECT n FROM c) > ${maxPoints} AS bucketed,
           (extract(epoch FROM x.t) * 1000)::float8 AS t, x.high, x."seq", x."heartRate", x."systolicBp", x."diastolicBp",
           x."respiratoryRate", x."spo2", x."temperature", x."news2Total", x."risk", x."complete", x.n
      FROM (SELECT 1) one LEFT JOIN points x ON TRUE
     ORDER BY x.t, x.high, x."seq"`);
  const head = rows[0]!;
  if (!head.visible) throw patientNotFound(actor, patientId, "vitals.history.read", head.exists);
  const series = emptySeries();
  for (const r of rows) {
    if (r.t === null) continue; // the one row of a range without readings
    // pushPoint's columns, from epoch milliseconds rather than a Date: ~600 Dates a request
    // cost more than the rest of this loop (Next wraps the global Date constructor).
    series.t.push(r.t);
    series.seq.push(r.seq);
    series.heartRate.push(r.heartRate);
    series.systolicBp.push(r.systolicBp);
    series.diastolicBp.push(r.diastolicBp);
    series.respiratoryRate.push(r.respiratoryRate);
    series.spo2.push(r.spo2);
    series.temperature.push(r.temperature);
    series.news2Total.push(r.news2Total);
    series.news2Risk.push(RISK_ORDER[r.risk] ?? "LOW");
    series.news2Complete.push(r.complete);
    series.count.push(r.n);
  }
  return { from, to, bucketSeconds: head.bucketed ? bucketSeconds : null, series };
}
