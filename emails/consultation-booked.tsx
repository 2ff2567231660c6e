import { EmailLayout } from "./components/layout";
import { ActionButton, Details, Note, Paragraph, Title } from "./components/parts";
import { JOIN_LINK_NOTE, type VisitCalendarRef } from "./components/visit";
import { formatVisitTime } from "@/lib/format/visit-time";

export interface ConsultationBookedEmailProps {
  clinicName: string;
  recipientName: string;
  clinicianName: string;
  /** ISO date-time of the start. */
  startsAt: string;
  durationMinutes: number;
  /** The patient's IANA time zone. */
  timeZone: string;
  joinUrl: string;
  joinOpensMinutesBefore: number;
  calendar: VisitCalendarRef;
  /** "resent": the same details sent again at the clinic's request (a fresh join link). */
  variant?: "booked" | "resent";
}

export const consultationBookedSubject = (p: ConsultationBookedEmailProps) => {
  const when = formatVisitTime(p.startsAt, p.timeZone);
  return p.variant === "resent"
    ? `Your join link for the video visit with ${p.clinicianName}`
    : `Video visit booked with ${p.clinicianName}: ${when.date}, ${when.time}`;
};

export default function ConsultationBookedEmail(p: ConsultationBookedEmailProps) {
  const when = formatVisitTime(p.startsAt, p.timeZone);
  return (
    <EmailLayout preview={`Your video visit with ${p.clinicianName} on ${when.date} at ${when.time}`} clinicName={p.clinicName}>
      <Title>{p.variant === "resent" ? "Here is your link to join" : "Your video visit is booked"}</Title>
      <Paragraph>Hello {p.recipientName},</Paragraph>
      <Paragraph>
        {p.variant === "resent"
          ? `As requested, here is a fresh link for your video visit with ${p.clinicianName}.`
          : `Your video visit with ${p.clinicianName} is booked. We look forward to seeing you.`}
      </Paragraph>
      <Details
        rows={[
          ["Date", when.date],
          ["Time", `${when.time} (${when.zone})`],
          ["Length", `about ${p.durationMinutes} minutes`],
          ["With", p.clinicianName],
        ]}
      />
      <Paragraph>
        When it is time, open the link below from a phone or computer with a camera and microphone. You can join from {p.joinOpensMinutesBefore} minutes before
        the start; no password or app is needed.
      </Paragraph>
      <ActionButton href={p.joinUrl}>Join your video visit</ActionButton>
      <Note>{JOIN_LINK_NOTE} A calendar invitation is attached. If you cannot make it, please contact the clinic.</Note>
    </EmailLayout>
  );
}

ConsultationBookedEmail.PreviewProps = {
  clinicName: "Bedside Demo Clinic",
  recipientName: "Maria Garcia",
  clinicianName: "Dr Amara Okafor",
  startsAt: "2031-01-14T15:30:00.000Z",
  durationMinutes: 20,
  timeZone: "America/New_York",
  joinUrl: "http://localhost:3000/join/preview-token",
  joinOpensMinutesBefore: 10,
  calendar: { uid: "consultation-preview@bedside", sequence: 1, organizerEmail: "no-reply@bedside.local" },
} satisfies ConsultationBookedEmailProps;
