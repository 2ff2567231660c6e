import { describe, expect, it } from "vitest";
import { parseIcs } from "@/tests/helpers/ics";
import ConsultationBookedEmail from "./consultation-booked";
import { emailTemplates, type EmailTemplateName } from "./registry";
import { renderEmail } from "./render";

const names = Object.keys(emailTemplates) as EmailTemplateName[];
const previewOf = (name: EmailTemplateName) => (emailTemplates[name].Component as unknown as { PreviewProps: Record<string, unknown> }).PreviewProps;
/** The main link each template's preview props carry. */
const linkOf = (props: Record<string, unknown>) =>
  (props.joinUrl ?? props.url ?? props.actionUrl ?? props.consultationUrl ?? props.sessionUrl ?? props.visitUrl) as string;
const ics = (content: string) => Buffer.from(content, "base64").toString("utf8");

describe("every email template", () => {
  it.each(names)("%s renders accessible HTML and a plain-text part with its link and a subject", async (name) => {
    const props = previewOf(name);
    expect(props, `${name} needs PreviewProps`).toBeTruthy();
    const email = await renderEmail(name, props as never);
    expect(email.subject.length).toBeGreaterThan(5);
    expect(email.subject).not.toMatch(/undefined|null|NaN|\[object/);
    expect(email.html).toMatch(/<html[^>]* lang="en"/);
    expect(email.html).toMatch(/<h1|Sign in/);
    const link = linkOf(props);
    // A cancellation has nothing to click; every other email has its one link in both parts.
    if (name !== "consultation-cancelled") {
      expect(email.html).toContain(`href="${link}"`);
      expect(email.text).toContain(link);
    }
    expect(email.text).not.toMatch(/<[a-z]+[ >]|undefined|NaN|\[object/);
    expect(email.text).toContain(String(props.clinicName));
  });
});

describe("consultation booked (patient)", () => {
  const props = { ...ConsultationBookedEmail.PreviewProps, startsAt: "2031-01-14T15:30:00.000Z" };

  it.each([
    ["America/New_York", "Tuesday, January 14, 2031", "10:30 AM"],
    ["Europe/Berlin", "Tuesday, January 14, 2031", "4:30 PM"],
    ["Asia/Tokyo", "Wednesday, January 15, 2031", "12:30 AM"],
    ["UTC", "Tuesday, January 14, 2031", "3:30 PM"],
  ])("in %s shows %s at %s, in the subject, the HTML and the text", async (timeZone, date, time) => {
    const email = await renderEmail("consultation-booked", { ...props, timeZone });
    expect(email.subject).toContain(`${date}, ${time}`);
    expect(email.html).toContain(date);
    expect(email.text).toContain(`${time} (${timeZone}`);
  });

  it("carries a valid .ics for the visit in UTC, whatever the patient's zone", async () => {
    const email = await renderEmail("consultation-booked", { ...props, timeZone: "Asia/Tokyo" });
    expect(email.attachments).toHaveLength(1);
    const [att] = email.attachments;
    expect(att!.filename).toMatch(/\.ics$/);
    expect(att!.contentType).toMatch(/^text\/calendar/);
    const p = parseIcs(ics(att!.content));
    expect(p["VCALENDAR/VEVENT/UID"]).toEqual([props.calendar.uid]);
    expect(p["VCALENDAR/VEVENT/DTSTART"]).toEqual(["20310114T153000Z"]);
    expect(p["VCALENDAR/VEVENT/DTEND"]).toEqual(["20310114T155000Z"]);
    expect(p["VCALENDAR/VEVENT/DTSTAMP"]?.[0]).toMatch(/^\d{8}T\d{6}Z$/);
    expect(p["VCALENDAR/VEVENT/URL"]).toEqual([props.joinUrl]);
  });

  it("names no clinical detail: only the clinician, the time and the link", async () => {
    const email = await renderEmail("consultation-booked", props);
    expect(email.text).not.toMatch(/reason|diagnos|complaint|MRN/i);
  });
});

describe("visit changes", () => {
  it("a reschedule shows old and new times in the patient's zone and updates the same calendar entry", async () => {
    const email = await renderEmail("consultation-rescheduled", {
      ...previewOf("consultation-rescheduled"),
      previousStartsAt: "2031-03-29T07:00:00Z",
      startsAt: "2031-03-31T07:00:00Z",
      timeZone: "Europe/Prague",
    } as never);
    // Prague switched to summer time in between: 08:00 before, 09:00 after.
    expect(email.text).toContain("9:00 AM (Europe/Prague, GMT+2)");
    expect(email.text).toContain("Saturday, March 29, 2031 at 8:00 AM");
    const p = parseIcs(ics(email.attachments[0]!.content));
    expect(p["VCALENDAR/VEVENT/UID"]).toEqual(["consultation-preview@bedside"]);
    expect(p["VCALENDAR/VEVENT/DTSTART"]).toEqual(["20310331T070000Z"]);
  });

  it("a cancellation carries a CANCEL calendar update and no join link", async () => {
    const props = previewOf("consultation-cancelled");
    const email = await renderEmail("consultation-cancelled", props as never);
    expect(email.html).not.toContain("/join/");
    const p = parseIcs(ics(email.attachments[0]!.content));
    expect(p["VCALENDAR/METHOD"]).toEqual(["CANCEL"]);
    expect(p["VCALENDAR/VEVENT/STATUS"]).toEqual(["CANCELLED"]);
  });

  it("the 15-minute reminder says the visit starts soon, at the patient's local time", async () => {
    const email = await renderEmail("consultation-reminder", {
      ...previewOf("consultation-reminder"),
      startsAt: "2031-01-14T01:30:00Z",
      timeZone: "Asia/Tokyo",
      lead: "15m",
    } as never);
    expect(email.subject).toBe("Your video visit with Dr Amara Okafor starts soon (10:30 AM)");
    const dayBefore = await renderEmail("consultation-reminder", { ...previewOf("consultation-reminder"), lead: "24h" } as never);
    expect(dayBefore.subject).toMatch(/^Reminder: video visit with .* tomorrow at/);
  });

  it("the session summary lists what was billed with a total in the clinic's currency", async () => {
    const email = await renderEmail("session-summary", {
      ...previewOf("session-summary"),
      charges: [
        { description: "Telemedicine consultation", quantity: 1, amountMinor: 4500 },
        { description: "Prescription review", quantity: 2, amountMinor: 4000 },
      ],
      currency: "EUR",
      durationSeconds: 65 * 60,
    } as never);
    expect(email.text).toContain("Prescription review × 2");
    expect(email.text).toContain("€85.00");
    expect(email.text).toContain("1 h 5 min");
  });
});
