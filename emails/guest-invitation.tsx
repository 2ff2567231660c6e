import { EmailLayout } from "./components/layout";
import { ActionButton, Details, Note, Paragraph, Title } from "./components/parts";
import { JOIN_LINK_NOTE, type VisitCalendarRef } from "./components/visit";
import { formatVisitTime } from "@/lib/format/visit-time";

export interface GuestInvitationEmailProps {
  clinicName: string;
  guestName: string;
  clinicianName: string;
  /** When the visit is scheduled; absent for a visit that is already under way. */
  startsAt: string | null;
  durationMinutes: number | null;
  timeZone: string;
  joinUrl: string;
  calendar?: VisitCalendarRef;
}

export const guestInvitationSubject = (p: GuestInvitationEmailProps) => `${p.clinicianName} invited you to a video visit`;

export default function GuestInvitationEmail(p: GuestInvitationEmailProps) {
  const when = p.startsAt ? formatVisitTime(p.startsAt, p.timeZone) : null;
  return (
    <EmailLayout preview={when ? `Join on ${when.date} at ${when.time}` : "Join the video visit now"} clinicName={p.clinicName}>
      <Title>You are invited to a video visit</Title>
      <Paragraph>Hello {p.guestName},</Paragraph>
      <Paragraph>
        {p.clinicianName} of {p.clinicName} has invited you to take part in a video visit, for example as a family member, carer or interpreter. You do not need
        an account or a password.
      </Paragraph>
      {when ? (
        <Details
          rows={[
            ["Date", when.date],
            ["Time", `${when.time} (${when.zone})`],
            ["With", p.clinicianName],
          ]}
        />
      ) : (
        <Paragraph>The visit is happening now: you can join straight away.</Paragraph>
      )}
      <ActionButton href={p.joinUrl}>Join the video visit</ActionButton>
      <Note>{JOIN_LINK_NOTE} The clinician admits you from the waiting room.</Note>
    </EmailLayout>
  );
}

GuestInvitationEmail.PreviewProps = {
  clinicName: "Bedside Demo Clinic",
  guestName: "Carlos Garcia",
  clinicianName: "Dr Amara Okafor",
  startsAt: "2031-01-14T15:30:00.000Z",
  durationMinutes: 20,
  timeZone: "America/Chicago",
  joinUrl: "http://localhost:3000/join/preview-token",
} satisfies GuestInvitationEmailProps;
