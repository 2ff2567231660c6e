import { EmailLayout } from "./components/layout";
import { ActionButton, Details, Note, Paragraph, Title } from "./components/parts";
import { JOIN_LINK_NOTE } from "./components/visit";
import { formatVisitTime } from "@/lib/format/visit-time";

export interface ConsultationReminderEmailProps {
  clinicName: string;
  recipientName: string;
  clinicianName: string;
  startsAt: string;
  timeZone: string;
  joinUrl: string;
  /** Which reminder: the day before, or just before the start. */
  lead: "24h" | "15m";
}

export const consultationReminderSubject = (p: ConsultationReminderEmailProps) => {
  const when = formatVisitTime(p.startsAt, p.timeZone);
  return p.lead === "15m"
    ? `Your video visit with ${p.clinicianName} starts soon (${when.time})`
    : `Reminder: video visit with ${p.clinicianName} tomorrow at ${when.time}`;
};

export default function ConsultationReminderEmail(p: ConsultationReminderEmailProps) {
  const when = formatVisitTime(p.startsAt, p.timeZone);
  const soon = p.lead === "15m";
  return (
    <EmailLayout preview={soon ? `Starts at ${when.time}: join when you are ready` : `Tomorrow at ${when.time}`} clinicName={p.clinicName}>
      <Title>{soon ? "Your video visit starts soon" : "Your video visit is tomorrow"}</Title>
      <Paragraph>Hello {p.recipientName},</Paragraph>
      <Paragraph>
        {soon
          ? `${p.clinicianName} will see you at ${when.time}. Find a quiet spot with good light, then use the button below; you can check your camera and microphone before you go in.`
          : `A friendly reminder of your video visit with ${p.clinicianName}.`}
      </Paragraph>
      <Details
        rows={[
          ["Date", when.date],
          ["Time", `${when.time} (${when.zone})`],
          ["With", p.clinicianName],
        ]}
      />
      <ActionButton href={p.joinUrl}>Join your video visit</ActionButton>
      <Note>{JOIN_LINK_NOTE}</Note>
    </EmailLayout>
  );
}

ConsultationReminderEmail.PreviewProps = {
  clinicName: "Bedside Demo Clinic",
  recipientName: "Aiko Tanaka",
  clinicianName: "Dr Amara Okafor",
  startsAt: "2031-01-14T01:30:00.000Z",
  timeZone: "Asia/Tokyo",
  joinUrl: "http://localhost:3000/join/preview-token",
  lead: "15m",
} satisfies ConsultationReminderEmailProps;
