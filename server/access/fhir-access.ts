// Who may read what through the FHIR API: the app's own visibility rules, never a copy of
// them. Patients and their vitals by `visiblePatients` (care team), visits (Encounter),
// consultations (Appointment) and bill lines (ChargeItem) by their visit's `visibleVisits`,
// alerts (DetectedIssue) by the patient plus the staff-only role check vitals alerts have.
import "server-only";
import { findVisiblePatient, visiblePatients } from "@/server/access/patient-access";
import type { AuditEntry } from "@/server/audit/record-audit";
import type { DbOrTx } from "@/server/db";
import { isAppError, notFound } from "@/server/errors";
import type { Prisma } from "@/server/generated/prisma/client";
import { visibleVisits } from "@/server/access/visit-access";
import type { FhirCaller } from "@/server/fhir/ehr-tokens";

export { visiblePatients, visibleVisits };

/**
 * Practitioners (clinicians) an actor may read: admins all; anyone else themselves and the
 * clinicians on the care teams and visits of the patients they may see.
 */
export function visiblePractitioners(caller: FhirCaller): Prisma.UserWhereInput {
  const { actor } = caller;
  if (actor.role === "ADMIN") return { role: "CLINICIAN" };
  return {
    role: "CLINICIAN",
    OR: [{ id: actor.userId }, { careTeams: { some: { patient: visiblePatients(actor) } } }, { clinicianVisits: { some: visibleVisits(actor) } }],
  };
}

/** FHIR reads are audited under one action; the entry names the FHIR resource type. */
export function readEntry(resourceType: string, entityId: string | null, patientId: string | null, metadata: AuditEntry["metadata"] = {}): AuditEntry {
  return { action: "fhir.read", entityType: resourceType, entityId, patientId, metadata: { resourceType, ...metadata } };
}

/** NOT_FOUND exactly as for a missing record; the refusal is audited when the record exists. */
export function notFoundFor(caller: FhirCaller, resourceType: string, id: string, existingPatientId: string | null | undefined, exists: boolean) {
  return notFound(
    resourceType,
    exists ? { actor: caller.auditActor, entry: { ...readEntry(resourceType, id, existingPatientId ?? null), action: "fhir.read" } } : undefined,
  );
}

/** The patient if the caller may see them, else NOT_FOUND (refusal audited when they exist). */
export async function findFhirPatient<S extends Prisma.PatientSelect>(tx: DbOrTx, caller: FhirCaller, patientId: string, select: S) {
  try {
    return await findVisiblePatient(tx, caller.actor, patientId, select, "fhir.read");
  } catch (error) {
    // The shared lookup names the visibility actor; an EHR token's refusal is the token's.
    if (isAppError(error) && error.denied)
      throw notFound("Patient", { actor: caller.auditActor, entry: { ...error.denied.entry, entityType: "Patient", metadata: { resourceType: "Patient" } } });
    throw error;
  }
}

/** As findFhirPatient, but null instead of NOT_FOUND (searches answer an empty Bundle). */
export async function findFhirPatientOrNull<S extends Prisma.PatientSelect>(
  tx: DbOrTx,
  caller: FhirCaller,
  patientId: string,
  select: S,
  onDenied: (e: { actor: FhirCaller["auditActor"]; entry: AuditEntry }) => void,
) {
  try {
    return await findFhirPatient(tx, caller, patientId, select);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") {
      if (error.denied) onDenied({ actor: error.denied.actor, entry: error.denied.entry });
      return null;
    }
    throw error;
  }
}
