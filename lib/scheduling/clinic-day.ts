// The clinic's day: when it is open and how long one appointment slot is, and the slots of a
// day in a clinician's own time zone, marked free or taken by real bookings. Pure, so the
// booking dialog and the server compute the same slots.

import { z } from "zod";
import { dayKey, zoneOffsetMs } from "@/lib/format/when";
import { safeTimeZone } from "@/lib/format/visit-time";

export interface ClinicDay {
  /** Opening and closing wall-clock time in the clinician's zone, minutes after midnight. */
  opensMinute: number;
  closesMinute: number;
  /** One appointment slot, and the booking dialog's default duration. */
  slotMinutes: number;
  /** Days the clinic is open, 0 = Sunday … 6 = Saturday. */
  weekdays: readonly number[];
}

/** The built-in clinic day until an admin sets the clinic's own: Monday to Friday, 08:00–18:00, 20-minute slots. */
export const CLINIC_DAY: ClinicDay = { opensMinute: 8 * 60, closesMinute: 18 * 60, slotMinutes: 20, weekdays: [1, 2, 3, 4, 5] };

export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
export const MIN_SLOT_MINUTES = 5;
export const MAX_SLOT_MINUTES = 240;

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
// Closing may be "24:00", midnight at the end of the day: seven such days are a clinic open
// around the clock (a 24/7 telehealth service; the test harnesses, which book at any hour).
const CLOSING_HH_MM = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const zWallTime = (what: string, pattern = HH_MM) => z.string().regex(pattern, `Give the ${what} time as HH:MM on a 24-hour clock, e.g. 08:00.`);

/** "08:30" → 510. */
export function minuteOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

/** 510 → "08:30". */
export function wallTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

/**
 * The clinic hours an admin sets (the admin form validates with this very schema): opening and
 * closing as HH:MM in each clinician's own zone, one slot's length, the open weekdays.
 */
export const ZClinicHoursInput = z
  .object({
    opens: zWallTime("opening"),
    closes: zWallTime("closing", CLOSING_HH_MM),
    slotMinutes: z
      .number({ error: "Give the length of one appointment slot in minutes." })
      .int("Give whole minutes.")
      .min(MIN_SLOT_MINUTES, `A slot is at least ${MIN_SLOT_MINUTES} minutes.`)
      .max(MAX_SLOT_MINUTES, `A slot is at most ${MAX_SLOT_MINUTES} minutes.`),
    weekdays: z
      .array(z.number().int().min(0).max(6))
      .min(1, "Choose at least one day the clinic is open.")
      .max(7)
      .refine((d) => new Set(d).size === d.length, "Each day once."),
  })
  .superRefine((v, ctx) => {
    if (!HH_MM.test(v.opens) || !CLOSING_HH_MM.test(v.closes)) return;
    const opens = minuteOfDay(v.opens);
    const closes = minuteOfDay(v.closes);
    if (closes <= opens) ctx.addIssue({ code: "custom", path: ["closes"], message: "The clinic must close after it opens." });
    else if (closes - opens < v.slotMinutes)
      ctx.addIssue({ code: "custom", path: ["slotMinutes"], message: `One slot must fit between opening and closing (${closes - opens} minutes).` });
  });
export type TClinicHoursInput = z.infer<typeof ZClinicHoursInput>;

/** The form's values → the day the slot arithmetic uses. */
export function clinicDayFromHours(h: TClinicHoursInput): ClinicDay {
  return {
    opensMinute: minuteOfDay(h.opens),
    closesMinute: minuteOfDay(h.closes),
    slotMinutes: h.slotMinutes,
    weekdays: [...new Set(h.weekdays)].sort((a, b) => a - b),
  };
}

/** A clinic day → the form's values. */
export function hoursFromClinicDay(d: ClinicDay): TClinicHoursInput {
  return { opens: wallTime(d.opensMinute), closes: wallTime(d.closesMinute), slotMinutes: d.slotMinutes, weekdays: [...d.weekdays] };
}

/** The instant a wall-clock time ("2026-12-07", 510 = 08:30) happens in `timeZone`. */
export function wallTimeToInstant(day: string, minuteOfDay: number, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
  // Two passes settle the offset across a daylight-saving change.
  let at = guess - zoneOffsetMs(new Date(guess), timeZone);
  at = guess - zoneOffsetMs(new Date(at), timeZone);
  return new Date(at);
}

/** The calendar day after `day` ("2026-12-31" → "2027-01-01"). */
export function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function weekdayOf(day: string): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export interface Busy {
  start: Date;
  end: Date;
}

export type SlotStatus = "free" | "booked" | "past";

export interface Slot {
  start: Date;
  end: Date;
  status: SlotStatus;
}

export interface SlotDay {
  /** "2026-12-07" in the clinician's zone. */
  date: string;
  open: boolean;
  slots: Slot[];
}

/**
 * The slots of `days` calendar days from the day of `from` (in `timeZone`): each free, booked
 * (it overlaps a booking) or past (it starts before `now`). Closed days have no slots.
 */
export function clinicSlots(opts: { from: Date; days: number; timeZone: string; busy: readonly Busy[]; now: Date; clinicDay?: ClinicDay }): SlotDay[] {
  const { days, busy, now, clinicDay = CLINIC_DAY } = opts;
  const tz = safeTimeZone(opts.timeZone);
  const out: SlotDay[] = [];
  let day = dayKey(opts.from, tz);
  for (let i = 0; i < days; i++, day = nextDay(day)) {
    const open = clinicDay.weekdays.includes(weekdayOf(day));
    const slots: Slot[] = [];
    if (open) {
      for (let m = clinicDay.opensMinute; m + clinicDay.slotMinutes <= clinicDay.closesMinute; m += clinicDay.slotMinutes) {
        const start = wallTimeToInstant(day, m, tz);
        const end = new Date(start.getTime() + clinicDay.slotMinutes * 60_000);
        const taken = busy.some((b) => b.start < end && start < b.end);
        slots.push({ start, end, status: taken ? "booked" : start < now ? "past" : "free" });
      }
    }
    out.push({ date: day, open, slots });
  }
  return out;
}

const SHORT_DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/** The open days and hours, as a person says them: "Mon–Fri 08:00–18:00", "Mon, Wed, Sat 09:00–13:00". */
export function describeClinicHours(d: ClinicDay): string {
  const hours = `${wallTime(d.opensMinute)}–${wallTime(d.closesMinute)}`;
  const days = [...new Set(d.weekdays)].sort((a, b) => a - b);
  if (days.length === 7) return d.opensMinute === 0 && d.closesMinute === 24 * 60 ? "every day, around the clock" : `every day ${hours}`;
  // Runs of consecutive days, Monday first (a week that wraps, Sat–Sun, reads as one run too).
  const order = [1, 2, 3, 4, 5, 6, 0].filter((w) => days.includes(w));
  const runs: number[][] = [];
  for (const w of order) {
    const last = runs.at(-1);
    if (last && (last.at(-1)! + 1) % 7 === w) last.push(w);
    else runs.push([w]);
  }
  const named = runs.flatMap((r) => (r.length >= 3 ? [`${SHORT_DAYS[r[0]!]}–${SHORT_DAYS[r.at(-1)!]}`] : r.map((w) => SHORT_DAYS[w]!)));
  return `${named.join(", ")} ${hours}`;
}

/**
 * Whether a booking from `start` to `end` lies inside the clinic's hours in `timeZone`: it
 * starts on an open day at or after opening and ends by closing (a booking may run past
 * midnight only where the clinic is open across it, i.e. closes at 24:00 and opens at 00:00).
 */
export function withinClinicHours(start: Date, end: Date, timeZone: string, clinicDay: ClinicDay = CLINIC_DAY): boolean {
  const tz = safeTimeZone(timeZone);
  if (end <= start) return false;
  // The open spans of the days the booking touches, joined where one ends as the next opens.
  const spans: { from: number; to: number }[] = [];
  let day = dayKey(start, tz);
  for (let i = 0; i < 8; i++, day = nextDay(day)) {
    const from = wallTimeToInstant(day, clinicDay.opensMinute, tz).getTime();
    if (from > end.getTime()) break;
    if (!clinicDay.weekdays.includes(weekdayOf(day))) continue;
    const to = wallTimeToInstant(day, clinicDay.closesMinute, tz).getTime();
    const last = spans.at(-1);
    if (last && last.to === from) last.to = to;
    else spans.push({ from, to });
  }
  return spans.some((s) => s.from <= start.getTime() && end.getTime() <= s.to);
}

/** The first free slot in the days given, or null. */
export function firstFreeSlot(days: readonly SlotDay[]): Slot | null {
  for (const d of days) for (const s of d.slots) if (s.status === "free") return s;
  return null;
}
