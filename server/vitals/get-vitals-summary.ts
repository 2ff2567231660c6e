// What a vitals view opens with: the latest set, the latest value of each parameter (a
// device may send only some of them), the stream position (seq) to continue live from, and
// for staff the open alerts.
import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { alertSelect, toAlertView } from "./alert-view";
import { observationSelect, toObservationView, type ObservationView } from "./observation-view";
import { findVitalsPatient } from "@/server/access/vitals-access";

// Enough recent sets to find each parameter's latest value in practice.
const RECENT_FOR_LATEST = 200;

const LATEST_KEYS = [
  "heartRate",
  "systolicBp",
  "diastolicBp",
  "respiratoryRate",
  "spo2",
  "temperature",
  "supplementalOxygen",
  "consciousness",
] as const satisfies readonly (keyof ObservationView)[];

type LatestKey = (typeof LATEST_KEYS)[number];
export type LatestValue<K extends LatestKey> = { value: NonNullable<ObservationView[K]>; observedAt: Date; source: ObservationView["source"] } | null;

/**
 * Reads and one audit row, without an interactive transaction (every call tab polls this; an
 * interactive transaction holding a pooled connection across round trips timed out under load).
 */
export async function getVitalsSummary({ actor, patientId, now = new Date() }: { actor: Actor; patientId: string; now?: Date }) {
  const patient = await findVitalsPatient(db, actor, patientId, "vitals.read");
  const staff = actor.role === "CLINICIAN" || actor.role === "ADMIN";
  const [recentRows, alertRows] = await Promise.all([
    db.vitalObservation.findMany({
      where: { patientId: patient.id },
      orderBy: [{ observedAt: "desc" }, { seq: "desc" }],
      take: RECENT_FOR_LATEST,
      select: observationSelect,
    }),
    staff
      ? db.vitalAlert.findMany({ where: { patientId: patient.id, status: "OPEN" }, orderBy: { raisedAt: "desc" }, select: alertSelect })
      : Promise.resolve([]),
  ]);
  const recent = recentRows.map(toObservationView);
  const latestValues = Object.fromEntries(
    LATEST_KEYS.map((key) => {
      const o = recent.find((r) => r[key] !== null);
      return [key, o ? { value: o[key], observedAt: o.observedAt, source: o.source } : null];
    }),
  ) as { [K in LatestKey]: LatestValue<K> };

  await recordAudit(db, actor, {
    action: "vitals.read",
    entityType: "Patient",
    entityId: patient.id,
    patientId: patient.id,
    metadata: { observations: recent.length, alerts: alertRows.length },
  });
  return {
    patient: {
      id: patient.id,
      givenName: patient.givenName,
      familyName: patient.familyName,
      mrn: patient.mrn,
      spo2Scale: (patient.hypercapnic ? 2 : 1) as 1 | 2,
      isSelf: actor.role === "PATIENT",
    },
    /** What the screen may offer: acknowledging and requesting are for clinicians. */
    viewerRole: actor.role,
    seq: patient.vitalsSeq,
    latest: recent[0] ?? null,
    // The newest few sets, newest last, so a live view can tell whether a device is streaming.
    recent: recent.slice(0, 10).reverse(),
    latestValues,
    openAlerts: alertRows.map(toAlertView),
    serverTime: now,
  };
}
