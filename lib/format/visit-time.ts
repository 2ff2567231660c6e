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
    new Intl.DateTimeFormat(locale, { timeZone: tz, timeZoneName: "shortOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "";
  const showOffset = offset !== "" && tz !== "UTC";
  return {
    date,
    time,
    zone: showOffset ? `${tz}, ${offset}` : tz,
    full: `${date} at ${time} (${showOffset ? `${tz}, ${offset}` : tz})`,
  };
}
