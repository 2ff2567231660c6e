import { describe, expect, it } from "vitest";
import { timeZoneFromCookie } from "@/lib/time-zone-cookie";
import { dayKey, formatWhen } from "./when";

const now = new Date("2026-12-04T09:00:00Z");

describe("formatWhen: one clock in the viewer's zone", () => {
  it("shows today's time with the zone named and no date", () => {
    expect(formatWhen("2026-12-04T14:30:00Z", { timeZone: "Europe/Berlin", now }).text).toBe("3:30 PM GMT+1");
    expect(formatWhen("2026-12-04T14:30:00Z", { timeZone: "UTC", now }).text).toBe("2:30 PM UTC");
  });

  it("adds the date whenever the instant is not today in the viewer's zone", () => {
    expect(formatWhen("2026-12-05T08:00:00Z", { timeZone: "UTC", now }).text).toBe("Sat, Dec 5, 8:00 AM UTC");
    expect(formatWhen("2026-12-03T23:59:00Z", { timeZone: "UTC", now }).text).toBe("Thu, Dec 3, 11:59 PM UTC");
    // 22:50 UTC today is already tomorrow in Tokyo: the date appears there only.
    expect(formatWhen("2026-12-04T22:50:00Z", { timeZone: "UTC", now }).date).toBeNull();
    expect(formatWhen("2026-12-04T22:50:00Z", { timeZone: "Asia/Tokyo", now }).text).toBe("Sat, Dec 5, 7:50 AM GMT+9");
  });

  it("a visit a year away shows its date and year", () => {
    expect(formatWhen("2027-12-04T22:50:00Z", { timeZone: "Asia/Tokyo", now }).text).toBe("Sun, Dec 5, 2027, 7:50 AM GMT+9");
  });

  it("uses the zone's own short name and follows daylight saving time", () => {
    expect(formatWhen("2026-12-04T18:00:00Z", { timeZone: "America/Los_Angeles", now }).text).toBe("10:00 AM PST");
    expect(formatWhen("2027-07-04T17:00:00Z", { timeZone: "America/Los_Angeles", now }).text).toBe("Sun, Jul 4, 2027, 10:00 AM PDT");
  });

  it("time style still dates other days; date style is the day only; seconds on request; a today label", () => {
    expect(formatWhen("2026-12-04T09:05:07Z", { timeZone: "UTC", now, style: "time", seconds: true }).text).toBe("9:05:07 AM UTC");
    expect(formatWhen("2026-12-01T09:05:07Z", { timeZone: "UTC", now, style: "time" }).text).toBe("Tue, Dec 1, 9:05 AM UTC");
    expect(formatWhen("2026-12-04T09:05:07Z", { timeZone: "UTC", now, style: "date" }).text).toBe("Fri, Dec 4");
    expect(formatWhen("2026-12-04T10:00:00Z", { timeZone: "UTC", now, todayLabel: "Today" }).text).toBe("Today, 10:00 AM UTC");
  });

  it("falls back to UTC for an unknown zone, and is the same text wherever it runs", () => {
    expect(formatWhen("2026-12-04T14:30:00Z", { timeZone: "Mars/Olympus", now }).text).toBe("2:30 PM UTC");
    expect(formatWhen("2026-12-04T14:30:00Z", { timeZone: null, now }).text).toBe("2:30 PM UTC");
    // The process's own zone plays no part (server and browser give identical output).
    const before = process.env.TZ;
    process.env.TZ = "Pacific/Kiritimati";
    try {
      expect(formatWhen("2026-12-04T14:30:00Z", { timeZone: "Europe/Berlin", now }).text).toBe("3:30 PM GMT+1");
    } finally {
      process.env.TZ = before;
    }
  });

  it("dayKey is the calendar day in the zone", () => {
    expect(dayKey(new Date("2026-12-04T23:30:00Z"), "UTC")).toBe("2026-12-04");
    expect(dayKey(new Date("2026-12-04T23:30:00Z"), "Asia/Kolkata")).toBe("2026-12-05");
  });
});

describe("timeZoneFromCookie", () => {
  it("accepts real IANA zones only", () => {
    expect(timeZoneFromCookie("Asia/Tokyo")).toBe("Asia/Tokyo");
    expect(timeZoneFromCookie("UTC")).toBe("UTC");
    expect(timeZoneFromCookie("Mars/Olympus")).toBeNull();
    expect(timeZoneFromCookie("<script>")).toBeNull();
    expect(timeZoneFromCookie("")).toBeNull();
    expect(timeZoneFromCookie(undefined)).toBeNull();
  });
});
