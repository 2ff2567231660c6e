// A patient's readings over a time range, for charts. Up to `maxPoints` sets come back as
// they were taken; longer ranges of streamed data come as equal time buckets, each drawn as
// its lowest and its highest value of every vital (with the worst NEWS2 of the bucket), so a
// month of 1 Hz readings still draws at once and no extreme is averaged away.
import "server-only";
import type { Actor } from "@/server/audit/actor";
import { auditInsertSql, recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { News2Risk } from "@/server/generated/prisma/enums";
import { pointOfReading } from "@/lib/vitals/history-point";
import { observationSelect, toObservationView } from "./observation-view";
import { findVitalsPatient } from "@/server/access/vitals-access";

export const MAX_HISTORY_RANGE_MS = 92 * 24 * 60 * 60_000;

export interface ListObservationsOptions {
  actor: Actor;
  patientId: string;
  from: Date;
  to: Date;
  maxPoints?: number;
}

export interface HistoryPoint {
  observedAt: Date;
  seq: number | null;
  heartRate: number | null;
  systolicBp: number | null;
  diastolicBp: number | null;
  respiratoryRate: number | null;
  spo2: number | null;
  temperature: number | null;
  news2Total: number;
  news2Risk: News2Risk;
  news2Complete: boolean;
  /** Readings in the interval this point stands for (1 when not bucketed). */
  count: number;
}

const RISK_ORDER: News2Risk[] = ["LOW", "LOW_MEDIUM", "MEDIUM", "HIGH"];
const numberOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

interface BucketRow {
  t: Date;
  high: boolean;
  heartRate: unknown;
  systolicBp: unknown;
  diastolicBp: unknown;
  respiratoryRate: unknown;
  spo2: unknown;
  temperature: unknown;
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
  // No transaction: a read needs none. The audit row is written alongside the readings (in
  // parallel) or by the buckets' own statement; either failing fails the whole call, so no
  // reading leaves without its audit row.
  const where = { patientId, observedAt: { gte: from, lt: to } };
  // The count runs alongside the visibility check; it is only used once that has passed.
  const [patient, count] = await Promise.all([findVitalsPatient(db, actor, patientId, "vitals.history.read"), db.vitalObservation.count({ where })]);
  const auditEntry = {
    action: "vitals.history.read",
    entityType: "Patient",
    entityId: patient.id,
    patientId: patient.id,
    metadata: { from: from.toISOString(), to: to.toISOString(), observations: count },
  };
  if (count <= maxPoints) {
    // Every reading as it was taken, beside the audit row (in parallel, on its own connection).
    const [rows] = await Promise.all([
      db.vitalObservation.findMany({ where, orderBy: [{ observedAt: "asc" }, { seq: "asc" }], select: observationSelect }),
      recordAudit(db, actor, auditEntry),
    ]);
    return { from, to, bucketSeconds: null, points: rows.map(toObservationView).map(pointOfReading) };
  }
  // Two points per bucket (its lowest and its highest value of every vital), so a bucket
  // holds maxPoints / 2 intervals and the chart keeps every extreme: a dip in SpO₂ or a
  // spike in heart rate shows at its real value, never averaged away. The low point sits
  // at the bucket's start and the high point half a bucket later (within a pixel or two
  // at the chart's width); a bucket of one reading gives one point. NEWS2 on both is the
  // bucket's worst, as alerts see it. The audit row is written by the same statement.
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const bucketSeconds = Math.ceil((to.getTime() - from.getTime()) / 1000 / buckets);
  const rows = await db.$queryRaw<BucketRow[]>`
    WITH b AS (
      SELECT date_bin(make_interval(secs => ${bucketSeconds}), "observedAt", ${from}::timestamp) AS t,
             min("heartRate") AS "heartRateLo", max("heartRate") AS "heartRateHi",
             min("systolicBp") AS "systolicBpLo", max("systolicBp") AS "systolicBpHi",
             min("diastolicBp") AS "diastolicBpLo", max("diastolicBp") AS "diastolicBpHi",
             min("respiratoryRate") AS "respiratoryRateLo", max("respiratoryRate") AS "respiratoryRateHi",
             min("spo2") AS "spo2Lo", max("spo2") AS "spo2Hi",
             min("temperature") AS "temperatureLo", max("temperature") AS "temperatureHi",
             max("news2Total") AS "news2Total",
             max(CASE "news2Risk" WHEN 'HIGH' THEN 3 WHEN 'MEDIUM' THEN 2 WHEN 'LOW_MEDIUM' THEN 1 ELSE 0 END) AS "risk",
             bool_and("news2Complete") AS "complete", count(*)::int AS n
        FROM "VitalObservation"
       WHERE "patientId" = ${patient.id} AND "observedAt" >= ${from} AND "observedAt" < ${to}
       GROUP BY 1
    ), audit AS (${auditInsertSql(actor, [auditEntry])})
    SELECT t, FALSE AS high, "heartRateLo" AS "heartRate", "systolicBpLo" AS "systolicBp", "diastolicBpLo" AS "diastolicBp",
           "respiratoryRateLo" AS "respiratoryRate", "spo2Lo" AS "spo2", "temperatureLo" AS "temperature", "news2Total", "risk", "complete", n
      FROM b
    UNION ALL
    SELECT t + make_interval(secs => ${bucketSeconds / 2}), TRUE, "heartRateHi", "systolicBpHi", "diastolicBpHi",
           "respiratoryRateHi", "spo2Hi", "temperatureHi", "news2Total", "risk", "complete", n
      FROM b WHERE n > 1
    ORDER BY 1, 2`;
  const points: HistoryPoint[] = rows.map((r) => ({
    observedAt: r.t,
    seq: null,
    heartRate: numberOrNull(r.heartRate),
    systolicBp: numberOrNull(r.systolicBp),
    diastolicBp: numberOrNull(r.diastolicBp),
    respiratoryRate: numberOrNull(r.respiratoryRate),
    spo2: numberOrNull(r.spo2),
    temperature: numberOrNull(r.temperature),
    news2Total: Number(r.news2Total),
    news2Risk: RISK_ORDER[Number(r.risk)] ?? "LOW",
    news2Complete: Boolean(r.complete),
    count: r.n,
  }));
  return { from, to, bucketSeconds, points };
}
