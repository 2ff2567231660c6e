import { describe, expect, it } from "vitest";
import { parseIcs } from "@/tests/helpers/ics";
import { buildIcs, icsFold, icsSequence, icsUtc } from "./ics";

const base = {
  uid: "consultation-c1@bedside",
  sequence: 3,
  start: new Date("2031-01-14T15:30:00Z"),
  end: new Date("2031-01-14T15:50:00Z"),
  stamp: new Date("2030-12-01T08:00:05.123Z"),
  summary: "Video visit with Dr Amara Okafor (Bedside Demo Clinic)",
};

describe("buildIcs", () => {
  it("produces a VCALENDAR with one VEVENT holding UID, DTSTAMP and UTC DTSTART/DTEND", () => {
    const props = parseIcs(buildIcs({ ...base, organizer: { name: "Clinic", email: "no-reply@x.test" } }));
    expect(props["VCALENDAR/VERSION"]).toEqual(["2.0"]);
    expect(props["VCALENDAR/PRODID"]?.[0]).toMatch(/^-\/\/Bedside/);
    expect(props["VCALENDAR/METHOD"]).toEqual(["PUBLISH"]);
    expect(props["VCALENDAR/VEVENT/UID"]).toEqual(["consultation-c1@bedside"]);
    expect(props["VCALENDAR/VEVENT/DTSTAMP"]).toEqual(["20301201T080005Z"]);
    expect(props["VCALENDAR/VEVENT/DTSTART"]).toEqual(["20310114T153000Z"]);
    expect(props["VCALENDAR/VEVENT/DTEND"]).toEqual(["20310114T155000Z"]);
    expect(props["VCALENDAR/VEVENT/SEQUENCE"]).toEqual(["3"]);
    expect(props["VCALENDAR/VEVENT/STATUS"]).toEqual(["CONFIRMED"]);
  });

  it("escapes commas, semicolons, backslashes and newlines in text", () => {
    const props = parseIcs(buildIcs({ ...base, summary: "A, B; C\\D", description: "line one\nline two" }));
    expect(props["VCALENDAR/VEVENT/SUMMARY"]).toEqual(["A\\, B\\; C\\\\D"]);
    expect(props["VCALENDAR/VEVENT/DESCRIPTION"]).toEqual(["line one\\nline two"]);
  });

  it("folds long lines at 75 octets without splitting a multi-byte character", () => {
    const summary = `Video visit with Dr Zoë Ødegård-Łukasiewicz ${"é".repeat(80)} 🩺 end`;
    const ics = buildIcs({ ...base, summary });
    const props = parseIcs(ics);
    expect(props["VCALENDAR/VEVENT/SUMMARY"]).toEqual([summary]);
    expect(ics).not.toContain("\uFFFD");
    for (const line of ics.split("\r\n")) expect(() => decodeURIComponent(encodeURIComponent(line))).not.toThrow();
  });

  it("marks a cancellation with METHOD:CANCEL, STATUS:CANCELLED, an organizer and no alarm", () => {
    const props = parseIcs(buildIcs({ ...base, status: "CANCELLED", organizer: { name: "Clinic", email: "no-reply@x.test" }, alarmMinutesBefore: 15 }));
    expect(props["VCALENDAR/METHOD"]).toEqual(["CANCEL"]);
    expect(props["VCALENDAR/VEVENT/STATUS"]).toEqual(["CANCELLED"]);
    expect(props["VCALENDAR/VEVENT/ORGANIZER"]).toEqual(["mailto:no-reply@x.test"]);
    expect(props["VCALENDAR/VEVENT/VALARM/TRIGGER"]).toBeUndefined();
  });

  it("keeps short lines unfolded and writes UTC instants without milliseconds", () => {
    expect(icsFold("SUMMARY:short")).toBe("SUMMARY:short");
    expect(icsUtc(new Date("2031-07-04T09:05:07.999Z"))).toBe("20310704T090507Z");
  });

  it("increases SEQUENCE with every later change", () => {
    expect(icsSequence(new Date("2031-01-01T00:01:00Z"))).toBeGreaterThan(icsSequence(new Date("2031-01-01T00:00:00Z")));
  });
});
