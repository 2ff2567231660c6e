import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db, type DbOrTx } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { recomputeVisitPayment } from "./recompute-visit-payment";
import { findVisibleCharge, lockBillableVisit } from "@/server/access/bill-access";

async function activeItem(tx: DbOrTx, catalogItemId: string) {
  const item = await tx.serviceCatalogItem.findUnique({ where: { id: catalogItemId } });
  if (!item) throw notFound("Catalog item");
  if (!item.active) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `${item.code} · ${item.name} is inactive and cannot be charged. Choose another item or ask an administrator to reactivate it.`,
      {
        reason: "catalog_item_inactive",
      },
    );
  }
  return item;
}

async function assertSameCurrency(tx: DbOrTx, visitId: string, currency: string) {
  const other = await tx.charge.findFirst({ where: { visitId, voidedAt: null, currency: { not: currency } }, select: { currency: true } });
  if (other)
    throw new AppError("CONFLICT", `This visit is billed in ${other.currency}; an item priced in ${currency} cannot be added.`, {
      reason: "currency_mismatch",
    });
}

/** Clinicians (their visits) and admins add catalog items to a visit's bill. */
export async function addCharge({ actor, visitId, catalogItemId, quantity }: { actor: Actor; visitId: string; catalogItemId: string; quantity: number }) {
  return db.$transaction(async (tx) => {
    const visit = await lockBillableVisit(tx, actor, visitId, "charge.create");
    if (visit.waivedAt) throw new AppError("PRECONDITION_FAILED", "This visit's bill was waived; nothing more can be charged.", { reason: "bill_waived" });
    const item = await activeItem(tx, catalogItemId);
    await assertSameCurrency(tx, visitId, item.currency);
    const charge = await tx.charge.create({
      data: {
        visitId,
        catalogItemId: item.id,
        code: item.code,
        description: item.name,
        unitPriceMinor: item.priceMinor,
        quantity,
        amountMinor: item.priceMinor * quantity,
        currency: item.currency,
        createdById: actor.userId,
      },
      select: { id: true, code: true, amountMinor: true, currency: true },
    });
    await recordAudit(tx, actor, {
      action: "charge.create",
      entityType: "Charge",
      entityId: charge.id,
      patientId: visit.patientId,
      metadata: { code: item.code, quantity },
    });
    const totals = await recomputeVisitPayment(tx, visitId);
    return { charge, totals };
  });
}

/**
 * Charges are never edited or deleted: a wrong one is voided with a reason and, if needed,
 * replaced by a new line that points back to it.
 */
export async function voidCharge({
  actor,
  chargeId,
  reason,
  replacement,
  now = new Date(),
}: {
  actor: Actor;
  chargeId: string;
  reason: string;
  replacement?: { catalogItemId: string; quantity: number };
  now?: Date;
}) {
  return db.$transaction(async (tx) => {
    // A charge never moves to another visit (charges are immutable but for the void), so
    // finding its visit before the lock is safe; every decision is taken after it.
    const existing = await findVisibleCharge(tx, actor, chargeId, "charge.void");
    const visit = await lockBillableVisit(tx, actor, existing.visitId, "charge.void");
    const voided = await tx.charge.updateMany({
      where: { id: chargeId, voidedAt: null },
      data: { voidedAt: now, voidedById: actor.userId, voidReason: reason.trim() },
    });
    if (voided.count === 0) throw new AppError("PRECONDITION_FAILED", "This charge was already voided.", { reason: "already_voided" });
    await recordAudit(tx, actor, { action: "charge.void", entityType: "Charge", entityId: chargeId, patientId: visit.patientId });
    let replacementId: string | null = null;
    if (replacement) {
      const item = await activeItem(tx, replacement.catalogItemId);
      await assertSameCurrency(tx, visit.id, item.currency);
      const created = await tx.charge.create({
        data: {
          visitId: visit.id,
          catalogItemId: item.id,
          code: item.code,
          description: item.name,
          unitPriceMinor: item.priceMinor,
          quantity: replacement.quantity,
          amountMinor: item.priceMinor * replacement.quantity,
          currency: item.currency,
          createdById: actor.userId,
          replacesChargeId: chargeId,
        },
        select: { id: true },
      });
      replacementId = created.id;
      await recordAudit(tx, actor, {
        action: "charge.create",
        entityType: "Charge",
        entityId: created.id,
        patientId: visit.patientId,
        metadata: { replaces: chargeId },
      });
    }
    const totals = await recomputeVisitPayment(tx, visit.id);
    return { voidedId: chargeId, replacementId, totals };
  });
}
