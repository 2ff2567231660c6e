// One clock for every screen: an instant shown in the viewer's time zone with that zone named,
// the date added whenever it is not today (in that zone), and the year whenever it is not this
// year. Pure: the same inputs give the same text on the server and in the browser, which is
// what keeps server and client renders identical (see components/common/local-time.tsx).

import { safeTimeZone } from "./visit-time";

export interface WhenOptions {
  timeZone: string | null | undefined;
  /** "Today" is decided against this instant, in the same zone. */
  now: Date;
  locale?: string;
  /** "date": the day only (no time, no zone); "time": the time, with the date only when not today. */
  style?: "datetime" | "time" | "date";
  seconds?: boolean;
  /** Say this instead of leaving the date out when it is today, e.g. "Today". */
  todayLabel?: string;
}

export interface WhenText {
  /** "Mon, Dec 7" / "Mon, Jan 14, 2031"; null when today and a time is shown. */
  date: string | null;
  /** "7:50 AM" (null for style "date") */
  time: string | null;
  /** "GMT+9", "PST", "UTC" (null for style "date") */
  zone: string | null;
  /** Everything together: "Mon, Dec 7, 7:50 AM GMT+9" or "7:50 AM GMT+9" today. */
  text: string;
}

/** Offset of `timeZone` from UTC at `at`, in milliseconds (positive east of Greenwich, e.g. +9 h for Tokyo). */
export function zoneOffsetMs(at: Date | number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(new Date(at).getTime() / 1000) * 1000;
}

/** Calendar day of `at` in `timeZone`, as "2031-01-14". */
export function dayKey(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** The zone's short name at that instant: "GMT+9", "PST", "UTC". */
export function zoneLabel(at: Date, timeZone: string, locale = "en-US"): string {
  const tz = safeTimeZone(timeZone);
  if (tz === "UTC") return "UTC";
  return new Intl.DateTimeFormat(locale, { timeZone: tz, timeZoneName: "short" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? tz;
}

export function formatWhen(value: Date | string, { timeZone, now, locale = "en-US", style = "datetime", seconds = false, todayLabel }: WhenOptions): WhenText {
  const at = typeof value === "string" ? new Date(value) : value;
  const tz = safeTimeZone(timeZone);
  const today = dayKey(at, tz) === dayKey(now, tz);
  const sameYear = dayKey(at, tz).slice(0, 4) === dayKey(now, tz).slice(0, 4);
  const dateText = new Intl.DateTimeFormat(locale, {
    timeZone: tz,
    weekday: "short",
    month: "short",
    day: "numeric",
    ...(sameYear ? {} : { year: "numeric" }),
  }).format(at);
  if (style === "date") return { date: dateText, time: null, zone: null, text: dateText };
  const time = new Intl.DateTimeFormat(locale, { timeZone: tz, hour: "numeric", minute: "2-digit", ...(seconds ? { second: "2-digit" } : {}) }).format(at);
  const zone = zoneLabel(at, tz, locale);
  const date = today ? (todayLabel ?? null) : dateText;
  return { date, time, zone, text: `${date ? `${date}, ` : ""}${time} ${zone}` };
}
