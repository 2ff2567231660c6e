import { PrintButton } from "@/components/billing/print-button";
import { formatMoney, formatVisitTime } from "@/lib/format";
import { requireUser } from "@/server/auth/guards";
import { viewerTimeZone } from "@/server/time/viewer-clock";
import { serverCaller } from "@/trpc/server-caller";

export const metadata = { title: "Invoice" };

const STATUS = { UNPAID: "Unpaid", PARTIALLY_PAID: "Partly paid", PAID: "Paid", WAIVED: "Waived" } as const;

/** A printable invoice for a visit: clean on paper (print stylesheet hides the app frame). */
export default async function InvoicePage({ params }: { params: Promise<{ visitId: string }> }) {
  const { visitId } = await params;
  await requireUser(["CLINICIAN", "PATIENT", "ADMIN"]);
  const inv = await (await serverCaller()).billing.invoice({ visitId });
  // Days in the viewer's zone, named once on the page; a birth date is a calendar date (UTC).
  const timeZone = await viewerTimeZone();
  const date = (d: Date) => formatVisitTime(d, timeZone).date;
  const zone = formatVisitTime(new Date(), timeZone).zone;
  return (
    <article className="mx-auto max-w-3xl space-y-8 rounded-lg border bg-card p-8 print:border-0 print:p-0" data-testid="invoice">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-2xl font-semibold">{inv.clinicName}</p>
          <p className="text-muted-foreground">Invoice {inv.invoiceNumber}</p>
        </div>
        <div className="text-right text-sm">
          <p>
            Issued {date(new Date())} <span className="text-muted-foreground">({zone})</span>
          </p>
          <p>Visit opened {date(inv.visit.openedAt)}</p>
          <p className="font-medium">{STATUS[inv.paymentStatus]}</p>
        </div>
      </header>
      <section className="grid grid-cols-2 gap-4 text-sm">
        <div>
          <p className="text-muted-foreground">Patient</p>
          <p className="font-medium">{inv.patient.name}</p>
          <p>
            {inv.patient.mrn} · born {formatVisitTime(inv.patient.dateOfBirth, "UTC").date}
          </p>
        </div>
        <div>
          <p className="text-muted-foreground">Clinician</p>
          <p className="font-medium">{inv.clinician}</p>
        </div>
      </section>
      <table className="w-full text-sm">
        <thead>
          <tr className="border-b text-left">
            <th className="py-2">Service</th>
            <th className="py-2 text-right">Qty</th>
            <th className="py-2 text-right">Unit price</th>
            <th className="py-2 text-right">Amount</th>
          </tr>
        </thead>
        <tbody>
          {inv.lines.map((l) => (
            <tr key={l.id} className="border-b">
              <td className="py-2">
                {l.description} <span className="text-muted-foreground">({l.code})</span>
              </td>
              <td className="py-2 text-right tabular-nums">{l.quantity}</td>
              <td className="py-2 text-right tabular-nums">{formatMoney(l.unitPriceMinor, l.currency)}</td>
              <td className="py-2 text-right tabular-nums">{formatMoney(l.amountMinor, l.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot className="text-right">
          <tr>
            <td colSpan={3} className="pt-3">
              Total
            </td>
            <td className="pt-3 tabular-nums">{formatMoney(inv.chargedMinor, inv.currency)}</td>
          </tr>
          {inv.payments.map((p) => (
            <tr key={p.id} className="text-muted-foreground">
              <td colSpan={3}>
                Paid {date(p.receivedAt)} · {p.method.toLowerCase()}
                {p.reference ? ` · ${p.reference}` : ""}
              </td>
              <td className="tabular-nums">−{formatMoney(p.amountMinor, p.currency)}</td>
            </tr>
          ))}
          <tr className="text-base font-semibold">
            <td colSpan={3} className="pt-2">
              {inv.paymentStatus === "WAIVED" ? `Waived${inv.waivedReason ? ` (${inv.waivedReason})` : ""}` : "Balance due"}
            </td>
            <td className="pt-2 tabular-nums" data-testid="invoice-balance">
              {formatMoney(inv.balanceMinor, inv.currency)}
            </td>
          </tr>
        </tfoot>
      </table>
      <PrintButton />
    </article>
  );
}
