import "server-only";
import type { Actor } from "@/server/audit/actor";
import type { DbOrTx } from "@/server/db";
import { AppError } from "@/server/errors";
import { findVisibleVisit } from "@/server/visits/visit-access";

/**
 * A visit whose bill the actor may change: its own clinician or an admin. Others who may
 * see the visit (the patient) are refused; outsiders get NOT_FOUND as for any visit.
 */
export async function findBillableVisit(tx: DbOrTx, actor: Actor, visitId: string, action: string) {
  const visit = await findVisibleVisit(tx, actor, visitId, { id: true, clinicianId: true, patientId: true, waivedAt: true, status: true }, action);
  if (actor.role !== "ADMIN" && !(actor.role === "CLINICIAN" && visit.clinicianId === actor.userId)) {
    throw new AppError("FORBIDDEN", "Only the visit's clinician or an administrator can change its bill.", { reason: "not_billing_staff" });
  }
  return visit;
}

/** Serialise bill changes on one visit (payments against a balance) with a row lock. */
export async function lockVisit(tx: DbOrTx, visitId: string) {
  await tx.$queryRaw`SELECT id FROM "Visit" WHERE id = ${visitId} FOR UPDATE`;
}
