import { Button, Heading, Link, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { button, muted, text } from "./layout";

const heading = { color: "#0f2a33", fontSize: "22px", fontWeight: 700, lineHeight: "30px", margin: "0 0 12px" };
const detailBox = { backgroundColor: "#f4f8f9", borderRadius: "6px", margin: "16px 0", padding: "12px 16px" };
const detailLabel = { color: "#5b6670", fontSize: "13px", lineHeight: "18px", margin: "8px 0 0" };
const detailValue = { color: "#1d2730", fontSize: "15px", fontWeight: 600, lineHeight: "22px", margin: "0" };

/** The email's one heading (screen readers announce it first). */
export function Title({ children }: { children: ReactNode }) {
  return (
    <Heading as="h1" style={heading}>
      {children}
    </Heading>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={text}>{children}</Text>;
}

export function Note({ children }: { children: ReactNode }) {
  return <Text style={muted}>{children}</Text>;
}

/** Label/value pairs in a tinted box; as plain text each pair reads "Label: value". */
export function Details({ rows }: { rows: [label: string, value: ReactNode][] }) {
  return (
    <Section style={detailBox}>
      {rows.map(([label, value]) => (
        <Text key={label} style={{ margin: 0 }}>
          <span style={detailLabel}>{label}: </span>
          <br />
          <span style={detailValue}>{value}</span>
        </Text>
      ))}
    </Section>
  );
}

/** The main action as a button, with the raw address underneath for clients that block buttons. */
export function ActionButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <>
      <Section style={{ margin: "20px 0 8px" }}>
        <Button href={href} style={button}>
          {children}
        </Button>
      </Section>
      <Text style={muted}>
        If the button does not work, copy this address into your browser: <Link href={href}>{href}</Link>
      </Text>
    </>
  );
}
