import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

export interface EmailLayoutProps {
  preview: string;
  clinicName: string;
  children: ReactNode;
}

const body = { backgroundColor: "#f4f6f8", fontFamily: "-apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" };
const card = { backgroundColor: "#ffffff", borderRadius: "8px", margin: "0 auto", maxWidth: "560px", padding: "32px" };
const brand = { color: "#0f4c5c", fontSize: "18px", fontWeight: 700, margin: "0 0 16px" };
const footer = { color: "#5b6670", fontSize: "12px", lineHeight: "18px" };

/** Shared frame for every Bedside email: clinic name, content, a plain footer. */
export function EmailLayout({ preview, clinicName, children }: EmailLayoutProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={body}>
        <Container style={card}>
          <Text style={brand}>{clinicName}</Text>
          <Section>{children}</Section>
          <Hr style={{ borderColor: "#e3e8ec", margin: "24px 0 16px" }} />
          <Text style={footer}>
            Sent by {clinicName} through Bedside. If you did not expect this email you can ignore it. Never forward sign-in or join links: they let anyone who
            has them in.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export const text = { color: "#1d2730", fontSize: "15px", lineHeight: "24px", margin: "0 0 12px" };
export const button = {
  backgroundColor: "#0f4c5c",
  borderRadius: "6px",
  color: "#ffffff",
  display: "inline-block",
  fontSize: "15px",
  fontWeight: 600,
  padding: "12px 20px",
  textDecoration: "none",
};
export const muted = { color: "#5b6670", fontSize: "13px", lineHeight: "20px", margin: "12px 0 0" };
