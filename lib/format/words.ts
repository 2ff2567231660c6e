// Counted words and a visit's payment state, as people read them: "1 consultation",
// "2 consultations"; a visit with nothing on its bill is "Nothing charged", never "Unpaid"
// (that read as a debt and alarmed patients).

/** "1 consultation", "2 consultations", "0 sessions"; `many` for irregular plurals. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export type PaymentStatus = "UNPAID" | "PARTIALLY_PAID" | "PAID" | "WAIVED";
export type PaymentDisplayStatus = PaymentStatus | "NOTHING_CHARGED";

const PAYMENT_LABEL: Record<PaymentDisplayStatus, string> = {
  UNPAID: "Unpaid",
  PARTIALLY_PAID: "Partly paid",
  PAID: "Paid",
  WAIVED: "Waived",
  NOTHING_CHARGED: "Nothing charged",
};

/** The payment badge of a visit: its status, except that an unpaid visit with nothing charged has nothing to pay. */
export function paymentDisplay(status: PaymentStatus, chargedMinor: number): { status: PaymentDisplayStatus; label: string; settled: boolean } {
  const shown: PaymentDisplayStatus = status === "UNPAID" && chargedMinor === 0 ? "NOTHING_CHARGED" : status;
  return { status: shown, label: PAYMENT_LABEL[shown], settled: shown === "PAID" || shown === "WAIVED" };
}
