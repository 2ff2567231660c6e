// A patient's readings over a time range, for charts. Up to `maxPoints` sets come back as
// they were taken; longer ranges of streamed data are averaged into equal time buckets
// (with the worst NEWS2 of each bucket), so a month of 1 Hz readings still draws at once.
import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
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
  /** Sets averaged into this point (1 when not bucketed). */
  count: number;
}

const RISK_ORDER: News2Risk[] = ["LOW", "LOW_MEDIUM", "MEDIUM", "HIGH"];
const round1 = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

/**
 * Points a history chart can draw: the widest chart is about this many pixels across, so more
 * points only cost transfer and parsing (24 h of minute readings: 1,440 sets → 600 buckets).
 */
export const CHART_MAX_POINTS = 600;

export async function listObservations({ actor, patientId, from, to, maxPoints = CHART_MAX_POINTS }: ListObservationsOptions) {
  if (to.getTime() <= from.getTime() || to.getTime() - from.getTime() > MAX_HISTORY_RANGE_MS) {
    throw new AppError("BAD_REQUEST", "Choose a range that ends after it starts and spans at most 92 days.", { reason: "invalid_range" });
  }
  // No transaction: a read needs none, and the audit row is written alongside the points
  // query (in parallel, on its own connection). Either failing fails the whole call, so no
  // reading leaves without its audit row.
  const where = { patientId, observedAt: { gte: from, lt: to } };
  // The count runs alongside the visibility check; it is only used once that has passed.
  const [patient, count] = await Promise.all([findVitalsPatient(db, actor, patientId, "vitals.history.read"), db.vitalObservation.count({ where })]);
  const audit = () =>
    recordAudit(db, actor, {
      action: "vitals.history.read",
      entityType: "Patient",
      entityId: patient.id,
      patientId: patient.id,
      metadata: { from: from.toISOString(), to: to.toISOString(), observations: count },
    });
  const loadPoints = async () => {
    let points: HistoryPoint[];
    let bucketSeconds: number | null = null;
    if (count <= maxPoints) {
      const rows = await db.vitalObservation.findMany({ where, orderBy: [{ observedAt: "asc" }, { seq: "asc" }], select: observationSelect });
      points = rows.map(toObservationView).map(pointOfReading);
    } else {
      bucketSeconds = Math.ceil((to.getTime() - from.getTime()) / 1000 / maxPoints);
      const rows = await db.$queryRaw<
        {
          t: Date;
          heartRate: unknown;
          systolicBp: unknown;
          diastolicBp: unknown;
          respiratoryRate: unknown;
          spo2: unknown;
          temperature: unknown;
          news2Total: number;
          risk: number;
          complete: boolean;
          n: bigint | number;
        }[]
      >`SELECT date_bin(make_interval(secs => ${bucketSeconds}), "observedAt", ${from}::timestamp) AS t,
               avg("heartRate") AS "heartRate", avg("systolicBp") AS "systolicBp", avg("diastolicBp") AS "diastolicBp",
               avg("respiratoryRate") AS "respiratoryRate", avg("spo2") AS "spo2", avg("temperature") AS "temperature",
               max("news2Total") AS "news2Total",
               max(CASE "news2Risk" WHEN 'HIGH' THEN 3 WHEN 'MEDIUM' THEN 2 WHEN 'LOW_MEDIUM' THEN 1 ELSE 0 END) AS "risk",
               bool_and("news2Complete") AS "complete", count(*) AS n
          FROM "VitalObservation"
         WHERE "patientId" = ${patient.id} AND "observedAt" >= ${from} AND "observedAt" < ${to}
         GROUP BY 1 ORDER BY 1`;
      points = rows.map((r) => ({
        observedAt: r.t,
        seq: null,
        heartRate: round1(r.heartRate),
        systolicBp: round1(r.systolicBp),
        diastolicBp: round1(r.diastolicBp),
        respiratoryRate: round1(r.respiratoryRate),
        spo2: round1(r.spo2),
        temperature: round1(r.temperature),
        news2Total: Number(r.news2Total),
        news2Risk: RISK_ORDER[Number(r.risk)] ?? "LOW",
        news2Complete: Boolean(r.complete),
        count: Number(r.n),
      }));
    }
    return { bucketSeconds, points };
  };
  const [{ bucketSeconds, points }] = await Promise.all([loadPoints(), audit()]);
  return { from, to, bucketSeconds, points };
}
