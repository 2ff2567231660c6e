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
import { auditInsertSql, recordAudit, type AuditEntry } from "@/server/audit/record-audit";
import { db, type Tx } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { env } from "@/env";
import { Prisma } from "@/server/generated/prisma/client";
import type { VitalSource } from "@/server/generated/prisma/enums";
import { publishAfterCommit } from "@/server/realtime/publish";
import { applyAction, decide, evaluateReading, type AlertAction, type Finding, type PriorAlert, type ThresholdRule } from "./alert-rules";
import { alertRaisedEvents, loadPriorAlerts, responsibleClinicianIds, type AlertDetail } from "./alert-view";
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
      const { result, events } = await db.$transaction((tx) => write(tx, options, now), { timeout: 15_000 });
      publishAfterCommit(events);
      return result;
    } catch (error) {
      if (attempt === 0 && isIdempotencyRace(error)) continue;
      if ((error as { code?: string })?.code === "P2028") {
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

async function write(tx: Tx, options: RecordObservationsOptions, now: Date) {
  const { patientId, readings, actor } = options;
  const audit: AuditEntry[] = [];
  const events: RealtimeEvent[] = [];
  const results = new Map<number, RecordedReading>();

  // 1. Replays: the same key again is answered with what was stored; different content under
  //    a used key is refused, since the device would otherwise believe it was saved.
  // Raw SQL on this path (and for the insert below): a device may post every second, and
  // Prisma's model API costs several times the database work in CPU per call.
  const existing = await tx.$queryRaw<DuplicateRow[]>`
    SELECT ${OBSERVATION_COLUMNS}, "idempotencyKey" FROM "VitalObservation"
     WHERE "patientId" = ${patientId} AND "idempotencyKey" = ANY(${readings.map((r) => r.idempotencyKey)}::text[])`;
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
    await recordAudit(tx, actor, ...audit);
    return { result: { readings: ordered(results, readings.length), fulfilledRequestId: null }, events };
  }

  // 2. Sequence numbers; locks the patient row until commit.
  //    The patient's alert thresholds come along (they change rarely; read as of this statement).
  const [patient] = await tx.$queryRaw<
    {
      vitalsSeq: number;
      hypercapnic: boolean;
      givenName: string;
      familyName: string;
      thresholds: { parameter: string; min: number | null; max: number | null }[];
    }[]
  >`
    WITH locked AS (
      UPDATE "Patient" SET "vitalsSeq" = "vitalsSeq" + ${fresh.length}
       WHERE "id" = ${patientId} RETURNING "vitalsSeq", "hypercapnic", "givenName", "familyName")
    SELECT locked."vitalsSeq", locked."hypercapnic", locked."givenName", locked."familyName",
           COALESCE((SELECT json_agg(json_build_object('parameter', t."parameter", 'min', t."min", 'max', t."max"))
                       FROM "VitalThreshold" t WHERE t."patientId" = ${patientId}), '[]'::json) AS thresholds
      FROM locked`;
  if (!patient) throw notFound("Patient");
  const firstSeq = patient.vitalsSeq - fresh.length + 1;

  // 3. Score and store.
  const planned: PlannedReading[] = fresh.map((f) => ({
    ...f,
    news2: scoreNews2(news2InputOf(f.reading.values, patient.hypercapnic)),
  }));
  // The observations and their audit rows (with the replays' found above) in one statement;
  //    what alerts and the request add is recorded at the end.
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
    planned.map((p, i) => ({ id: ids[i]!, ...observationData(options, p, firstSeq + i, now) })),
    auditInsertSql(actor, audit.splice(0)),
  );
  created.sort((a, b) => a.seq - b.seq);
  const views = created.map(toObservationView);

  // 4. Alerts.
  const rules: ThresholdRule[] = patient.thresholds.map((t) => ({
    parameter: t.parameter as ThresholdRule["parameter"],
    min: t.min === null ? null : Number(t.min),
    max: t.max === null ? null : Number(t.max),
  }));
  const patientName = `${patient.givenName} ${patient.familyName}`.trim() || "A patient";
  const raisedBy = await applyAlerts(tx, { id: patientId, name: patientName }, planned, views, rules, now, audit, events);

  planned.forEach((p, i) => {
    const observation = views[i]!;
    results.set(p.index, {
      idempotencyKey: p.reading.idempotencyKey,
      status: "created",
      observation,
      news2: { total: observation.news2Total, risk: observation.news2Risk, complete: observation.news2Complete },
      alertsRaised: raisedBy.get(observation.id) ?? [],
    });
  });

  // 5. The request this entry answers.
  const fulfilledRequestId = options.fulfil ? await fulfilRequest(tx, options, views[0]!, now, audit, events) : null;

  await recordAudit(tx, actor, ...audit);
  // Observation events first, so a client applies the reading before the alert about it.
  events.unshift(...views.map((v) => observationEvent(patientId, v)));
  return { result: { readings: ordered(results, readings.length), fulfilledRequestId }, events };
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

async function insertObservations(tx: Tx, rows: (ObservationInsert & { id: string })[], audit: Prisma.Sql | null): Promise<ObservationRow[]> {
  const values = rows.map(
    (r) => Prisma.sql`(${r.id}, ${r.patientId}, ${r.visitId}, ${r.sessionId}, ${r.source}::"VitalSource", ${r.deviceTokenId}, ${r.recordedById},
      ${r.observedAt}, ${r.receivedAt}, ${r.idempotencyKey}, ${r.seq}, ${r.heartRate}, ${r.systolicBp}, ${r.diastolicBp}, ${r.respiratoryRate},
      ${r.spo2}, ${r.supplementalOxygen}, ${r.temperature}::numeric, ${r.consciousness}::"Consciousness", ${r.loincCodes}::text[],
      ${r.news2Total}, ${r.news2Risk}::"News2Risk", ${r.news2Complete})`,
  );
  // A data-modifying CTE runs exactly once whether or not the outer query reads it.
  return tx.$queryRaw<ObservationRow[]>`
    WITH obs AS (
      INSERT INTO "VitalObservation" ("id", "patientId", "visitId", "sessionId", "source", "deviceTokenId", "recordedById",
        "observedAt", "receivedAt", "idempotencyKey", "seq", "heartRate", "systolicBp", "diastolicBp", "respiratoryRate",
        "spo2", "supplementalOxygen", "temperature", "consciousness", "loincCodes", "news2Total", "news2Risk", "news2Complete")
      VALUES ${Prisma.join(values)}
      RETURNING ${OBSERVATION_COLUMNS})${audit ? Prisma.sql`, audit AS (${audit})` : Prisma.empty}
    SELECT * FROM obs`;
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

async function applyAlerts(
  tx: Tx,
  { id: patientId, name: patientName }: { id: string; name: string },
  planned: PlannedReading[],
  views: ObservationView[],
  rules: ThresholdRule[],
  now: Date,
  audit: AuditEntry[],
  events: RealtimeEvent[],
): Promise<Map<string, string[]>> {
  const priors = await loadPriorAlerts(tx, patientId);
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
  const toCreate: Prisma.VitalAlertCreateManyInput[] = [];
  for (const [condition, plan] of plans) {
    if (plan.clearedBy && plan.prior) {
      const detail: AlertDetail = {
        parameters: plan.prior.parameters,
        lastObservationId: plan.prior.detail.lastObservationId ?? "",
        ...plan.prior.detail,
        clearedAt: now.toISOString(),
        clearedObservationId: plan.clearedBy,
      };
      await tx.vitalAlert.update({ where: { id: plan.prior.id }, data: { detail: detail as unknown as Prisma.InputJsonValue } });
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
        patientId,
        observationId: plan.raise.observationId,
        condition,
        status: "OPEN",
        openKey: `${patientId}:${condition}`,
        news2Total: plan.state.news2Total,
        detail: detail as unknown as Prisma.InputJsonValue,
        raisedAt: now,
        lastTriggeredAt: now,
      });
      raisedBy.set(plan.raise.observationId, [...(raisedBy.get(plan.raise.observationId) ?? []), condition]);
    } else if (plan.prior?.status === "OPEN") {
      // Still going on: refresh the open alert, do not raise another.
      await tx.vitalAlert.updateMany({
        where: { id: plan.prior.id, status: "OPEN" },
        data: { lastTriggeredAt: now, news2Total: plan.state.news2Total, detail: { ...plan.prior.detail, ...detail } as unknown as Prisma.InputJsonValue },
      });
      audit.push({
        action: "vitals.alert.retrigger",
        entityType: "VitalAlert",
        entityId: plan.prior.id,
        patientId,
        metadata: { condition, observationId: last.observationId },
      });
    }
  }

  if (toCreate.length > 0) {
    const createdAlerts = await tx.vitalAlert.createManyAndReturn({
      data: toCreate,
      select: { id: true, patientId: true, condition: true, news2Total: true, observationId: true },
    });
    const clinicianIds = await responsibleClinicianIds(tx, patientId);
    for (const alert of createdAlerts) {
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
  return raisedBy;
}

async function fulfilRequest(
  tx: Tx,
  options: RecordObservationsOptions,
  observation: ObservationView,
  now: Date,
  audit: AuditEntry[],
  events: RealtimeEvent[],
): Promise<string | null> {
  const { patientId } = options;
  const requestId = options.fulfil?.requestId ?? null;
  const pending = {
    patientId,
    fulfilledAt: null,
    cancelledAt: null,
    requestedAt: { gt: new Date(now.getTime() - VITALS_REQUEST_TTL_MS) },
  } satisfies Prisma.VitalsRequestWhereInput;
  const request = await tx.vitalsRequest.findFirst({
    where: requestId ? { ...pending, id: requestId } : pending,
    orderBy: { requestedAt: "desc" },
    select: { id: true },
  });
  if (!request) return null;
  const { count } = await tx.vitalsRequest.updateMany({
    where: { id: request.id, fulfilledAt: null, cancelledAt: null },
    data: { fulfilledAt: now, observationId: observation.id },
  });
  if (count === 0) return null;
  audit.push({ action: "vitals.request.fulfil", entityType: "VitalsRequest", entityId: request.id, patientId, metadata: { observationId: observation.id } });
  events.push(createEvent("vitals.request.closed", patientId, { patientId, requestId: request.id, outcome: "FULFILLED", observationSeq: observation.seq }));
  return request.id;
}
