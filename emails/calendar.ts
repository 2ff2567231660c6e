// The .ics attachment the visit emails carry, built from the email's own props so the
// attachment and the text always agree.
import { buildIcs } from "@/lib/calendar/ics";
import type { VisitCalendarRef } from "./components/visit";

export interface EmailAttachment {
  filename: string;
  contentType: string;
  /** Base64. */
  content: string;
}

export function visitIcs(opts: {
  calendar: VisitCalendarRef;
  clinicName: string;
  clinicianName: string;
  startsAt: string;
  durationMinutes: number;
  joinUrl?: string;
  cancelled?: boolean;
}): EmailAttachment {
  const start = new Date(opts.startsAt);
  const ics = buildIcs({
    uid: opts.calendar.uid,
    sequence: opts.calendar.sequence,
    start,
    end: new Date(start.getTime() + opts.durationMinutes * 60_000),
    stamp: new Date(),
    summary: `Video visit with ${opts.clinicianName} (${opts.clinicName})`,
    description: opts.joinUrl ? `Join from this link when it is time (personal, do not forward): ${opts.joinUrl}` : "This visit was cancelled.",
    url: opts.joinUrl,
    status: opts.cancelled ? "CANCELLED" : "CONFIRMED",
    organizer: { name: opts.clinicName, email: opts.calendar.organizerEmail },
    alarmMinutesBefore: 15,
  });
  return {
    filename: opts.cancelled ? "cancelled-visit.ics" : "video-visit.ics",
    contentType: `text/calendar; charset=utf-8; method=${opts.cancelled ? "CANCEL" : "PUBLISH"}`,
    content: Buffer.from(ics, "utf8").toString("base64"),
  };
}
