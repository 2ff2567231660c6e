import "server-only";
import type { Actor } from "@/server/audit/actor";
import { AppError } from "@/server/errors";
import type { VideoSession } from "./session-access";

// Recordings: starting and stopping one belongs to the clinician running the visit (the session
// is first looked up with `findVideoSession`, so outsiders get NOT_FOUND); watching one, its
// transcript and the list are for administrators (`requireAdmin`, roles.ts).

/** Only the clinician running the visit starts and stops recordings (FORBIDDEN, audited). */
export function requireVisitClinician(actor: Actor, session: VideoSession, action: string): void {
  if (actor.role === "CLINICIAN" && session.visit.clinicianId === actor.userId) return;
  throw new AppError("FORBIDDEN", "Only the clinician running this visit can start or stop a recording.", {
    reason: "not_visit_clinician",
    denied: {
      actor,
      entry: { action, entityType: "TelemedicineSession", entityId: session.id, patientId: session.visit.patientId, metadata: { reason: "role" } },
    },
  });
}
