// Stores a set of readings for one patient — all or nothing — scores each with NEWS2,
// raises alerts, answers a pending vitals request, audits every step, and publishes the
// result once committed. The callers (device ingest, manual entry) have already decided
// that the actor may write for this patient and validated the readings' shape.
//
// Ordering and exactly-once are the database's job:
// - the patient row is locked first (`FOR NO KEY UPDATE`, held until commit), so writers for
//   one patient queue up; the per-patient `seq` is read after the lock and advanced with the
//   insert, and alert decisions see every earlier reading;
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
import { auditEachRowSql, auditInsertSql, type AuditEntry } from "@/server/audit/record-audit";
import { PoolBusyError, sqlTransaction, type SqlTx } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { env } from "@/env";
import { Prisma } from "@/server/generated/prisma/client";
import type { VitalSource } from "@/server/generated/prisma/enums";
import { publishAfterCommit } from "@/server/realtime/publish";
import type { RateLimitSync } from "@/server/security/rate-limit";
import { applyAction, decide, evaluateReading, type AlertAction, type Finding, type PriorAlert, type ThresholdRule } from "./alert-rules";
import {
  alertRaisedEvents,
  priorAlertsSql,
  responsibleClinicianIdsSql,
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
import { forgetRulesState, knownRulesState, rememberRulesState, rulesFingerprintSql, type RulesState, type ThresholdRow } from "./rules-state-cache";

export interface RecordObservationsOptions {
  actor: AnyActor;
  patientId: string;
  readings: readonly NormalizedReading[];
  source: VitalSource;
  /**
   * The device token writing (device ingest). Re-checked inside the transaction, after the
   * patient lock: a token revoked (or not this patient's) throws DeviceTokenRefusedError and
   * nothing is stored, whatever the caller's cache said.
   */
  deviceTokenId?: string | null;
  /** The device's rate-limit sync, if one is due: sent inside the one-round-trip write (settled there), else left to the caller. */
  rateLimitSync?: RateLimitSync;
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

/** The device token was revoked (or is not the patient's) by the time the write held the patient's lock. */
export class DeviceTokenRefusedError extends Error {
  constructor() {
    super("The device token is revoked.");
    this.name = "DeviceTokenRefusedError";
  }
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
      // Readings the patient's known alert state leaves alone are stored in one round trip;
      // whatever that cannot settle (replays, alert changes, a state changed meanwhile) takes the full write.
      const known = options.fulfil ? undefined : knownRulesState(options.patientId);
      const quick = known ? await writeAgainstKnownRules(options, known, now) : null;
      const { result, events } = quick ?? (await sqlTransaction((tx) => write(tx, options, now)));
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
  thresholds: ThresholdRow[];
  priorAlerts: PriorAlertRow[];
  rulesFingerprint: string;
  clinicianIds: string[];
  /** Only asked for a device's write: its token exists, is this patient's and is not revoked. */
  deviceTokenActive?: boolean;
}

// The write, in SQL on one connection (server/db.ts sqlTransaction, pipelined), in two round
// trips for a device reading:
//   1. BEGIN; the patient row locked (FOR NO KEY UPDATE, the lock an UPDATE takes: writers for
//      one patient queue here, so seq follows commit order); then, in statements of their own
//      whose snapshots postdate the lock, the patient's seq, thresholds, prior alerts and
//      responsible clinicians, whether a device's token is still valid (so revocation needs
//      no round trip of its own), and any stored readings under the same keys (replays);
//   2. seq advanced, the observations inserted with their audit rows, and whatever the alert
//      rules decided (new, refreshed, re-armed alerts with their audit rows): one statement;
//      COMMIT.
// A manual entry answering a vitals request adds one statement between the two.
async function write(tx: SqlTx, options: RecordObservationsOptions, now: Date) {
  const { patientId, readings, actor } = options;
  const audit: AuditEntry[] = [];
  const events: RealtimeEvent[] = [];
  const results = new Map<number, RecordedReading>();
  const keys = readings.map((r) => r.idempotencyKey);

  // 1. Sent together; answered in order.
  const lock = tx.query<{ id: string }>(Prisma.sql`SELECT "id" FROM "Patient" WHERE "id" = ${patientId} FOR NO KEY UPDATE`);
  const state = tx.query<LockedPatient>(Prisma.sql`
    SELECT p."vitalsSeq", p."hypercapnic", p."givenName", p."familyName",
           COALESCE((SELECT json_agg(json_build_object('parameter', t."parameter", 'min', t."min", 'max', t."max"))
                       FROM "VitalThreshold" t WHERE t."patientId" = p."id"), '[]'::json) AS thresholds,
           (SELECT COALESCE(json_agg(a), '[]'::json) FROM (${priorAlertsSql(patientId)}) a) AS "priorAlerts",
           ARRAY(SELECT DISTINCT ON (r."clinicianId") r."clinicianId" FROM (${responsibleClinicianIdsSql(patientId)}) r) AS "clinicianIds",
           ${rulesFingerprintSql(patientId)} AS "rulesFingerprint"
           ${
             options.deviceTokenId
               ? Prisma.sql`, EXISTS (SELECT 1 FROM "DeviceToken" d
                                  WHERE d."id" = ${options.deviceTokenId} AND d."patientId" = p."id" AND d."revokedAt" IS NULL) AS "deviceTokenActive"`
               : Prisma.empty
           }
      FROM "Patient" p WHERE p."id" = ${patientId}`);
  const replays = tx.query<DuplicateRow>(Prisma.sql`
    SELECT ${OBSERVATION_COLUMNS}, "idempotencyKey" FROM "VitalObservation"
     WHERE "patientId" = ${patientId} AND "idempotencyKey" = ANY(${keys}::text[])`);
  const [[locked], [patient], existing] = await Promise.all([lock, state, replays]);
  if (!locked || !patient) throw notFound("Patient");
  if (options.deviceTokenId && patient.deviceTokenActive !== true) throw new DeviceTokenRefusedError();
  const rulesState: RulesState = {
    fingerprint: patient.rulesFingerprint,
    hypercapnic: patient.hypercapnic,
    thresholds: patient.thresholds,
    priorAlerts: patient.priorAlerts,
  };

  // Replays: the same key again is answered with what was stored; different content under a
  // used key is refused, since the device would otherwise believe it was saved.
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

  const fresh = inTimeOrder(readings, now).filter(({ index }) => !results.has(index));

  if (fresh.length === 0) {
    rememberRulesState(patientId, rulesState);
    const replayAudit = auditInsertSql(actor, audit);
    // Sent, not awaited: it goes out with COMMIT.
    if (replayAudit) void tx.query(replayAudit);
    return { result: { readings: ordered(results, readings.length), fulfilledRequestId: null }, events };
  }
  // The row is locked: nobody else moves vitalsSeq until this transaction ends.
  const firstSeq = patient.vitalsSeq + 1;

  // 2. Score, decide alerts, and store it all in one statement.
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
  const rows = planned.map((p, i) => ({ id: ids[i]!, ...observationData(options, p, firstSeq + i, now) }));
  // What the rows read back as: values are canonical already (temperature to 0.1, like its column).
  const views = rows.map((r) => toObservationView(r as unknown as ObservationRow));

  const alerts = planAlerts(patientId, toPriorAlerts(patient.priorAlerts), planned, ids, thresholdRules(patient.thresholds), now, audit);
  // What this write changes in the alert state is read afresh by the next one.
  if (alerts.updates.length > 0 || alerts.toCreate.length > 0) forgetRulesState(patientId);
  else rememberRulesState(patientId, rulesState);
  const writes: Prisma.Sql[] = [
    Prisma.sql`UPDATE "Patient" SET "vitalsSeq" = "vitalsSeq" + ${fresh.length}::int WHERE "id" = ${patientId}`,
    insertObservationsSql(rows),
    ...alerts.updates,
  ];
  if (alerts.toCreate.length > 0) {
    const patientName = `${patient.givenName} ${patient.familyName}`.trim() || "A patient";
    writes.push(insertAlertsSql(alerts.toCreate));
    for (const alert of alerts.toCreate) {
      audit.push({
        action: "vitals.alert.raise",
        entityType: "VitalAlert",
        entityId: alert.id,
        patientId,
        metadata: { condition: alert.condition, observationId: alert.observationId, notified: patient.clinicianIds.length },
      });
      events.push(...alertRaisedEvents(alert, now, patient.clinicianIds, patientName));
    }
  }

  planned.forEach((p, i) => results.set(p.index, createdReading(p, views[i]!, alerts.raisedBy.get(views[i]!.id) ?? [])));

  // The request this entry answers (manual entries only): it needs the observation stored first.
  let fulfilledRequestId: string | null = null;
  if (options.fulfil) {
    await runTogether(tx, writes.splice(0), null);
    fulfilledRequestId = await fulfilRequest(tx, options, views[0]!, now, audit, events);
  }

  // Sent, not awaited: it goes out with COMMIT, which happens only if it succeeds.
  void runTogether(tx, writes, auditInsertSql(actor, audit));
  // Observation events first, so a client applies the reading before the alert about it.
  events.unshift(...views.map((v) => observationEvent(patientId, v)));
  return { result: { readings: ordered(results, readings.length), fulfilledRequestId }, events };
}

/**
 * The write in one round trip, for readings decided against the patient's known alert state
 * (rules-state-cache.ts): BEGIN, the patient lock, one statement, COMMIT, sent together. The
 * statement runs after the lock, so it sees every earlier writer's commit; it stores only if
 * the device token is still valid, none of the keys was used before and the alert state's
 * fingerprint is the one the decisions were made against — then it advances seq and inserts
 * the observations with their audit rows. Null when it stored nothing for any reason but a
 * refused token: the full write runs (and answers replays, writes alert changes).
 */
async function writeAgainstKnownRules(
  options: RecordObservationsOptions,
  known: RulesState,
  now: Date,
): Promise<{ result: RecordObservationsResult; events: RealtimeEvent[] } | null> {
  const { patientId, readings, actor } = options;
  const planned: PlannedReading[] = inTimeOrder(readings, now).map((f) => ({
    ...f,
    news2: scoreNews2(news2InputOf(f.reading.values, known.hypercapnic)),
  }));
  const ids = planned.map(() => newId());
  const alerts = planAlerts(patientId, toPriorAlerts(known.priorAlerts), planned, ids, thresholdRules(known.thresholds), now, []);
  if (alerts.updates.length > 0 || alerts.toCreate.length > 0) return null;

  // seq is the patient's, advanced by the statement: each row carries its offset (1, 2, …).
  const rows = planned.map((p, i) => ({ id: ids[i]!, ...observationData(options, p, i + 1, now) }));
  const columns = OBSERVATION_INSERT_COLUMNS.map((c) => (c === "seq" ? `s."base" + v."seq"` : `v."${c}"`)).join(", ");
  const keys = readings.map((r) => r.idempotencyKey);
  // Runs and commits whatever else the statement does.
  const sync = options.rateLimitSync;
  const statement = Prisma.sql`
    WITH "check" AS (
      SELECT p."id",
             ${
               options.deviceTokenId
                 ? Prisma.sql`EXISTS (SELECT 1 FROM "DeviceToken" d
                                       WHERE d."id" = ${options.deviceTokenId} AND d."patientId" = p."id" AND d."revokedAt" IS NULL)`
                 : Prisma.sql`TRUE`
             } AS "tokenActive",
             NOT EXISTS (SELECT 1 FROM "VitalObservation" o WHERE o."patientId" = p."id" AND o."idempotencyKey" = ANY(${keys}::text[])) AS "fresh",
             ${rulesFingerprintSql(patientId)} = ${known.fingerprint} AS "sameRules"
        FROM "Patient" p WHERE p."id" = ${patientId}
    ), "seq" AS (
      UPDATE "Patient" p SET "vitalsSeq" = p."vitalsSeq" + ${rows.length}::int
        FROM "check" c WHERE p."id" = c."id" AND c."tokenActive" AND c."fresh" AND c."sameRules"
      RETURNING p."vitalsSeq" - ${rows.length}::int AS "base"
    ), "stored" AS (
      INSERT INTO "VitalObservation" (${OBSERVATION_INSERT_COLUMN_LIST})
      SELECT ${Prisma.raw(columns)} FROM "seq" s CROSS JOIN (VALUES ${observationValuesSql(rows)}) AS v (${OBSERVATION_INSERT_COLUMN_LIST})
      RETURNING "id", "patientId", "seq"
    ), "audit" AS (
      ${auditEachRowSql(
        actor,
        { action: "vitals.observation.create", entityType: "VitalObservation" },
        {
          rows: `"stored"`,
          entityId: `"stored"."id"`,
          patientId: `"stored"."patientId"`,
          orderBy: `"stored"."seq"`,
          metadata: Prisma.sql`jsonb_build_object('seq', "stored"."seq", 'source', ${options.source}::text,
            'deviceTokenId', ${options.deviceTokenId ?? null}::text, 'sessionId', ${options.sessionId ?? null}::text)`,
        },
      )}
    )${sync ? Prisma.sql`, "limit" AS (${sync.statement})` : Prisma.empty}
    SELECT c."tokenActive", c."fresh", c."sameRules", (SELECT "base" FROM "seq") AS "base"
           ${sync ? Prisma.sql`, (SELECT "count" FROM "limit") AS "limitCount", (SELECT "windowStart" FROM "limit") AS "limitWindowStart"` : Prisma.empty}
      FROM (SELECT 1) AS "one" LEFT JOIN "check" c ON TRUE`;

  // Prepared: its text is the same for every single reading of a device (a batch's differs by
  // its count of rows, and stays unnamed), so PostgreSQL plans it once per connection.
  const prepared = { prepared: rows.length === 1 };
  const sent = await sqlTransaction(async (tx) => ({
    lock: tx.query<{ id: string }>(Prisma.sql`SELECT "id" FROM "Patient" WHERE "id" = ${patientId} FOR NO KEY UPDATE`, prepared),
    outcome: tx.query<{ tokenActive: boolean | null; fresh: boolean; sameRules: boolean; base: number | null; limitCount?: number; limitWindowStart?: Date }>(
      statement,
      prepared,
    ),
  }));
  const [[locked], [outcome]] = await Promise.all([sent.lock, sent.outcome]);
  if (sync && outcome?.limitCount !== undefined && outcome.limitWindowStart) sync.settle({ count: outcome.limitCount, windowStart: outcome.limitWindowStart });
  if (!locked || !outcome || outcome.tokenActive === null) throw notFound("Patient");
  if (!outcome.tokenActive) throw new DeviceTokenRefusedError();
  if (!outcome.sameRules) forgetRulesState(patientId);
  if (outcome.base === null) return null;

  const results = new Map<number, RecordedReading>();
  const views = rows.map((r) => toObservationView({ ...r, seq: outcome.base! + r.seq } as unknown as ObservationRow));
  planned.forEach((p, i) => results.set(p.index, createdReading(p, views[i]!, [])));
  const events: RealtimeEvent[] = views.map((v) => observationEvent(patientId, v));
  return { result: { readings: ordered(results, readings.length), fulfilledRequestId: null }, events };
}

/** What a stored reading answers: its observation with its NEWS2, and the alerts it raised. */
function createdReading(p: PlannedReading, observation: ObservationView, alertsRaised: RecordedReading["alertsRaised"]): RecordedReading {
  return {
    idempotencyKey: p.reading.idempotencyKey,
    status: "created",
    observation,
    news2: { total: observation.news2Total, risk: observation.news2Risk, complete: observation.news2Complete },
    alertsRaised,
  };
}

/** Readings in the order they get seq numbers: earlier readings first, so a stream reads in time order. */
function inTimeOrder(readings: readonly NormalizedReading[], now: Date): { reading: NormalizedReading; index: number; observedAt: Date }[] {
  return readings
    .map((reading, index) => ({ reading, index, observedAt: reading.observedAt ?? now }))
    .sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime() || a.index - b.index);
}

function thresholdRules(rows: readonly ThresholdRow[]): ThresholdRule[] {
  return rows.map((t) => ({
    parameter: t.parameter as ThresholdRule["parameter"],
    min: t.min === null ? null : Number(t.min),
    max: t.max === null ? null : Number(t.max),
  }));
}

/** Data-modifying statements (none reading another's result) as one statement: one round trip. */
function runTogether(tx: SqlTx, writes: Prisma.Sql[], audit: Prisma.Sql | null): Promise<unknown> {
  const all = audit ? [...writes, audit] : writes;
  if (all.length === 0) return Promise.resolve();
  if (all.length === 1) return tx.query(all[0]!);
  // A data-modifying CTE runs exactly once whether or not the outer query reads it.
  return tx.query(
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

const OBSERVATION_INSERT_COLUMNS = [
  "id",
  "patientId",
  "visitId",
  "sessionId",
  "source",
  "deviceTokenId",
  "recordedById",
  "observedAt",
  "receivedAt",
  "idempotencyKey",
  "seq",
  "heartRate",
  "systolicBp",
  "diastolicBp",
  "respiratoryRate",
  "spo2",
  "supplementalOxygen",
  "temperature",
  "consciousness",
  "loincCodes",
  "news2Total",
  "news2Risk",
  "news2Complete",
] as const;
const OBSERVATION_INSERT_COLUMN_LIST = Prisma.raw(OBSERVATION_INSERT_COLUMNS.map((c) => `"${c}"`).join(", "));

/** The rows as a VALUES list, typed, in OBSERVATION_INSERT_COLUMNS' order. */
function observationValuesSql(rows: (ObservationInsert & { id: string })[]): Prisma.Sql {
  // Text ids go as they are: the "id"-like columns take text, and VALUES types an untyped parameter as text.
  return Prisma.join(
    rows.map(
      (
        r,
      ) => Prisma.sql`(${r.id}::text, ${r.patientId}::text, ${r.visitId}::text, ${r.sessionId}::text, ${r.source}::"VitalSource", ${r.deviceTokenId}::text, ${r.recordedById}::text,
      ${r.observedAt}::timestamp(3), ${r.receivedAt}::timestamp(3), ${r.idempotencyKey}::text, ${r.seq}::int, ${r.heartRate}::int, ${r.systolicBp}::int, ${r.diastolicBp}::int, ${r.respiratoryRate}::int,
      ${r.spo2}::int, ${r.supplementalOxygen}::boolean, ${r.temperature}::numeric, ${r.consciousness}::"Consciousness", ${r.loincCodes}::text[],
      ${r.news2Total}::int, ${r.news2Risk}::"News2Risk", ${r.news2Complete}::boolean)`,
    ),
  );
}

function insertObservationsSql(rows: (ObservationInsert & { id: string })[]): Prisma.Sql {
  return Prisma.sql`INSERT INTO "VitalObservation" (${OBSERVATION_INSERT_COLUMN_LIST}) VALUES ${observationValuesSql(rows)}`;
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
  observationIds: string[],
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
    const observationId = observationIds[i]!;
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
