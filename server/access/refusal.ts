import "server-only";
import type { AnyActor } from "@/server/audit/actor";
import type { AuditEntry } from "@/server/audit/record-audit";
import { type AppError, notFound } from "@/server/errors";

/**
 * The one way to refuse a record the actor may not see: NOT_FOUND with exactly the message a
 * missing record gets. When the record does exist, the refusal rides on the error (`denied`)
 * and the transport audits it after the rollback (tRPC middleware, `errorResponse`, FHIR).
 * Role refusals go through `requireRole` (roles.ts), which uses the same path.
 */
export function refuseAsMissing(
  entity: string,
  actor: AnyActor,
  existing: { patientId: string | null } | null | undefined,
  entry: Omit<AuditEntry, "outcome" | "patientId">,
): AppError {
  return notFound(entity, existing ? { actor, entry: { ...entry, patientId: existing.patientId } } : undefined);
}
