import "server-only";
import type { DbOrTx } from "@/server/db";
import { derivePaymentStatus } from "./payment-status";

/** Re-derive and store a visit's payment status from its live charges and payments. */
export async function recomputeVisitPayment(tx: DbOrTx, visitId: string) {
  // One after another: a transaction's queries share one connection (pg runs one at a time).
  const charged = await tx.charge.aggregate({ where: { visitId, voidedAt: null }, _sum: { amountMinor: true } });
  const paid = await tx.payment.aggregate({ where: { visitId }, _sum: { amountMinor: true } });
  const visit = await tx.visit.findUniqueOrThrow({ where: { id: visitId }, select: { waivedAt: true, paymentStatus: true } });
  const chargedMinor = charged._sum.amountMinor ?? 0;
  const paidMinor = paid._sum.amountMinor ?? 0;
  const status = derivePaymentStatus({ chargedMinor, paidMinor, waived: visit.waivedAt !== null });
  if (status !== visit.paymentStatus) await tx.visit.update({ where: { id: visitId }, data: { paymentStatus: status } });
  return { chargedMinor, paidMinor, balanceMinor: chargedMinor - paidMinor, status };
}
