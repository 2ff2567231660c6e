/** Money in integer minor units, formatted for people: 4500 USD → "$45.00". */
export function formatMoney(minor: number, currency: string | null | undefined, locale?: string): string {
  const code = currency ?? "USD";
  const digits = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: "currency", currency: code }).format(minor / 10 ** digits);
}

/** 754 → "12 min 34 s"; 3700 → "1 h 1 min". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}
