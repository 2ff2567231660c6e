import { EmailLayout } from "./components/layout";
import { ActionButton, Details, Note, Paragraph, Title } from "./components/parts";
import { JOIN_LINK_NOTE, type VisitCalendarRef } from "./components/visit";
import { formatVisitTime } from "@/lib/format/visit-time";

export interface ConsultationRescheduledEmailProps {
  clinicName: string;
  recipientName: string;
  clinicianName: string;
  previousStartsAt: string;
  startsAt: string;
  durationMinutes: number;
  timeZone: string;
  /** Patients get a new join link (the old one stops working); clinicians a link into Bedside. */
  actionUrl: string;
  audience: "patient" | "clinician";
  /** Clinician copies name the patient briefly ("Maria G."). */
  patientLabel?: string;
  calendar?: VisitCalendarRef;
}

export const consultationRescheduledSubject = (p: ConsultationRescheduledEmailProps) => {
  const when = formatVisitTime(p.startsAt, p.timeZone);
  return p.audience === "patient"
    ? `New time for your video visit with ${p.clinicianName}: ${when.date}, ${when.time}`
    : `Video visit moved: ${p.patientLabel ?? "patient"}, now ${when.date} ${when.time}`;
};

export default function ConsultationRescheduledEmail(p: ConsultationRescheduledEmailProps) {
  const when = formatVisitTime(p.startsAt, p.timeZone);
  const before = formatVisitTime(p.previousStartsAt, p.timeZone);
  const patient = p.audience === "patient";
  return (
    <EmailLayout preview={`Now ${when.date} at ${when.time}`} clinicName={p.clinicName}>
      <Title>Your video visit has a new time</Title>
      <Paragraph>Hello {p.recipientName},</Paragraph>
      <Paragraph>
        {patient
          ? `Your video visit with ${p.clinicianName} has moved. Here are the new details.`
          : `The video visit with ${p.patientLabel ?? "your patient"} has moved.`}
      </Paragraph>
      <Details
        rows={[
          ["New date", when.date],
          ["New time", `${when.time} (${when.zone})`],
          ["Was", `${before.date} at ${before.time}`],
          ["Length", `about ${p.durationMinutes} minutes`],
        ]}
      />
      <ActionButton href={p.actionUrl}>{patient ? "Join your video visit" : "Open in Bedside"}</ActionButton>
      {patient ? <Note>{JOIN_LINK_NOTE} Earlier links for this visit no longer work. The attached calendar file updates your calendar.</Note> : null}
    </EmailLayout>
  );
}

ConsultationRescheduledEmail.PreviewProps = {
  clinicName: "Bedside Demo Clinic",
  recipientName: "Peter Novak",
  clinicianName: "Dr Lukas Berg",
  previousStartsAt: "2031-01-14T09:00:00.000Z",
  startsAt: "2031-01-15T13:00:00.000Z",
  durationMinutes: 20,
  timeZone: "Europe/Prague",
  actionUrl: "http://localhost:3000/join/preview-token",
  audience: "patient",
  calendar: { uid: "consultation-preview@bedside", sequence: 2, organizerEmail: "no-reply@bedside.local" },
} satisfies ConsultationRescheduledEmailProps;
