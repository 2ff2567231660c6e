// iCalendar (RFC 5545) for one consultation: what a mail client needs to put the visit in the
// patient's calendar and to update or remove it later (same UID, higher SEQUENCE).
// Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character.

export interface CalendarEvent {
  /** Stable per consultation, so a reschedule or cancellation updates the same entry. */
  uid: string;
  /** Increases with every change to the event (RFC 5545 §3.8.7.4). */
  sequence: number;
  start: Date;
  end: Date;
  /** When this version of the event was produced (DTSTAMP). */
  stamp: Date;
  summary: string;
  description?: string;
  /** A link for the event (the join page). */
  url?: string;
  status?: "CONFIRMED" | "CANCELLED";
  /** Needed for METHOD:CANCEL (RFC 5546); a mailto: address. */
  organizer?: { name: string; email: string };
  /** Minutes before the start for a display alarm. */
  alarmMinutesBefore?: number;
}

/** 20310114T093000Z */
export function icsUtc(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function icsEscape(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

const encoder = new TextEncoder();

/** Folds one content line into chunks of at most 75 octets, continuation lines starting with a space. */
export function icsFold(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    // The first line may hold 75 octets; continuation lines 74 after their leading space.
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n ");
}

export function buildIcs(event: CalendarEvent): string {
  const cancelled = event.status === "CANCELLED";
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Bedside//Telemedicine//EN",
    "CALSCALE:GREGORIAN",
    `METHOD:${cancelled && event.organizer ? "CANCEL" : "PUBLISH"}`,
    "BEGIN:VEVENT",
    `UID:${event.uid}`,
    `SEQUENCE:${Math.max(0, Math.floor(event.sequence))}`,
    `DTSTAMP:${icsUtc(event.stamp)}`,
    `DTSTART:${icsUtc(event.start)}`,
    `DTEND:${icsUtc(event.end)}`,
    `SUMMARY:${icsEscape(event.summary)}`,
    ...(event.description ? [`DESCRIPTION:${icsEscape(event.description)}`] : []),
    ...(event.url ? [`URL:${event.url}`] : []),
    ...(event.organizer ? [`ORGANIZER;CN="${event.organizer.name.replace(/["\r\n]/g, "")}":mailto:${event.organizer.email}`] : []),
    `STATUS:${event.status ?? "CONFIRMED"}`,
    "TRANSP:OPAQUE",
    ...(event.alarmMinutesBefore && !cancelled
      ? ["BEGIN:VALARM", "ACTION:DISPLAY", `DESCRIPTION:${icsEscape(event.summary)}`, `TRIGGER:-PT${event.alarmMinutesBefore}M`, "END:VALARM"]
      : []),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.map(icsFold).join("\r\n")}\r\n`;
}

/** Minutes since 2024-01-01: an always-increasing SEQUENCE without storing a counter. */
export function icsSequence(changedAt: Date): number {
  return Math.max(0, Math.floor((changedAt.getTime() - Date.UTC(2024, 0, 1)) / 60_000));
}
