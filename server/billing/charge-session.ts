import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import type { DbOrTx } from "@/server/db";
import { AppError } from "@/server/errors";
import { recomputeVisitPayment } from "./recompute-visit-payment";
import { lockVisit } from "@/server/access/bill-access";

export const TELEMEDICINE_CODE = "TELEMED-001";

/**
 * Charge the telemedicine service for a session to its visit, inside the caller's
 * transaction. Exactly once per session: the charge's idempotency key is unique, so
 * concurrent or repeated calls insert one row (ON CONFLICT DO NOTHING). The visit is locked
 * first, like every other bill change, so the payment status it stores is derived from the
 * bill as it stands after any concurrent payment or waive.
 */
export async function chargeSessionTelemedicine(tx: DbOrTx, actor: Actor, input: { sessionId: string; visitId: string; patientId: string }) {
  await lockVisit(tx, input.visitId);
  const item = await tx.serviceCatalogItem.findUnique({ where: { code: TELEMEDICINE_CODE } });
  if (!item || !item.active) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `The telemedicine service (${TELEMEDICINE_CODE}) is not active in the service catalog. End the session without adding it to the bill, and ask an administrator to activate it.`,
      { reason: "catalog_item_inactive" },
    );
  }
  const idempotencyKey = `session:${input.sessionId}:${TELEMEDICINE_CODE}`;
  const inserted = await tx.charge.createManyAndReturn({
    data: [
      {
        visitId: input.visitId,
        catalogItemId: item.id,
        sessionId: input.sessionId,
        code: item.code,
        description: item.name,
        unitPriceMinor: item.priceMinor,
        quantity: 1,
        amountMinor: item.priceMinor,
        currency: item.currency,
        idempotencyKey,
        createdById: actor.userId,
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  });
  const charge = inserted[0];
  if (charge) {
    await recordAudit(tx, actor, {
      action: "charge.create",
      entityType: "Charge",
      entityId: charge.id,
      patientId: input.patientId,
      metadata: { code: item.code, sessionId: input.sessionId, amountMinor: item.priceMinor },
    });
    await recomputeVisitPayment(tx, input.visitId);
  }
  return { charged: charge !== undefined, amountMinor: item.priceMinor, currency: item.currency };
}
