// How a stored VitalObservation leaves the server: tRPC outputs and realtime events share
// this one shape, so what a page loads and what it receives live can be merged as-is.
import "server-only";
import type { ConsciousnessValue, VitalValues } from "@/lib/vitals/parameters";
import { createEvent, type RealtimeEvent } from "@/lib/realtime/events";
import type { Prisma } from "@/server/generated/prisma/client";
import type { Consciousness, News2Risk } from "@/server/generated/prisma/enums";
import type { News2Input, News2Result } from "@/lib/vitals/news2";

export const observationSelect = {
  id: true,
  patientId: true,
  seq: true,
  observedAt: true,
  receivedAt: true,
  source: true,
  sessionId: true,
  heartRate: true,
  systolicBp: true,
  diastolicBp: true,
  respiratoryRate: true,
  spo2: true,
  supplementalOxygen: true,
  temperature: true,
  consciousness: true,
  news2Total: true,
  news2Risk: true,
  news2Complete: true,
} satisfies Prisma.VitalObservationSelect;

export type ObservationRow = Prisma.VitalObservationGetPayload<{ select: typeof observationSelect }>;

export function toObservationView(row: ObservationRow) {
  return {
    id: row.id,
    seq: row.seq,
    observedAt: row.observedAt,
    receivedAt: row.receivedAt,
    source: row.source,
    sessionId: row.sessionId,
    heartRate: row.heartRate,
    systolicBp: row.systolicBp,
    diastolicBp: row.diastolicBp,
    respiratoryRate: row.respiratoryRate,
    spo2: row.spo2,
    supplementalOxygen: row.supplementalOxygen,
    temperature: row.temperature === null ? null : Number(row.temperature),
    consciousness: row.consciousness,
    news2Total: row.news2Total,
    news2Risk: row.news2Risk,
    news2Complete: row.news2Complete,
  };
}

export type ObservationView = ReturnType<typeof toObservationView>;

export function observationEvent(patientId: string, o: ObservationView): RealtimeEvent<"vitals.observation"> {
  return createEvent("vitals.observation", patientId, {
    patientId,
    seq: o.seq,
    observedAt: o.observedAt.toISOString(),
    heartRate: o.heartRate,
    systolicBp: o.systolicBp,
    diastolicBp: o.diastolicBp,
    respiratoryRate: o.respiratoryRate,
    spo2: o.spo2,
    supplementalOxygen: o.supplementalOxygen,
    temperature: o.temperature,
    consciousness: o.consciousness,
    news2Total: o.news2Total,
    news2Risk: o.news2Risk,
    news2Complete: o.news2Complete,
    source: o.source,
  });
}

const RISK: Record<News2Result["risk"], News2Risk> = {
  low: "LOW",
  "low-medium": "LOW_MEDIUM",
  medium: "MEDIUM",
  high: "HIGH",
};

export function toNews2Risk(risk: News2Result["risk"]): News2Risk {
  return RISK[risk];
}

export function toDbConsciousness(value: ConsciousnessValue | undefined): Consciousness | null {
  return value ? (value.toUpperCase() as Consciousness) : null;
}

export function news2InputOf(values: VitalValues, hypercapnic: boolean): News2Input {
  return {
    respiratoryRate: values.respiratoryRate,
    spo2: values.spo2,
    spo2Scale: hypercapnic ? 2 : 1,
    supplementalOxygen: values.supplementalOxygen,
    systolicBp: values.systolicBp,
    heartRate: values.heartRate,
    consciousness: values.consciousness,
    temperature: values.temperature,
  };
}

/** The stored values of a row, as a reading in canonical units (to compare a replayed reading). */
export function valuesOfRow(
  row: Pick<ObservationRow, "heartRate" | "systolicBp" | "diastolicBp" | "respiratoryRate" | "spo2" | "supplementalOxygen" | "temperature" | "consciousness">,
): VitalValues {
  const values: VitalValues = {};
  if (row.heartRate !== null) values.heartRate = row.heartRate;
  if (row.systolicBp !== null) values.systolicBp = row.systolicBp;
  if (row.diastolicBp !== null) values.diastolicBp = row.diastolicBp;
  if (row.respiratoryRate !== null) values.respiratoryRate = row.respiratoryRate;
  if (row.spo2 !== null) values.spo2 = row.spo2;
  if (row.temperature !== null) values.temperature = Number(row.temperature);
  if (row.supplementalOxygen !== null) values.supplementalOxygen = row.supplementalOxygen;
  if (row.consciousness !== null) values.consciousness = row.consciousness.toLowerCase() as ConsciousnessValue;
  return values;
}

export function sameValues(a: VitalValues, b: VitalValues): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof VitalValues)[]);
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}
