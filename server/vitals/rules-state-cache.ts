// What the alert rules decide a patient's readings against — hypercapnia (NEWS2's SpO2
// scale), the clinician's thresholds, the latest alert of each condition — as this instance
// last read it inside a write, with its fingerprint as PostgreSQL computes it
// (`rulesFingerprintSql`). A reading decided against this copy is stored in one round trip
// whose statement recomputes the fingerprint after the patient lock and stores nothing when
// it differs (record-observations.ts): a stale copy costs a round trip, never a wrong decision.
import "server-only";
import { Prisma } from "@/server/generated/prisma/client";
import { priorAlertsSql, type PriorAlertRow } from "./alert-view";

export interface ThresholdRow {
  parameter: string;
  min: number | string | null;
  max: number | string | null;
}

export interface RulesState {
  fingerprint: string;
  hypercapnic: boolean;
  thresholds: ThresholdRow[];
  priorAlerts: PriorAlertRow[];
}

// One entry per patient with a device posting to this instance; a few hundred bytes each.
const MAX_ENTRIES = 20_000;
const states = new Map<string, RulesState>();

export function knownRulesState(patientId: string): RulesState | undefined {
  return states.get(patientId);
}

export function rememberRulesState(patientId: string, state: RulesState): void {
  if (states.size >= MAX_ENTRIES && !states.has(patientId)) states.delete(states.keys().next().value!);
  states.set(patientId, state);
}

/** The write changed the patient's alerts: the next reading reads them again. */
export function forgetRulesState(patientId: string): void {
  states.delete(patientId);
}

/**
 * The fingerprint of everything the rules read, for the patient row aliased `p`. format()
 * writes NULL as an empty string, so a missing min and a missing max stay distinct.
 */
export function rulesFingerprintSql(patientId: string): Prisma.Sql {
  return Prisma.sql`md5(format('%s|%s|%s', p."hypercapnic",
      (SELECT string_agg(format('%s,%s,%s', t."parameter", t."min", t."max"), ';' ORDER BY t."parameter")
         FROM "VitalThreshold" t WHERE t."patientId" = ${patientId}),
      (SELECT string_agg(format('%s,%s,%s,%s', a."id", a."status", a."news2Total", a."detail"), ';' ORDER BY a."condition")
         FROM (${priorAlertsSql(patientId)}) a)))`;
}
