import "server-only";
import type { Actor } from "@/server/audit/actor";
import type { DbOrTx } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { findVisibleVisit, visibleVisits } from "@/server/access/visit-access";

/**
 * The visit whose bill the actor is about to change, locked for the rest of the caller's
 * transaction: its own clinician or an admin. Others who may see the visit (the patient)
 * are refused; outsiders get NOT_FOUND as for any visit.
 *
 * The lock comes first and everything the decision rests on (who may bill, whether the bill
 * was waived) is read after it, so a concurrent change to the bill (a waive, a payment) is
 * either fully before this transaction or fully after it. Reading first and locking second
 * let a payment be accepted on a visit that a racing waive had just closed.
 */
export async function lockBillableVisit(tx: DbOrTx, actor: Actor, visitId: string, action: string) {
  await lockVisit(tx, visitId);
  const visit = await findVisibleVisit(tx, actor, visitId, { id: true, clinicianId: true, patientId: true, waivedAt: true, status: true }, action);
  assertBillingStaff(actor, visit);
  return visit;
}

/**
 * A charge looked up through the visibility of its visit: another clinician's charge
 * answers exactly like a missing one ("Charge not found"), never with the visit's name.
 */
export async function findVisibleCharge(tx: DbOrTx, actor: Actor, chargeId: string, action: string) {
  const charge = await tx.charge.findFirst({ where: { id: chargeId, visit: visibleVisits(actor) }, select: { id: true, visitId: true } });
  if (!charge) {
    const exists = await tx.charge.findUnique({ where: { id: chargeId }, select: { visit: { select: { patientId: true } } } });
    throw notFound("Charge", exists ? { actor, entry: { action, entityType: "Charge", entityId: chargeId, patientId: exists.visit.patientId } } : undefined);
  }
  return charge;
}

function assertBillingStaff(actor: Actor, visit: { clinicianId: string }) {
  if (actor.role !== "ADMIN" && !(actor.role === "CLINICIAN" && visit.clinicianId === actor.userId)) {
    throw new AppError("FORBIDDEN", "Only the visit's clinician or an administrator can change its bill.", { reason: "not_billing_staff" });
  }
}

/** Serialise bill changes on one visit (payments against a balance, waives) with a row lock. */
export async function lockVisit(tx: DbOrTx, visitId: string) {
  await tx.$queryRaw`SELECT id FROM "Visit" WHERE id = ${visitId} FOR UPDATE`;
}
