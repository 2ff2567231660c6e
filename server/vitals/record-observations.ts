// Stores a set of readings for one patient — all or nothing — scores each with NEWS2,
// raises alerts, answers a pending vitals request, audits every step, and publishes the
// result once committed. The callers (device ingest, manual entry) have already decided
// that the actor may write for this patient and validated the readings' shape.
//
// Ordering and exactly-once are the database's job:
// - the per-patient `seq` comes from `UPDATE "Patient" SET "vitalsSeq" = "vitalsSeq" + n
//   RETURNING`, which also locks the patient row until commit, so writers for one patient
//   queue up and alert decisions see every earlier reading;
// - a retried reading (same idempotency key) is found and answered as a duplicate; two
//   copies racing in at once collide on @@unique([patientId, idempotencyKey]) and the loser
//   is re-run once, when it finds the winner's row.
import "server-only";
import { randomBytes } from "node:crypto";
import { loincCodesFor, type VitalValues } from "@/lib/vitals/parameters";
import { timeIssues, type FieldIssue, type NormalizedReading } from "@/lib/vitals/reading-schema";
import { VITALS_REQUEST_TTL_MS } from "@/lib/vitals/requests";
import { createEvent, type RealtimeEvent } from "@/lib/realtime/events";
import type { AnyActor } from "@/server/audit/actor";
import { auditInsertSql, type AuditEntry } from "@/server/audit/record-audit";
import { PoolBusyError, sqlTransaction, type SqlTx } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { env } from "@/env";
import { Prisma } from "@/server/generated/prisma/client";
import type { VitalSource } from "@/server/generated/prisma/enums";
import { publishAfterCommit } from "@/server/realtime/publish";
import { applyAction, decide, evaluateReading, type AlertAction, type Finding, type PriorAlert, type ThresholdRule } from "./alert-rules";
import {
  alertRaisedEvents,
  priorAlertsSql,
  responsibleClinicianIdsSql,
  toClinicianIds,
  toPriorAlerts,
  type AlertDetail,
  type PriorAlertRow,
  type PriorAlerts,
} from "./alert-view";
import { scoreNews2, type News2Result } from "@/lib/vitals/news2";
import {
  news2InputOf,
  observationEvent,
  observationSelect,
  sameValues,
  type ObservationRow,
  toDbConsciousness,
  toNews2Risk,
  toObservationView,
  valuesOfRow,
  type ObservationView,
} from "./observation-view";

export interface RecordObservationsOptions {
  actor: AnyActor;
  patientId: string;
  readings: readonly NormalizedReading[];
  source: VitalSource;
  deviceTokenId?: string | null;
  recordedById?: string | null;
  sessionId?: string | null;
  visitId?: string | null;
  /**
   * Manual entries answer the clinician's request: the one named, or (for a patient's own
   * entry, `requestId: null`) the most recent one still pending. Devices never do.
   */
  fulfil?: { requestId: string | null } | null;
  /** Names the observedAt field of reading i in error messages. */
  pathOf?: (index: number) => string;
  now?: Date;
}

export interface RecordedReading {
  idempotencyKey: string;
  status: "created" | "duplicate";
  observation: ObservationView;
  news2: { total: number; risk: ObservationView["news2Risk"]; complete: boolean };
  /** Conditions newly raised by this reading. */
  alertsRaised: string[];
}

export interface RecordObservationsResult {
  readings: RecordedReading[];
  fulfilledRequestId: string | null;
}

export function invalidReadings(issues: FieldIssue[]): AppError {
  return new AppError("BAD_REQUEST", "Some readings need attention: nothing was saved.", {
    reason: "invalid_reading",
    details: { issues },
  });
}

/** A unique violation on (patientId, idempotencyKey): the same reading was being stored at the same moment. */
function isIdempotencyRace(error: unknown): boolean {
  const e = error as { code?: string; meta?: unknown; message?: string };
  const text = `${JSON.stringify(e?.meta ?? {})} ${e?.message ?? ""}`;
  const unique = e?.code === "P2002" || text.includes("23505") || text.includes("unique constraint");
  return unique && text.includes("idempotencyKey");
}

export async function recordObservations(options: RecordObservationsOptions): Promise<RecordObservationsResult> {
  const now = options.now ?? new Date();
  const pathOf = options.pathOf ?? ((i: number) => `readings.${i}.observedAt`);
  const issues = timeIssues(options.readings, now, pathOf);
  if (issues.length > 0) throw invalidReadings(issues);

  for (let attempt = 0; ; attempt++) {
    try {
      const { result, events } = await sqlTransaction((tx) => write(tx, options, now));
      publishAfterCommit(events);
      return result;
    } catch (error) {
      if (attempt === 0 && isIdempotencyRace(error)) continue;
      if (error instanceof PoolBusyError) {
        // No database connection became free in time: the server is overloaded. Devices
        // resend with the same idempotency keys, so asking them to come back is safe.
        throw new AppError("SERVICE_UNAVAILABLE", "Bedside is busy right now. Send the same readings again in a moment.", {
          reason: "busy",
          details: { retryAfterSeconds: 1 },
          cause: error,
        });
      }
      throw error;
    }
  }
}

interface PlannedReading {
  index: number;
  reading: NormalizedReading;
  observedAt: Date;
  news2: News2Result;
}

interface LockedPatient {
  vitalsSeq: number;
  hypercapnic: boolean;
  givenName: string;
  familyName: string;
  thresholds: { parameter: string; min: number | null; max: number | null }[];
  duplicateKeys: string[];
}

// The write, in SQL on one connection (server/db.ts sqlTransaction), as few round trips as
// the rules allow — a new device reading is BEGIN, two statements, COMMIT:
//   1. replays found, the patient row locked and `seq` reserved for the new readings, the
//      patient's thresholds read;
//   2. (lock held) the observations inserted with their audit rows, and the patient's prior
//      alerts read in the same statement — its snapshot is taken after the lock was granted,
//      so it sees every alert an earlier reading of this patient raised;
//   3. only when something about alerts or a vitals request changes: those writes and their
//      audit rows, in one statement.
async function write(tx: SqlTx, options: RecordObservationsOptions, now: Date) {
  const { patientId, readings, actor } = options;
  const audit: AuditEntry[] = [];
  const events: RealtimeEvent[] = [];
  const results = new Map<number, RecordedReading>();
  const keys = readings.map((r) => r.idempotencyKey);

  // 1. The row lock also queues writers for one patient, so seq follows commit order and alert
  //    decisions see every earlier reading. A reading whose key is already stored reserves no seq.
  const [patient] = await tx.query<LockedPatient>(Prisma.sql`
    WITH dup AS (
      SELECT "idempotencyKey" FROM "VitalObservation" WHERE "patientId" = ${patientId} AND "idempotencyKey" = ANY(${keys}::text[])),
    locked AS (
      UPDATE "Patient" SET "vitalsSeq" = "vitalsSeq" + (SELECT count(*) FROM unnest(${keys}::text[]) k WHERE k NOT IN (SELECT "idempotencyKey" FROM dup))::int
       WHERE "id" = ${patientId} RETURNING "vitalsSeq", "hypercapnic", "givenName", "familyName")
    SELECT locked."vitalsSeq", locked."hypercapnic", locked."givenName", locked."familyName",
           COALESCE((SELECT json_agg(json_build_object('parameter', t."parameter", 'min', t."min", 'max', t."max"))
                       FROM "VitalThreshold" t WHERE t."patientId" = ${patientId}), '[]'::json) AS thresholds,
           ARRAY(SELECT "idempotencyKey" FROM dup) AS "duplicateKeys"
      FROM locked`);
  if (!patient) throw notFound("Patient");

  // Replays: the same key again is answered with what was stored; different content under a
  // used key is refused, since the device would otherwise believe it was saved.
  const existing =
    patient.duplicateKeys.length === 0
      ? []
      : await tx.query<DuplicateRow>(Prisma.sql`
          SELECT ${OBSERVATION_COLUMNS}, "idempotencyKey" FROM "VitalObservation"
           WHERE "patientId" = ${patientId} AND "idempotencyKey" = ANY(${patient.duplicateKeys}::text[])`);
  const byKey = new Map(existing.map((row) => [row.idempotencyKey, row]));
  const conflicts: FieldIssue[] = [];
  readings.forEach((reading, index) => {
    const row = byKey.get(reading.idempotencyKey);
    if (!row) return;
    const sameTime = reading.observedAt === null || reading.observedAt.getTime() === row.observedAt.getTime();
    if (!sameTime || !sameValues(valuesOfRow(row), reading.values)) {
      conflicts.push({
        path: pathOf(options, index, "idempotencyKey"),
        message: "This idempotency key was already used for a different reading. Use a new key for each reading.",
      });
      return;
    }
    const observation = toObservationView(row);
    results.set(index, {
      idempotencyKey: reading.idempotencyKey,
      status: "duplicate",
      observation,
      news2: { total: row.news2Total, risk: row.news2Risk, complete: row.news2Complete },
      alertsRaised: [],
    });
    audit.push({ action: "vitals.observation.replay", entityType: "VitalObservation", entityId: row.id, patientId });
  });
  if (conflicts.length > 0) {
    throw new AppError("CONFLICT", "A reading reuses an idempotency key with different values: nothing was saved.", {
      reason: "idempotency_key_reused",
      details: { issues: conflicts },
    });
  }

  const fresh = readings
    .map((reading, index) => ({ reading, index }))
    .filter(({ index }) => !results.has(index))
    .map(({ reading, index }) => ({ reading, index, observedAt: reading.observedAt ?? now }))
    // Earlier readings get earlier seq numbers, so a stream reads in time order.
    .sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime() || a.index - b.index);

  if (fresh.length === 0) {
    const replays = auditInsertSql(actor, audit);
    if (replays) await tx.query(replays);
    return { result: { readings: ordered(results, readings.length), fulfilledRequestId: null }, events };
  }
  const firstSeq = patient.vitalsSeq - fresh.length + 1;

  // 2. Score and store: the observations and their audit rows (with the replays' found above)
  //    in one statement, which also reads the prior alerts.
  const planned: PlannedReading[] = fresh.map((f) => ({
    ...f,
    news2: scoreNews2(news2InputOf(f.reading.values, patient.hypercapnic)),
  }));
  const ids = planned.map(() => newId());
  planned.forEach((p, i) =>
    audit.push({
      action: "vitals.observation.create",
      entityType: "VitalObservation",
      entityId: ids[i]!,
      patientId,
      metadata: {
        seq: firstSeq + i,
        source: options.source,
        deviceTokenId: options.deviceTokenId ?? null,
        sessionId: options.sessionId ?? null,
      },
    }),
  );
  const created = await insertObservations(
    tx,
    patientId,
    planned.map((p, i) => ({ id: ids[i]!, ...observationData(options, p, firstSeq + i, now) })),
    auditInsertSql(actor, audit.splice(0)),
  );
  created.sort((a, b) => a.seq - b.seq);
  const views = created.map(toObservationView);
  const priors = toPriorAlerts(created[0]?.priorAlerts ?? []);

  // 3. Alerts, decided here against every earlier reading; written with the rest below.
  const rules: ThresholdRule[] = patient.thresholds.map((t) => ({
    parameter: t.parameter as ThresholdRule["parameter"],
    min: t.min === null ? null : Number(t.min),
    max: t.max === null ? null : Number(t.max),
  }));
  const alerts = planAlerts(patientId, priors, planned, views, rules, now, audit);
  const writes: Prisma.Sql[] = [...alerts.updates];
  if (alerts.toCreate.length > 0) {
    const patientName = `${patient.givenName} ${patient.familyName}`.trim() || "A patient";
    const clinicianIds = toClinicianIds(await tx.query<{ clinicianId: string }>(responsibleClinicianIdsSql(patientId)));
    writes.push(insertAlertsSql(alerts.toCreate));
    for (const alert of alerts.toCreate) {
      audit.push({
        action: "vitals.alert.raise",
        entityType: "VitalAlert",
        entityId: alert.id,
        patientId,
        metadata: { condition: alert.condition, observationId: alert.observationId, notified: clinicianIds.length },
      });
      events.push(...alertRaisedEvents(alert, now, clinicianIds, patientName));
    }
  }

  planned.forEach((p, i) => {
    const observation = views[i]!;
    results.set(p.index, {
      idempotencyKey: p.reading.idempotencyKey,
      status: "created",
      observation,
      news2: { total: observation.news2Total, risk: observation.news2Risk, complete: observation.news2Complete },
      alertsRaised: alerts.raisedBy.get(observation.id) ?? [],
    });
  });

  // 4. The request this entry answers (manual entries only).
  const fulfilledRequestId = options.fulfil ? await fulfilRequest(tx, options, views[0]!, now, audit, events) : null;

  await runTogether(tx, writes, auditInsertSql(actor, audit));
  // Observation events first, so a client applies the reading before the alert about it.
  events.unshift(...views.map((v) => observationEvent(patientId, v)));
  return { result: { readings: ordered(results, readings.length), fulfilledRequestId }, events };
}

/** Data-modifying statements (none reading another's result) as one statement: one round trip. */
async function runTogether(tx: SqlTx, writes: Prisma.Sql[], audit: Prisma.Sql | null): Promise<void> {
  const all = audit ? [...writes, audit] : writes;
  if (all.length === 0) return;
  if (all.length === 1) {
    await tx.query(all[0]!);
    return;
  }
  // A data-modifying CTE runs exactly once whether or not the outer query reads it.
  await tx.query(
    Prisma.sql`WITH ${Prisma.join(
      all.map((w, i) => Prisma.sql`${Prisma.raw(`w${i}`)} AS (${w})`),
      ", ",
    )} SELECT 1`,
  );
}

const OBSERVATION_COLUMNS = Prisma.raw(
  Object.keys(observationSelect)
    .map((c) => `"${c}"`)
    .join(", "),
);

type DuplicateRow = ObservationRow & { idempotencyKey: string };

/** Ids in the shape of the rest of the schema's (lower-case letters and digits, 25 long). */
function newId(): string {
  return `c${Date.now().toString(36)}${randomBytes(10).toString("hex").slice(0, 16)}`.slice(0, 25).padEnd(25, "0");
}

async function insertObservations(
  tx: SqlTx,
  patientId: string,
  rows: (ObservationInsert & { id: string })[],
  audit: Prisma.Sql | null,
): Promise<(ObservationRow & { priorAlerts: PriorAlertRow[] })[]> {
  const values = rows.map(
    (r) => Prisma.sql`(${r.id}, ${r.patientId}, ${r.visitId}, ${r.sessionId}, ${r.source}::"VitalSource", ${r.deviceTokenId}, ${r.recordedById},
      ${r.observedAt}::timestamp(3), ${r.receivedAt}::timestamp(3), ${r.idempotencyKey}, ${r.seq}::int, ${r.heartRate}::int, ${r.systolicBp}::int, ${r.diastolicBp}::int, ${r.respiratoryRate}::int,
      ${r.spo2}::int, ${r.supplementalOxygen}::boolean, ${r.temperature}::numeric, ${r.consciousness}::"Consciousness", ${r.loincCodes}::text[],
      ${r.news2Total}::int, ${r.news2Risk}::"News2Risk", ${r.news2Complete}::boolean)`,
  );
  // The prior alerts ride along: this statement's snapshot postdates the patient lock.
  return tx.query<ObservationRow & { priorAlerts: PriorAlertRow[] }>(Prisma.sql`
    WITH obs AS (
      INSERT INTO "VitalObservation" ("id", "patientId", "visitId", "sessionId", "source", "deviceTokenId", "recordedById",
        "observedAt", "receivedAt", "idempotencyKey", "seq", "heartRate", "systolicBp", "diastolicBp", "respiratoryRate",
        "spo2", "supplementalOxygen", "temperature", "consciousness", "loincCodes", "news2Total", "news2Risk", "news2Complete")
      VALUES ${Prisma.join(values)}
      RETURNING ${OBSERVATION_COLUMNS})${audit ? Prisma.sql`, audit AS (${audit})` : Prisma.empty},
    priors AS (SELECT COALESCE(json_agg(p), '[]'::json) AS "priorAlerts" FROM (${priorAlertsSql(patientId)}) p)
    SELECT obs.*, priors."priorAlerts" FROM obs CROSS JOIN priors`);
}

function pathOf(options: RecordObservationsOptions, index: number, field: string): string {
  const timePath = (options.pathOf ?? ((i: number) => `readings.${i}.observedAt`))(index);
  return timePath.replace(/observedAt$/, field);
}

function ordered(results: Map<number, RecordedReading>, count: number): RecordedReading[] {
  return Array.from({ length: count }, (_, i) => results.get(i)!);
}

type ObservationInsert = Required<Omit<Prisma.VitalObservationCreateManyInput, "id" | "loincCodes">> & { loincCodes: string[] };

function observationData(options: RecordObservationsOptions, p: PlannedReading, seq: number, now: Date): ObservationInsert {
  const v: VitalValues = p.reading.values;
  return {
    patientId: options.patientId,
    visitId: options.visitId ?? null,
    sessionId: options.sessionId ?? null,
    source: options.source,
    deviceTokenId: options.deviceTokenId ?? null,
    recordedById: options.recordedById ?? null,
    observedAt: p.observedAt,
    receivedAt: now,
    idempotencyKey: p.reading.idempotencyKey,
    seq,
    heartRate: v.heartRate ?? null,
    systolicBp: v.systolicBp ?? null,
    diastolicBp: v.diastolicBp ?? null,
    respiratoryRate: v.respiratoryRate ?? null,
    spo2: v.spo2 ?? null,
    supplementalOxygen: v.supplementalOxygen ?? null,
    temperature: v.temperature ?? null,
    consciousness: toDbConsciousness(v.consciousness),
    loincCodes: loincCodesFor(v),
    news2Total: p.news2.total,
    news2Risk: toNews2Risk(p.news2.risk),
    news2Complete: p.news2.complete,
  };
}

type Prior = PriorAlert & { detail: Partial<AlertDetail> };

/** Per condition, what this batch does: at most one re-arm, one new alert, and the last trigger. */
interface ConditionPlan {
  prior: Prior | undefined;
  state: PriorAlert | undefined;
  clearedBy?: string;
  raise?: { observationId: string; finding: Finding };
  lastTrigger?: { observationId: string; finding: Finding };
}

interface NewAlert {
  id: string;
  patientId: string;
  observationId: string;
  condition: string;
  news2Total: number | null;
  detail: AlertDetail;
  raisedAt: Date;
}

/**
 * What the batch does to the patient's alerts, decided by the rules in alert-rules.ts
 * against the prior alerts: the statements that re-arm or refresh existing alerts (their
 * audit rows appended to `audit`), the alerts to raise, and which reading raised what.
 */
function planAlerts(
  patientId: string,
  priors: PriorAlerts,
  planned: PlannedReading[],
  views: ObservationView[],
  rules: ThresholdRule[],
  now: Date,
  audit: AuditEntry[],
): { updates: Prisma.Sql[]; toCreate: NewAlert[]; raisedBy: Map<string, string[]> } {
  const plans = new Map<string, ConditionPlan>();
  const planFor = (condition: string) => {
    let plan = plans.get(condition);
    if (!plan) {
      const prior = priors.get(condition);
      plan = { prior, state: prior };
      plans.set(condition, plan);
    }
    return plan;
  };

  planned.forEach((p, i) => {
    const observationId = views[i]!.id;
    for (const finding of evaluateReading(p.reading.values, p.news2, rules)) {
      const plan = planFor(finding.condition);
      const action: AlertAction | null = decide(finding, plan.state, { news2Rise: env.ALERT_NEWS2_REALERT_RISE });
      if (!action) continue;
      if (action.kind === "clear") plan.clearedBy = observationId;
      if (action.kind === "raise") plan.raise = { observationId, finding };
      if (action.kind === "raise" || action.kind === "retrigger") plan.lastTrigger = { observationId, finding };
      plan.state = applyAction(plan.state, action);
    }
  });

  const raisedBy = new Map<string, string[]>();
  const updates: Prisma.Sql[] = [];
  const toCreate: NewAlert[] = [];
  for (const [condition, plan] of plans) {
    // A re-arm touches an acknowledged alert and a refresh an open one: never the same row twice.
    if (plan.clearedBy && plan.prior) {
      const detail: AlertDetail = {
        parameters: plan.prior.parameters,
        lastObservationId: plan.prior.detail.lastObservationId ?? "",
        ...plan.prior.detail,
        clearedAt: now.toISOString(),
        clearedObservationId: plan.clearedBy,
      };
      updates.push(Prisma.sql`UPDATE "VitalAlert" SET "detail" = ${JSON.stringify(detail)}::jsonb WHERE "id" = ${plan.prior.id}`);
      audit.push({
        action: "vitals.alert.rearm",
        entityType: "VitalAlert",
        entityId: plan.prior.id,
        patientId,
        metadata: { condition, observationId: plan.clearedBy },
      });
    }
    const last = plan.lastTrigger;
    if (!last || !plan.state) continue;
    const detail: AlertDetail = {
      parameters: plan.state.parameters,
      lastObservationId: last.observationId,
      ...(condition.startsWith("THRESHOLD:") ? { value: last.finding.value ?? null, min: last.finding.min ?? null, max: last.finding.max ?? null } : {}),
    };
    if (plan.raise) {
      toCreate.push({
        id: newId(),
        patientId,
        observationId: plan.raise.observationId,
        condition,
        news2Total: plan.state.news2Total,
        detail,
        raisedAt: now,
      });
      raisedBy.set(plan.raise.observationId, [...(raisedBy.get(plan.raise.observationId) ?? []), condition]);
    } else if (plan.prior?.status === "OPEN") {
      // Still going on: refresh the open alert, do not raise another.
      updates.push(Prisma.sql`
        UPDATE "VitalAlert" SET "lastTriggeredAt" = ${now}::timestamp(3), "news2Total" = ${plan.state.news2Total}::int,
               "detail" = ${JSON.stringify({ ...plan.prior.detail, ...detail })}::jsonb
         WHERE "id" = ${plan.prior.id} AND "status" = 'OPEN'`);
      audit.push({
        action: "vitals.alert.retrigger",
        entityType: "VitalAlert",
        entityId: plan.prior.id,
        patientId,
        metadata: { condition, observationId: last.observationId },
      });
    }
  }
  return { updates, toCreate, raisedBy };
}

function insertAlertsSql(alerts: NewAlert[]): Prisma.Sql {
  const values = alerts.map(
    (a) => Prisma.sql`(${a.id}, ${a.patientId}, ${a.observationId}, ${a.condition}, 'OPEN'::"AlertStatus", ${`${a.patientId}:${a.condition}`},
      ${a.news2Total}::int, ${JSON.stringify(a.detail)}::jsonb, ${a.raisedAt}::timestamp(3), ${a.raisedAt}::timestamp(3))`,
  );
  return Prisma.sql`INSERT INTO "VitalAlert" ("id", "patientId", "observationId", "condition", "status", "openKey", "news2Total", "detail", "raisedAt", "lastTriggeredAt")
    VALUES ${Prisma.join(values)}`;
}

async function fulfilRequest(
  tx: SqlTx,
  options: RecordObservationsOptions,
  observation: ObservationView,
  now: Date,
  audit: AuditEntry[],
  events: RealtimeEvent[],
): Promise<string | null> {
  const { patientId } = options;
  const requestId = options.fulfil?.requestId ?? null;
  // The newest pending request (or the one named), closed only if it is still pending.
  const [request] = await tx.query<{ id: string }>(Prisma.sql`
    UPDATE "VitalsRequest" SET "fulfilledAt" = ${now}::timestamp(3), "observationId" = ${observation.id}
     WHERE "id" = (SELECT "id" FROM "VitalsRequest"
                    WHERE "patientId" = ${patientId} AND "fulfilledAt" IS NULL AND "cancelledAt" IS NULL
                      AND "requestedAt" > ${new Date(now.getTime() - VITALS_REQUEST_TTL_MS)}::timestamp(3)
                      ${requestId ? Prisma.sql`AND "id" = ${requestId}` : Prisma.empty}
                    ORDER BY "requestedAt" DESC LIMIT 1)
       AND "fulfilledAt" IS NULL AND "cancelledAt" IS NULL
    RETURNING "id"`);
  if (!request) return null;
  audit.push({ action: "vitals.request.fulfil", entityType: "VitalsRequest", entityId: request.id, patientId, metadata: { observationId: observation.id } });
  events.push(createEvent("vitals.request.closed", patientId, { patientId, requestId: request.id, outcome: "FULFILLED", observationSeq: observation.seq }));
  return request.id;
}
