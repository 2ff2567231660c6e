// Who may do what with a patient's vitals. Visibility comes first and answers outsiders
// exactly like a missing patient (patient-access.ts); the role check (`requireRole`, roles.ts) follows,
// so a refusal never reveals more than the actor could already see.
import "server-only";
import { findVisiblePatient } from "@/server/access/patient-access";
import type { Actor } from "@/server/audit/actor";
import type { DbOrTx } from "@/server/db";

export const vitalsPatientSelect = {
  id: true,
  userId: true,
  mrn: true,
  givenName: true,
  familyName: true,
  hypercapnic: true,
  vitalsSeq: true,
} as const;

/** The patient, if the actor may see them; else NOT_FOUND (audited when the patient exists). */
export function findVitalsPatient(tx: DbOrTx, actor: Actor, patientId: string, action: string) {
  return findVisiblePatient(tx, actor, patientId, vitalsPatientSelect, action);
}
