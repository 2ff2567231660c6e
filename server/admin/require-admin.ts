import "server-only";
import type { Actor } from "@/server/audit/actor";
import { AppError } from "@/server/errors";

/** Admin-console functions are for admins only, whatever transport calls them. */
export function requireAdmin(actor: Actor, action: string): void {
  if (actor.role !== "ADMIN") {
    throw new AppError("FORBIDDEN", "Only administrators can use the admin console.", {
      reason: "not_admin",
      denied: { actor, entry: { action, entityType: "AuditEvent", metadata: { reason: "role" } } },
    });
  }
}
