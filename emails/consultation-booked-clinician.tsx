import { EmailLayout } from "./components/layout";
import { ActionButton, Details, Note, Paragraph, Title } from "./components/parts";
import { formatVisitTime } from "@/lib/format/visit-time";

export interface ConsultationBookedClinicianEmailProps {
  clinicName: string;
  clinicianName: string;
  /** Given name and family initial only, e.g. "Maria G.": the rest is in the app. */
  patientLabel: string;
  startsAt: string;
  durationMinutes: number;
  /** The clinician's IANA time zone. */
  timeZone: string;
  /** Where the clinician sees the consultation in Bedside (signs in as usual). */
  consultationUrl: string;
}

export const consultationBookedClinicianSubject = (p: ConsultationBookedClinicianEmailProps) => {
  const when = formatVisitTime(p.startsAt, p.timeZone);
  return `New video visit: ${p.patientLabel}, ${when.date} ${when.time}`;
};

export default function ConsultationBookedClinicianEmail(p: ConsultationBookedClinicianEmailProps) {
  const when = formatVisitTime(p.startsAt, p.timeZone);
  return (
    <EmailLayout preview={`New video visit on ${when.date} at ${when.time}`} clinicName={p.clinicName}>
      <Title>A video visit was booked for you</Title>
      <Paragraph>Hello {p.clinicianName},</Paragraph>
      <Details
        rows={[
          ["Patient", p.patientLabel],
          ["Date", when.date],
          ["Time", `${when.time} (${when.zone})`],
          ["Length", `${p.durationMinutes} minutes`],
        ]}
      />
      <ActionButton href={p.consultationUrl}>Open in Bedside</ActionButton>
      <Note>The patient received their own join link. Clinical details are only in Bedside, never in email.</Note>
    </EmailLayout>
  );
}

ConsultationBookedClinicianEmail.PreviewProps = {
  clinicName: "Bedside Demo Clinic",
  clinicianName: "Dr Amara Okafor",
  patientLabel: "Maria G.",
  startsAt: "2031-01-14T15:30:00.000Z",
  durationMinutes: 20,
  timeZone: "Europe/London",
  consultationUrl: "http://localhost:3000/clinician",
} satisfies ConsultationBookedClinicianEmailProps;
