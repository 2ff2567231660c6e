// Who may do what with a patient's vitals. Visibility comes first and answers outsiders
// exactly like a missing patient (server/access/patient-access.ts); the role check follows,
// so a refusal never reveals more than the actor could already see.
import "server-only";
import type { Role } from "@/lib/auth/session-policy";
import { findVisiblePatient } from "@/server/access/patient-access";
import type { Actor } from "@/server/audit/actor";
import { recordDenied } from "@/server/audit/record-audit";
import type { DbOrTx } from "@/server/db";
import { AppError } from "@/server/errors";

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

/** Refuses (FORBIDDEN, audited) unless the actor has one of `roles`. */
export async function requireRole(
  actor: Actor,
  roles: readonly Role[],
  audit: { action: string; entityType: string; entityId?: string | null; patientId?: string | null },
  message: string,
): Promise<void> {
  if (roles.includes(actor.role)) return;
  await recordDenied(actor, { ...audit, metadata: { reason: "role" } });
  throw new AppError("FORBIDDEN", message, { reason: "role" });
}
