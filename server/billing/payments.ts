import "server-only";
import { env } from "@/env";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { PaymentMethod } from "@/server/generated/prisma/enums";
import { formatMoney } from "@/lib/format";
import { recomputeVisitPayment } from "./recompute-visit-payment";
import { lockBillableVisit } from "@/server/access/bill-access";

/**
 * Record a payment against a visit. The visit row is locked before anything is read, so
 * concurrent payments cannot together pay more than the balance and a payment racing a
 * waive sees the waive; an overpayment is refused with the amount due.
 */
export async function recordPayment({
  actor,
  visitId,
  amountMinor,
  method,
  reference,
  now = new Date(),
}: {
  actor: Actor;
  visitId: string;
  amountMinor: number;
  method: PaymentMethod;
  reference?: string;
  now?: Date;
}) {
  return db.$transaction(async (tx) => {
    const visit = await lockBillableVisit(tx, actor, visitId, "payment.create");
    if (visit.waivedAt) throw new AppError("PRECONDITION_FAILED", "This visit's bill was waived; there is nothing to pay.", { reason: "bill_waived" });
    const before = await recomputeVisitPayment(tx, visitId);
    const currency = (await tx.charge.findFirst({ where: { visitId, voidedAt: null }, select: { currency: true } }))?.currency ?? env.CLINIC_CURRENCY;
    if (before.balanceMinor <= 0) {
      throw new AppError("PRECONDITION_FAILED", "Nothing is owed on this visit.", { reason: "nothing_owed" });
    }
    if (amountMinor > before.balanceMinor) {
      throw new AppError("BAD_REQUEST", `That is more than the ${formatMoney(before.balanceMinor, currency, "en")} owed. Record at most the balance.`, {
        reason: "overpayment",
        details: { balanceMinor: before.balanceMinor, currency },
      });
    }
    const payment = await tx.payment.create({
      data: { visitId, amountMinor, currency, method, reference: reference?.trim() || null, receivedById: actor.userId, receivedAt: now },
      select: { id: true, amountMinor: true, currency: true, method: true, receivedAt: true },
    });
    await recordAudit(tx, actor, {
      action: "payment.create",
      entityType: "Payment",
      entityId: payment.id,
      patientId: visit.patientId,
      metadata: { amountMinor, method },
    });
    const totals = await recomputeVisitPayment(tx, visitId);
    return { payment, totals };
  });
}

/** An admin waives what is owed on a visit, with a reason. */
export async function waiveVisit({ actor, visitId, reason, now = new Date() }: { actor: Actor; visitId: string; reason: string; now?: Date }) {
  if (actor.role !== "ADMIN") throw new AppError("FORBIDDEN", "Only an administrator can waive a bill.", { reason: "admin_only" });
  return db.$transaction(async (tx) => {
    const visit = await lockBillableVisit(tx, actor, visitId, "bill.waive");
    if (visit.waivedAt) return { status: "WAIVED" as const };
    await tx.visit.update({ where: { id: visitId }, data: { waivedAt: now, waivedById: actor.userId, waivedReason: reason.trim() } });
    await recordAudit(tx, actor, { action: "bill.waive", entityType: "Visit", entityId: visitId, patientId: visit.patientId });
    const totals = await recomputeVisitPayment(tx, visitId);
    return { status: totals.status };
  });
}
