import { EmailLayout } from "./components/layout";
import { Details, Note, Paragraph, Title } from "./components/parts";
import type { VisitCalendarRef } from "./components/visit";
import { formatVisitTime } from "@/lib/format/visit-time";

export interface ConsultationCancelledEmailProps {
  clinicName: string;
  recipientName: string;
  clinicianName: string;
  startsAt: string;
  durationMinutes: number;
  timeZone: string;
  audience: "patient" | "clinician";
  patientLabel?: string;
  calendar?: VisitCalendarRef;
}

export const consultationCancelledSubject = (p: ConsultationCancelledEmailProps) => {
  const when = formatVisitTime(p.startsAt, p.timeZone);
  return p.audience === "patient"
    ? `Cancelled: your video visit with ${p.clinicianName} on ${when.date}`
    : `Cancelled: video visit with ${p.patientLabel ?? "a patient"} on ${when.date} ${when.time}`;
};

export default function ConsultationCancelledEmail(p: ConsultationCancelledEmailProps) {
  const when = formatVisitTime(p.startsAt, p.timeZone);
  const patient = p.audience === "patient";
  return (
    <EmailLayout preview={`The visit on ${when.date} at ${when.time} is cancelled`} clinicName={p.clinicName}>
      <Title>Your video visit is cancelled</Title>
      <Paragraph>Hello {p.recipientName},</Paragraph>
      <Paragraph>
        {patient
          ? `Your video visit with ${p.clinicianName} has been cancelled. The join link for it no longer works.`
          : `The video visit with ${p.patientLabel ?? "your patient"} has been cancelled.`}
      </Paragraph>
      <Details
        rows={[
          ["Was on", when.date],
          ["At", `${when.time} (${when.zone})`],
        ]}
      />
      {patient ? (
        <Note>If you would like a new appointment, please contact {p.clinicName}. The attached calendar file removes the visit from your calendar.</Note>
      ) : null}
    </EmailLayout>
  );
}

ConsultationCancelledEmail.PreviewProps = {
  clinicName: "Bedside Demo Clinic",
  recipientName: "Fatima Rahman",
  clinicianName: "Dr Lukas Berg",
  startsAt: "2031-01-14T09:00:00.000Z",
  durationMinutes: 20,
  timeZone: "Europe/Berlin",
  audience: "patient",
  calendar: { uid: "consultation-preview@bedside", sequence: 3, organizerEmail: "no-reply@bedside.local" },
} satisfies ConsultationCancelledEmailProps;
