import { Button, Text } from "@react-email/components";
import { button, EmailLayout, muted, text } from "./components/layout";
import { Title } from "./components/parts";

export interface VitalsAlertEscalationEmailProps {
  clinicName: string;
  /** The patient's record number only: no names or readings leave Bedside by email. */
  mrn: string;
  condition: string;
  news2Total: number | null;
  /** When the alert was raised, already formatted in the recipient's time zone. */
  raisedAt: string;
  minutesOpen: number;
  /** 1 for the first reminder; later ones also go to administrators. */
  level: number;
  /** The patient's vitals page, for clinicians; null for administrators (no clinical access). */
  url: string | null;
}

export const vitalsAlertEscalationSubject = (p: VitalsAlertEscalationEmailProps) =>
  `${p.level > 1 ? "Still unacknowledged" : "Unacknowledged"} vitals alert for patient ${p.mrn} (${p.minutesOpen} min)`;

export default function VitalsAlertEscalationEmail(p: VitalsAlertEscalationEmailProps) {
  return (
    <EmailLayout preview={`A vitals alert has been open for ${p.minutesOpen} minutes`} clinicName={p.clinicName}>
      <Title>Vitals alert not yet acknowledged</Title>
      <Text style={text}>
        A vitals alert for patient <strong>{p.mrn}</strong> has not been acknowledged for {p.minutesOpen} minutes.
      </Text>
      <Text style={text}>
        {p.condition}
        {p.news2Total === null ? "" : ` (NEWS2 ${p.news2Total})`}, raised {p.raisedAt}.
      </Text>
      {p.url ? (
        <Button href={p.url} style={button}>
          Review and acknowledge
        </Button>
      ) : (
        <Text style={text}>Please make sure a clinician in the patient&apos;s care team responds now.</Text>
      )}
      <Text style={muted}>You receive this because the alert was not acknowledged in Bedside in time. Acknowledging it there stops these reminders.</Text>
    </EmailLayout>
  );
}

VitalsAlertEscalationEmail.PreviewProps = {
  clinicName: "Bedside Demo Clinic",
  mrn: "MRN-000123",
  condition: "NEWS2 of 5 or more",
  news2Total: 7,
  raisedAt: "21 Nov 2026, 09:30",
  minutesOpen: 5,
  level: 1,
  url: "http://localhost:3000/clinician/patients/preview/vitals",
} satisfies VitalsAlertEscalationEmailProps;
