import { Column, Link, Row, Section, Text } from "@react-email/components";
import { EmailLayout } from "./components/layout";
import { Details, Note, Paragraph, Title } from "./components/parts";
import { formatDuration, formatMoney, formatVisitTime } from "@/lib/format";

export interface SessionSummaryEmailProps {
  clinicName: string;
  recipientName: string;
  clinicianName: string;
  startedAt: string;
  durationSeconds: number;
  timeZone: string;
  /** What was billed for this visit (voided charges left out). */
  charges: { description: string; quantity: number; amountMinor: number }[];
  currency: string;
  /** Where the patient sees the visit and pays (signs in as usual). */
  visitUrl: string;
}

export const sessionSummarySubject = (p: SessionSummaryEmailProps) => {
  const when = formatVisitTime(p.startedAt, p.timeZone);
  return `Summary of your video visit with ${p.clinicianName} on ${when.date}`;
};

const cell = { color: "#1d2730", fontSize: "15px", lineHeight: "22px", margin: 0, padding: "4px 0" };

export default function SessionSummaryEmail(p: SessionSummaryEmailProps) {
  const when = formatVisitTime(p.startedAt, p.timeZone);
  const total = p.charges.reduce((sum, c) => sum + c.amountMinor, 0);
  return (
    <EmailLayout preview={`${formatDuration(p.durationSeconds)} with ${p.clinicianName}`} clinicName={p.clinicName}>
      <Title>Thank you for your visit</Title>
      <Paragraph>Hello {p.recipientName},</Paragraph>
      <Paragraph>Here is a short summary of your video visit for your records.</Paragraph>
      <Details
        rows={[
          ["Date", when.date],
          ["Started", `${when.time} (${when.zone})`],
          ["Duration", formatDuration(p.durationSeconds)],
          ["With", p.clinicianName],
        ]}
      />
      <Text style={{ ...cell, fontWeight: 700, marginTop: "8px" }}>What was billed</Text>
      {p.charges.length === 0 ? (
        <Paragraph>Nothing has been billed for this visit.</Paragraph>
      ) : (
        <Section>
          {p.charges.map((c, i) => (
            <Row key={i}>
              <Column>
                <Text style={cell}>
                  {c.description}
                  {c.quantity > 1 ? ` × ${c.quantity}` : ""}
                </Text>
              </Column>
              <Column align="right">
                <Text style={cell}>{formatMoney(c.amountMinor, p.currency)}</Text>
              </Column>
            </Row>
          ))}
          <Row>
            <Column>
              <Text style={{ ...cell, fontWeight: 700 }}>Total</Text>
            </Column>
            <Column align="right">
              <Text style={{ ...cell, fontWeight: 700 }}>{formatMoney(total, p.currency)}</Text>
            </Column>
          </Row>
        </Section>
      )}
      <Note>
        Your visit and invoice are in your account: <Link href={p.visitUrl}>{p.visitUrl}</Link>. Questions about the bill? Contact {p.clinicName}.
      </Note>
    </EmailLayout>
  );
}

SessionSummaryEmail.PreviewProps = {
  clinicName: "Bedside Demo Clinic",
  recipientName: "John Smith",
  clinicianName: "Dr Amara Okafor",
  startedAt: "2031-01-14T10:02:00.000Z",
  durationSeconds: 14 * 60 + 20,
  timeZone: "Europe/London",
  charges: [{ description: "Telemedicine consultation", quantity: 1, amountMinor: 4500 }],
  currency: "USD",
  visitUrl: "http://localhost:3000/patient",
} satisfies SessionSummaryEmailProps;
