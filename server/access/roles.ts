import "server-only";
import type { Role } from "@/lib/auth/session-policy";
import type { Actor } from "@/server/audit/actor";
import type { AuditEntry } from "@/server/audit/record-audit";
import { AppError } from "@/server/errors";

/**
 * The one role check for domain code: FORBIDDEN unless the actor has one of `roles`.
 *
 * The refusal travels on the error (`denied`) and is audited by the transport once the
 * refused operation's transaction has rolled back (tRPC's error middleware, the route
 * handlers' `errorResponse`, the FHIR handler) — the same path as a NOT_FOUND from a
 * `findVisible…` lookup. Callers check visibility first, so a role refusal never reveals
 * more than the actor could already see.
 */
export function requireRole(
  actor: Actor,
  roles: readonly Role[],
  audit: Pick<AuditEntry, "action" | "entityType" | "entityId" | "patientId">,
  message: string,
  reason = "role",
): void {
  if (roles.includes(actor.role)) return;
  throw new AppError("FORBIDDEN", message, { reason, denied: { actor, entry: { ...audit, metadata: { reason: "role" } } } });
}

/** Admin-console functions are for admins only, whatever transport calls them. */
export function requireAdmin(actor: Actor, action: string): void {
  requireRole(actor, ["ADMIN"], { action, entityType: "AuditEvent" }, "Only administrators can use the admin console.", "not_admin");
}

/**
 * A Prisma filter that matches no row: what an actor with no claim on an entity may see.
 * (An empty `in` list, so no id can ever collide with it.)
 */
export const NO_ROWS = { id: { in: [] as string[] } };

/**
 * The care relationship behind every clinical record that names its clinician and its patient
 * (visits, consultations): the clinician who owns it, the patient it is about, every one for
 * an admin, none for anyone else. Each model's `visible…` filter is this rule.
 */
export function ownCareRecords(actor: Actor): { clinicianId: string } | { patient: { userId: string } } | typeof NO_ROWS | Record<string, never> {
  switch (actor.role) {
    case "ADMIN":
      return {};
    case "CLINICIAN":
      return { clinicianId: actor.userId };
    case "PATIENT":
      return { patient: { userId: actor.userId } };
    default:
      return NO_ROWS;
  }
}
