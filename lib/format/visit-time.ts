// How a visit's time reads in an email or on the join page: always in the recipient's own
// time zone, with the zone spelled out so "10:30" is never ambiguous.

export interface VisitTimeText {
  /** "Tuesday, January 14, 2031" */
  date: string;
  /** "10:30 AM" */
  time: string;
  /** "Europe/Berlin, GMT+1" */
  zone: string;
  /** "Tuesday, January 14, 2031 at 10:30 AM (Europe/Berlin, GMT+1)" */
  full: string;
}

/** An IANA zone Intl understands, else UTC (a bad value in the database must not break an email). */
export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone }).format(0);
    return timeZone;
  } catch {
    return "UTC";
  }
}

export function formatVisitTime(value: Date | string, timeZone: string | null | undefined, locale = "en-US"): VisitTimeText {
  const at = typeof value === "string" ? new Date(value) : value;
  const tz = safeTimeZone(timeZone);
  const date = new Intl.DateTimeFormat(locale, { timeZone: tz, weekday: "long", year: "numeric", month: "long", day: "numeric" }).format(at);
  const time = new Intl.DateTimeFormat(locale, { timeZone: tz, hour: "numeric", minute: "2-digit" }).format(at);
  const offset =
    new Intl.DateTimeFormat(locale, { timeZone: tz, timeZoneName: "shortOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ??
    "";
  const showOffset = offset !== "" && tz !== "UTC";
  return {
    date,
    time,
    zone: showOffset ? `${tz}, ${offset}` : tz,
    full: `${date} at ${time} (${showOffset ? `${tz}, ${offset}` : tz})`,
  };
}

/** "1 h 5 min", "20 min", "45 s" */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h${m ? ` ${m} min` : ""}` : `${m} min`;
}

/** Integer minor units to "$45.00" in the given ISO 4217 currency. */
export function formatMoney(amountMinor: number, currency: string, locale = "en-US"): string {
  const fmt = new Intl.NumberFormat(locale, { style: "currency", currency });
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(amountMinor / 10 ** digits);
}
