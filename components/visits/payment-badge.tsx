import { Badge } from "@/components/ui/badge";
import { paymentDisplay, type PaymentStatus } from "@/lib/format/words";

/** A visit's payment state; nothing on the bill yet reads "Nothing charged" (not a debt). */
export function PaymentBadge({ status, chargedMinor }: { status: PaymentStatus; chargedMinor: number }) {
  const shown = paymentDisplay(status, chargedMinor);
  return (
    <Badge variant={shown.settled ? "success" : "outline"} data-testid="visit-payment-status" data-status={shown.status}>
      {shown.label}
    </Badge>
  );
}
