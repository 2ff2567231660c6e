// How a VitalAlert leaves the server (tRPC outputs, realtime events), and where its
// bookkeeping lives in `detail`.
import "server-only";
import { createEvent, type RealtimeEvent } from "@/lib/realtime/events";
import type { DbOrTx } from "@/server/db";
import { Prisma } from "@/server/generated/prisma/client";
import type { AlertCondition, PriorAlert } from "./alert-rules";

/** VitalAlert.detail: ids, parameter names and numbers only. */
export interface AlertDetail {
  /** NEWS2 parameters that scored 3, or the threshold parameter out of range. */
  parameters: string[];
  /** The most recent reading that triggered it. */
  lastObservationId: string;
  /** Thresholds: the value and the range it left. */
  value?: number | null;
  min?: number | null;
  max?: number | null;
  /** Acknowledged alerts: when a reading showed the condition had gone (re-arms it). */
  clearedAt?: string;
  clearedObservationId?: string;
}

export function readDetail(detail: Prisma.JsonValue | null): Partial<AlertDetail> {
  return detail && typeof detail === "object" && !Array.isArray(detail) ? (detail as Partial<AlertDetail>) : {};
}

export const alertSelect = {
  id: true,
  patientId: true,
  observationId: true,
  condition: true,
  status: true,
  news2Total: true,
  detail: true,
  raisedAt: true,
  lastTriggeredAt: true,
  acknowledgedAt: true,
  acknowledgeNote: true,
  escalatedAt: true,
  escalationCount: true,
  acknowledgedBy: { select: { id: true, name: true, title: true } },
} satisfies Prisma.VitalAlertSelect;

export type AlertRow = Prisma.VitalAlertGetPayload<{ select: typeof alertSelect }>;

export function toAlertView(row: AlertRow) {
  const detail = readDetail(row.detail);
  return {
    id: row.id,
    patientId: row.patientId,
    observationId: row.observationId,
    condition: row.condition,
    status: row.status,
    news2Total: row.news2Total,
    parameters: detail.parameters ?? [],
    value: detail.value ?? null,
    min: detail.min ?? null,
    max: detail.max ?? null,
    raisedAt: row.raisedAt,
    lastTriggeredAt: row.lastTriggeredAt,
    acknowledgedAt: row.acknowledgedAt,
    acknowledgeNote: row.acknowledgeNote,
    acknowledgedBy: row.acknowledgedBy
      ? {
          id: row.acknowledgedBy.id,
          name:
            row.acknowledgedBy.title && row.acknowledgedBy.name && !row.acknowledgedBy.name.startsWith(row.acknowledgedBy.title)
              ? `${row.acknowledgedBy.title} ${row.acknowledgedBy.name}`
              : (row.acknowledgedBy.name ?? "A clinician"),
        }
      : null,
    escalatedAt: row.escalatedAt,
    escalationCount: row.escalationCount,
  };
}

export type AlertView = ReturnType<typeof toAlertView>;

export type PriorAlertRow = { id: string; condition: string; status: "OPEN" | "ACKNOWLEDGED"; news2Total: number | null; detail: Prisma.JsonValue | null };
export type PriorAlerts = Map<string, PriorAlert & { detail: Partial<AlertDetail> }>;

/** The latest alert of each condition for a patient: what the alert rules decide against. */
export function priorAlertsSql(patientId: string): Prisma.Sql {
  return Prisma.sql`SELECT DISTINCT ON ("condition") "id", "condition", "status", "news2Total", "detail"
      FROM "VitalAlert" WHERE "patientId" = ${patientId}
     ORDER BY "condition", "raisedAt" DESC, "id" DESC`;
}

export function toPriorAlerts(rows: readonly PriorAlertRow[]): PriorAlerts {
  return new Map(
    rows.map((r) => {
      const detail = readDetail(r.detail);
      const prior: PriorAlert & { detail: Partial<AlertDetail> } = {
        id: r.id,
        condition: r.condition as AlertCondition,
        status: r.status,
        news2Total: r.news2Total,
        parameters: detail.parameters ?? [],
        cleared: Boolean(detail.clearedAt),
        detail,
      };
      return [r.condition, prior] as const;
    }),
  );
}

export async function loadPriorAlerts(tx: DbOrTx, patientId: string): Promise<PriorAlerts> {
  return toPriorAlerts(await tx.$queryRaw<PriorAlertRow[]>(priorAlertsSql(patientId)));
}

/**
 * Clinicians who answer for a patient's alerts: the care team and anyone with an open visit
 * (deactivated accounts left out), care team first. One statement for Prisma and the SQL path.
 */
export function responsibleClinicianIdsSql(patientId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT c."clinicianId", 0 AS "rank" FROM "CareTeamMember" c JOIN "User" u ON u."id" = c."clinicianId"
     WHERE c."patientId" = ${patientId} AND u."deactivatedAt" IS NULL
    UNION ALL
    SELECT v."clinicianId", 1 AS "rank" FROM "Visit" v JOIN "User" u ON u."id" = v."clinicianId"
     WHERE v."patientId" = ${patientId} AND v."status" = 'OPEN' AND u."deactivatedAt" IS NULL
    ORDER BY "rank"`;
}

export function toClinicianIds(rows: readonly { clinicianId: string }[]): string[] {
  return [...new Set(rows.map((r) => r.clinicianId))];
}

export async function responsibleClinicianIds(tx: DbOrTx, patientId: string): Promise<string[]> {
  return toClinicianIds(await tx.$queryRaw<{ clinicianId: string }[]>(responsibleClinicianIdsSql(patientId)));
}

interface AlertEventSource {
  id: string;
  patientId: string;
  condition: string;
  news2Total: number | null;
}

/**
 * Raised: on the patient's channel and in each responsible clinician's inbox. The inbox event
 * names the patient (private to that clinician), so their screen can show it at once.
 */
export function alertRaisedEvents(alert: AlertEventSource, at: Date, clinicianIds: readonly string[], patientName: string): RealtimeEvent[] {
  const payload = { alertId: alert.id, patientId: alert.patientId, condition: alert.condition, news2Total: alert.news2Total, at: at.toISOString() };
  return [
    createEvent("vitals.alert.raised", alert.patientId, payload),
    ...clinicianIds.map((c) => createEvent("vitals.alert.updated", c, { ...payload, status: "OPEN" as const, patientName })),
  ];
}

export function alertAcknowledgedEvents(alert: AlertEventSource, at: Date, by: string, clinicianIds: readonly string[]): RealtimeEvent[] {
  const payload = { alertId: alert.id, patientId: alert.patientId, condition: alert.condition, news2Total: alert.news2Total, at: at.toISOString() };
  return [
    createEvent("vitals.alert.acknowledged", alert.patientId, { ...payload, by }),
    ...clinicianIds.map((c) => createEvent("vitals.alert.updated", c, { ...payload, status: "ACKNOWLEDGED" as const })),
  ];
}
