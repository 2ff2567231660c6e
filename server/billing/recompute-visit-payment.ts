import "server-only";
import type { DbOrTx } from "@/server/db";
import { AppError } from "@/server/errors";
import type { PaymentStatus } from "@/server/generated/prisma/enums";
import { derivePaymentStatus } from "./payment-status";

/** Re-derive and store a visit's payment status from its live charges and payments. */
export async function recomputeVisitPayment(tx: DbOrTx, visitId: string) {
  // One statement for the three reads: inside a transaction every round trip is held time
  // (on the embedded database, time every other transaction waits).
  const [visit] = await tx.$queryRaw<{ chargedMinor: bigint | null; paidMinor: bigint | null; waivedAt: Date | null; paymentStatus: PaymentStatus }[]>`
    SELECT (SELECT SUM(c."amountMinor") FROM "Charge" AS c WHERE c."visitId" = v."id" AND c."voidedAt" IS NULL) AS "chargedMinor",
           (SELECT SUM(p."amountMinor") FROM "Payment" AS p WHERE p."visitId" = v."id") AS "paidMinor",
           v."waivedAt", v."paymentStatus"
      FROM "Visit" AS v
     WHERE v."id" = ${visitId}`;
  if (!visit) throw new AppError("NOT_FOUND", "This visit was not found.", { reason: "visit_not_found" });
  const chargedMinor = Number(visit.chargedMinor ?? 0);
  const paidMinor = Number(visit.paidMinor ?? 0);
  const status = derivePaymentStatus({ chargedMinor, paidMinor, waived: visit.waivedAt !== null });
  if (status !== visit.paymentStatus) await tx.visit.update({ where: { id: visitId }, data: { paymentStatus: status } });
  return { chargedMinor, paidMinor, balanceMinor: chargedMinor - paidMinor, status };
}
