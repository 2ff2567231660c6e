// Every email Bedside sends, by template name: its component and its subject line.
import type { ComponentType } from "react";
import MagicLinkEmail, { magicLinkSubject, type MagicLinkEmailProps } from "./magic-link";
import VitalsAlertEscalationEmail, {
  vitalsAlertEscalationSubject,
  type VitalsAlertEscalationEmailProps,
} from "./vitals-alert-escalation";

interface TemplateDef<P> {
  Component: ComponentType<P>;
  subject: (props: P) => string;
}

function define<P>(def: TemplateDef<P>): TemplateDef<P> {
  return def;
}

export const emailTemplates = {
  "magic-link": define<MagicLinkEmailProps>({ Component: MagicLinkEmail, subject: magicLinkSubject }),
  // Live vitals: an alert nobody acknowledged in time (server/vitals/escalate-alerts.ts).
  "vitals-alert-escalation": define<VitalsAlertEscalationEmailProps>({
    Component: VitalsAlertEscalationEmail,
    subject: vitalsAlertEscalationSubject,
  }),
};

export type EmailTemplateName = keyof typeof emailTemplates;
export type EmailTemplateProps<N extends EmailTemplateName> = Parameters<(typeof emailTemplates)[N]["subject"]>[0];
