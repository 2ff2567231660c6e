import { describe, expect, it } from "vitest";
import { clinicSlots, firstFreeSlot, nextDay, wallTimeToInstant, type ClinicDay } from "./clinic-day";

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
