import type { PaymentStatus } from "@/server/generated/prisma/enums";

/** A visit's payment status follows from its lines; only WAIVED is ever set by hand. */
export function derivePaymentStatus(input: { chargedMinor: number; paidMinor: number; waived: boolean }): PaymentStatus {
  if (input.waived) return "WAIVED";
  if (input.chargedMinor > 0 && input.paidMinor >= input.chargedMinor) return "PAID";
  if (input.paidMinor > 0) return "PARTIALLY_PAID";
  return "UNPAID";
}
