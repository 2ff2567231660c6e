import { describe, expect, it } from "vitest";
import { formatVisitTime, safeTimeZone } from "./visit-time";

describe("formatVisitTime", () => {
  const start = "2031-01-14T15:30:00.000Z";

  it("shows the same instant in each recipient's own time zone, naming the zone", () => {
    expect(formatVisitTime(start, "America/New_York")).toMatchObject({ date: "Tuesday, January 14, 2031", time: "10:30 AM" });
    expect(formatVisitTime(start, "Europe/Berlin")).toMatchObject({ time: "4:30 PM", zone: "Europe/Berlin, GMT+1" });
    // Past midnight in Tokyo: the date moves too.
    expect(formatVisitTime(start, "Asia/Tokyo")).toMatchObject({ date: "Wednesday, January 15, 2031", time: "12:30 AM" });
    expect(formatVisitTime(start, "Asia/Kolkata").time).toBe("9:00 PM");
  });

  it("follows daylight saving time", () => {
    expect(formatVisitTime("2031-07-14T14:30:00Z", "America/New_York")).toMatchObject({ time: "10:30 AM", zone: "America/New_York, GMT-4" });
  });

  it("falls back to UTC for an unknown zone instead of failing", () => {
    expect(safeTimeZone("Mars/Olympus")).toBe("UTC");
    expect(formatVisitTime(start, "Mars/Olympus").full).toBe("Tuesday, January 14, 2031 at 3:30 PM (UTC)");
  });
});
