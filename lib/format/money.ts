/**
 * Money in integer minor units, in the currency's own decimals: 4500 USD → "$45.00",
 * 4500 JPY → "¥4,500". The locale is fixed by default so the server's HTML and the browser's
 * render agree.
 */
export function formatMoney(amountMinor: number, currency: string | null | undefined, locale = "en-US"): string {
  const fmt = new Intl.NumberFormat(locale, { style: "currency", currency: currency ?? "USD" });
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(amountMinor / 10 ** digits);
}
