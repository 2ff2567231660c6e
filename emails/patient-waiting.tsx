import { EmailLayout } from "./components/layout";
import { ActionButton, Note, Paragraph, Title } from "./components/parts";
import { formatVisitTime } from "@/lib/format/visit-time";

export interface PatientWaitingEmailProps {
  clinicName: string;
  clinicianName: string;
  /** "Maria G." */
  patientLabel: string;
  waitingSince: string;
  timeZone: string;
  sessionUrl: string;
}

export const patientWaitingSubject = (p: PatientWaitingEmailProps) => `${p.patientLabel} is waiting for you`;

export default function PatientWaitingEmail(p: PatientWaitingEmailProps) {
  const since = formatVisitTime(p.waitingSince, p.timeZone);
  return (
    <EmailLayout preview={`Waiting since ${since.time}`} clinicName={p.clinicName}>
      <Title>{p.patientLabel} is in the waiting room</Title>
      <Paragraph>Hello {p.clinicianName},</Paragraph>
      <Paragraph>
        {p.patientLabel} has checked their camera and microphone and has been waiting since {since.time}. Admit them when you are ready.
      </Paragraph>
      <ActionButton href={p.sessionUrl}>Open the visit</ActionButton>
      <Note>You will be asked to sign in if you are not already.</Note>
    </EmailLayout>
  );
}

PatientWaitingEmail.PreviewProps = {
  clinicName: "Bedside Demo Clinic",
  clinicianName: "Dr Amara Okafor",
  patientLabel: "Maria G.",
  waitingSince: "2031-01-14T15:28:00.000Z",
  timeZone: "UTC",
  sessionUrl: "http://localhost:3000/session/preview",
} satisfies PatientWaitingEmailProps;
