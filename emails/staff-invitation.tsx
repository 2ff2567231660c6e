import { Button, Heading, Link, Text } from "@react-email/components";
import { button, EmailLayout, muted, text } from "./components/layout";

export interface StaffInvitationEmailProps {
  clinicName: string;
  inviteeName: string;
  role: "CLINICIAN" | "ADMIN";
  invitedByName: string;
  url: string;
  expiresInDays: number;
}

const roleWord = (r: StaffInvitationEmailProps["role"]) => (r === "ADMIN" ? "an administrator" : "a clinician");

export const staffInvitationSubject = (p: StaffInvitationEmailProps) => `You are invited to ${p.clinicName} on Bedside`;

export default function StaffInvitationEmail({ clinicName, inviteeName, role, invitedByName, url, expiresInDays }: StaffInvitationEmailProps) {
  return (
    <EmailLayout preview={`Set your password to join ${clinicName}`} clinicName={clinicName}>
      <Heading as="h1" style={{ fontSize: "20px", margin: "0 0 16px" }}>
        Welcome, {inviteeName}
      </Heading>
      <Text style={text}>
        {invitedByName} invited you to join {clinicName} on Bedside as {roleWord(role)}. Choose a password to activate your account.
      </Text>
      <Button href={url} style={button}>
        Set your password
      </Button>
      <Text style={muted}>
        The link works once and expires in {expiresInDays} days. If it has expired, ask an administrator to resend the invitation. If the button does not work,
        paste this address into your browser: <Link href={url}>{url}</Link>
      </Text>
    </EmailLayout>
  );
}

StaffInvitationEmail.PreviewProps = {
  clinicName: "Bedside Demo Clinic",
  inviteeName: "Dr Ada Okafor",
  role: "CLINICIAN",
  invitedByName: "Sam Admin",
  url: "http://localhost:3000/set-password/preview-token",
  expiresInDays: 7,
} satisfies StaffInvitationEmailProps;
