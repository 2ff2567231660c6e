import { describe, expect, it } from "vitest";
import {
  CLINIC_DAY,
  ZClinicHoursInput,
  clinicSlots,
  describeClinicHours,
  firstFreeSlot,
  nextDay,
  wallTimeToInstant,
  withinClinicHours,
  type ClinicDay,
} from "./clinic-day";

const day: ClinicDay = { opensMinute: 9 * 60, closesMinute: 10 * 60, slotMinutes: 20, weekdays: [1, 2, 3, 4, 5] };

describe("clinic day", () => {
  it("turns a wall-clock time into the instant in the clinician's zone, across daylight saving", () => {
    expect(wallTimeToInstant("2026-12-07", 9 * 60, "UTC").toISOString()).toBe("2026-12-07T09:00:00.000Z");
    expect(wallTimeToInstant("2026-12-07", 9 * 60, "America/New_York").toISOString()).toBe("2026-12-07T14:00:00.000Z");
    expect(wallTimeToInstant("2026-07-07", 9 * 60, "America/New_York").toISOString()).toBe("2026-07-07T13:00:00.000Z");
    expect(wallTimeToInstant("2026-12-07", 9 * 60 + 30, "Asia/Kolkata").toISOString()).toBe("2026-12-07T04:00:00.000Z");
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
  });

  it("marks slots booked by an overlapping booking and past before now; the next free one follows", () => {
    const busy = [{ start: new Date("2026-12-07T09:20:00Z"), end: new Date("2026-12-07T09:30:00Z") }];
    const [monday] = clinicSlots({
      from: new Date("2026-12-07T06:00:00Z"),
      days: 1,
      timeZone: "UTC",
      busy,
      now: new Date("2026-12-07T09:05:00Z"),
      clinicDay: day,
    });
    expect(monday!.slots.map((s) => `${s.start.toISOString().slice(11, 16)} ${s.status}`)).toEqual(["09:00 past", "09:20 booked", "09:40 free"]);
    expect(firstFreeSlot([monday!])?.start.toISOString()).toBe("2026-12-07T09:40:00.000Z");
  });

  it("has no slots on a closed day, and a booking ending exactly at a slot's start leaves it free", () => {
    const busy = [{ start: new Date("2026-12-07T09:00:00Z"), end: new Date("2026-12-07T09:20:00Z") }];
    const days = clinicSlots({ from: new Date("2026-12-06T12:00:00Z"), days: 2, timeZone: "UTC", busy, now: new Date("2026-12-01T00:00:00Z"), clinicDay: day });
    expect(days[0]).toMatchObject({ date: "2026-12-06", open: false, slots: [] });
    expect(days[1]!.slots.map((s) => s.status)).toEqual(["booked", "free", "free"]);
  });
});

describe("clinic hours as a booking rule", () => {
  const at = (iso: string) => new Date(iso);
  const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);
  const around: ClinicDay = { opensMinute: 0, closesMinute: 24 * 60, slotMinutes: 20, weekdays: [0, 1, 2, 3, 4, 5, 6] };

  it("says the hours as a person would", () => {
    expect(describeClinicHours(CLINIC_DAY)).toBe("Mon–Fri 08:00–18:00");
    expect(describeClinicHours({ ...CLINIC_DAY, weekdays: [6, 1, 3] })).toBe("Mon, Wed, Sat 08:00–18:00");
    expect(describeClinicHours({ ...CLINIC_DAY, weekdays: [5, 6, 0] })).toBe("Fri–Sun 08:00–18:00");
    expect(describeClinicHours(around)).toBe("every day, around the clock");
  });

  it("a booking must start at or after opening and end by closing, on an open day, in the clinician's zone", () => {
    const monday8 = at("2027-03-01T08:00:00Z");
    expect(withinClinicHours(monday8, plus(monday8, 20), "UTC")).toBe(true);
    expect(withinClinicHours(at("2027-03-01T17:40:00Z"), at("2027-03-01T18:00:00Z"), "UTC")).toBe(true);
    expect(withinClinicHours(at("2027-03-01T17:50:00Z"), at("2027-03-01T18:10:00Z"), "UTC")).toBe(false);
    expect(withinClinicHours(at("2027-03-01T07:59:00Z"), at("2027-03-01T08:19:00Z"), "UTC")).toBe(false);
    expect(withinClinicHours(at("2027-03-06T10:00:00Z"), at("2027-03-06T10:20:00Z"), "UTC")).toBe(false); // Saturday
    // 09:00 on Monday in Tokyo is 00:00 UTC; 19:00 there is 10:00 UTC.
    expect(withinClinicHours(at("2027-03-01T00:00:00Z"), at("2027-03-01T00:20:00Z"), "Asia/Tokyo")).toBe(true);
    expect(withinClinicHours(at("2027-03-01T10:00:00Z"), at("2027-03-01T10:20:00Z"), "Asia/Tokyo")).toBe(false);
  });

  it("a clinic open around the clock books any time, across midnight too; 24:00 is a valid closing time", () => {
    expect(withinClinicHours(at("2027-03-06T23:50:00Z"), at("2027-03-07T00:10:00Z"), "UTC", around)).toBe(true);
    expect(withinClinicHours(at("2027-03-06T03:00:00Z"), at("2027-03-06T03:20:00Z"), "America/New_York", around)).toBe(true);
    // Midnight is not crossed where the next day is closed.
    expect(withinClinicHours(at("2027-03-05T23:50:00Z"), at("2027-03-06T00:10:00Z"), "UTC", { ...around, weekdays: [5] })).toBe(false);
    expect(ZClinicHoursInput.safeParse({ opens: "00:00", closes: "24:00", slotMinutes: 20, weekdays: [0, 1, 2, 3, 4, 5, 6] }).success).toBe(true);
    expect(ZClinicHoursInput.safeParse({ opens: "24:00", closes: "24:00", slotMinutes: 20, weekdays: [1] }).success).toBe(false);
  });
});
