import { Button, Link, Text } from "@react-email/components";
import { button, EmailLayout, muted, text } from "./components/layout";

export interface MagicLinkEmailProps {
  clinicName: string;
  url: string;
  expiresInMinutes: number;
}

export const magicLinkSubject = (p: MagicLinkEmailProps) => `Your sign-in link for ${p.clinicName}`;

export default function MagicLinkEmail({ clinicName, url, expiresInMinutes }: MagicLinkEmailProps) {
  return (
    <EmailLayout preview="Your sign-in link" clinicName={clinicName}>
      <Text style={text}>Use the button below to sign in to Bedside. No password needed.</Text>
      <Button href={url} style={button}>
        Sign in
      </Button>
      <Text style={muted}>
        The link works once and expires in {expiresInMinutes} minutes. If the button does not work, paste this address into your browser:{" "}
        <Link href={url}>{url}</Link>
      </Text>
    </EmailLayout>
  );
}

MagicLinkEmail.PreviewProps = {
  clinicName: "Bedside Demo Clinic",
  url: "http://localhost:3000/api/auth/callback/email?token=preview",
  expiresInMinutes: 10,
} satisfies MagicLinkEmailProps;
