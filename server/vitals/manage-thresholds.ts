// Patient-specific alert thresholds: a clinician sets the range a parameter should stay in
// (e.g. heart rate 50–100 for a patient on beta blockers); leaving it raises a
// THRESHOLD:<parameter> alert alongside the NEWS2 rules.
import "server-only";
import { THRESHOLD_PARAMETERS, VITALS, type ThresholdParameter } from "@/lib/vitals/parameters";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { requireRole } from "@/server/access/roles";
import { findVitalsPatient } from "@/server/access/vitals-access";

const thresholdView = (t: { id: string; parameter: string; min: unknown; max: unknown; updatedAt: Date }) => ({
  id: t.id,
  parameter: t.parameter as ThresholdParameter,
  min: t.min === null ? null : Number(t.min),
  max: t.max === null ? null : Number(t.max),
  updatedAt: t.updatedAt,
});

const select = { id: true, parameter: true, min: true, max: true, updatedAt: true } as const;

export async function listThresholds({ actor, patientId }: { actor: Actor; patientId: string }) {
  return db.$transaction(async (tx) => {
    const patient = await findVitalsPatient(tx, actor, patientId, "vitals.threshold.read");
    requireRole(
      actor,
      ["CLINICIAN", "ADMIN"],
      { action: "vitals.threshold.read", entityType: "Patient", entityId: patient.id, patientId: patient.id },
      "Thresholds are for the care team.",
    );
    const rows = await tx.vitalThreshold.findMany({ where: { patientId: patient.id }, select, orderBy: { parameter: "asc" } });
    await recordAudit(tx, actor, {
      action: "vitals.threshold.read",
      entityType: "Patient",
      entityId: patient.id,
      patientId: patient.id,
      metadata: { count: rows.length },
    });
    return rows.map(thresholdView);
  });
}

export interface SetThresholdOptions {
  actor: Actor;
  patientId: string;
  parameter: ThresholdParameter;
  min: number | null;
  max: number | null;
}

export async function setThreshold({ actor, patientId, parameter, min, max }: SetThresholdOptions) {
  if (!THRESHOLD_PARAMETERS.includes(parameter)) {
    throw new AppError("BAD_REQUEST", "Thresholds can be set on heart rate, systolic pressure, respiratory rate, SpO₂ and temperature.", {
      reason: "invalid_parameter",
    });
  }
  const def = VITALS[parameter];
  const issues: { path: string; message: string }[] = [];
  if (min === null && max === null) issues.push({ path: "min", message: "Give a lower limit, an upper limit, or both." });
  for (const [path, v] of [
    ["min", min],
    ["max", max],
  ] as const) {
    if (v !== null && (v < def.min || v > def.max)) issues.push({ path, message: `Use a value between ${def.min} and ${def.max} ${def.unitLabel}.` });
  }
  if (min !== null && max !== null && min >= max) issues.push({ path: "max", message: "The upper limit must be above the lower limit." });
  if (issues.length > 0) throw new AppError("BAD_REQUEST", "The threshold needs attention.", { reason: "invalid_threshold", details: { issues } });

  return db.$transaction(async (tx) => {
    const patient = await findVitalsPatient(tx, actor, patientId, "vitals.threshold.set");
    requireRole(
      actor,
      ["CLINICIAN"],
      { action: "vitals.threshold.set", entityType: "Patient", entityId: patient.id, patientId: patient.id },
      "Only a clinician can set alert thresholds.",
    );
    const row = await tx.vitalThreshold.upsert({
      where: { patientId_parameter: { patientId: patient.id, parameter } },
      create: { patientId: patient.id, parameter, min, max, createdById: actor.userId },
      update: { min, max, createdById: actor.userId },
      select,
    });
    await recordAudit(tx, actor, {
      action: "vitals.threshold.set",
      entityType: "VitalThreshold",
      entityId: row.id,
      patientId: patient.id,
      metadata: { parameter },
    });
    return thresholdView(row);
  });
}

export async function removeThreshold({ actor, patientId, parameter }: { actor: Actor; patientId: string; parameter: ThresholdParameter }) {
  return db.$transaction(async (tx) => {
    const patient = await findVitalsPatient(tx, actor, patientId, "vitals.threshold.remove");
    requireRole(
      actor,
      ["CLINICIAN"],
      { action: "vitals.threshold.remove", entityType: "Patient", entityId: patient.id, patientId: patient.id },
      "Only a clinician can remove alert thresholds.",
    );
    const removed = await tx.vitalThreshold.deleteMany({ where: { patientId: patient.id, parameter } });
    if (removed.count > 0) {
      await recordAudit(tx, actor, { action: "vitals.threshold.remove", entityType: "VitalThreshold", patientId: patient.id, metadata: { parameter } });
    }
    return { removed: removed.count > 0 };
  });
}
