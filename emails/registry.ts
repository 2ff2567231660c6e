// Every email Bedside sends, by template name: its component, its subject line and, for some,
// attachments derived from the same props. To add a template, append one entry (workstreams
// add theirs at the end of the list, in their own block).
import type { ComponentType } from "react";
import { visitIcs, type EmailAttachment } from "./calendar";
import ConsultationBookedEmail, { consultationBookedSubject, type ConsultationBookedEmailProps } from "./consultation-booked";
import ConsultationBookedClinicianEmail, {
  consultationBookedClinicianSubject,
  type ConsultationBookedClinicianEmailProps,
} from "./consultation-booked-clinician";
import ConsultationCancelledEmail, { consultationCancelledSubject, type ConsultationCancelledEmailProps } from "./consultation-cancelled";
import ConsultationReminderEmail, { consultationReminderSubject, type ConsultationReminderEmailProps } from "./consultation-reminder";
import ConsultationRescheduledEmail, { consultationRescheduledSubject, type ConsultationRescheduledEmailProps } from "./consultation-rescheduled";
import GuestInvitationEmail, { guestInvitationSubject, type GuestInvitationEmailProps } from "./guest-invitation";
import MagicLinkEmail, { magicLinkSubject, type MagicLinkEmailProps } from "./magic-link";
import PatientWaitingEmail, { patientWaitingSubject, type PatientWaitingEmailProps } from "./patient-waiting";
import StaffInvitationEmail, { staffInvitationSubject, type StaffInvitationEmailProps } from "./staff-invitation";
import SessionSummaryEmail, { sessionSummarySubject, type SessionSummaryEmailProps } from "./session-summary";
import VitalsAlertEscalationEmail, { vitalsAlertEscalationSubject, type VitalsAlertEscalationEmailProps } from "./vitals-alert-escalation";

export type { EmailAttachment };

export interface TemplateDef<P> {
  Component: ComponentType<P>;
  subject: (props: P) => string;
  attachments?: (props: P) => EmailAttachment[];
}

function define<P>(def: TemplateDef<P>): TemplateDef<P> {
  return def;
}

export const emailTemplates = {
  "magic-link": define<MagicLinkEmailProps>({ Component: MagicLinkEmail, subject: magicLinkSubject }),

  // Notifications and join links (consultations, sessions).
  "consultation-booked": define<ConsultationBookedEmailProps>({
    Component: ConsultationBookedEmail,
    subject: consultationBookedSubject,
    attachments: (p) => [visitIcs({ ...p, joinUrl: p.joinUrl })],
  }),
  "consultation-booked-clinician": define<ConsultationBookedClinicianEmailProps>({
    Component: ConsultationBookedClinicianEmail,
    subject: consultationBookedClinicianSubject,
  }),
  "consultation-reminder": define<ConsultationReminderEmailProps>({ Component: ConsultationReminderEmail, subject: consultationReminderSubject }),
  "consultation-rescheduled": define<ConsultationRescheduledEmailProps>({
    Component: ConsultationRescheduledEmail,
    subject: consultationRescheduledSubject,
    attachments: (p) => (p.calendar ? [visitIcs({ ...p, calendar: p.calendar, joinUrl: p.audience === "patient" ? p.actionUrl : undefined })] : []),
  }),
  "consultation-cancelled": define<ConsultationCancelledEmailProps>({
    Component: ConsultationCancelledEmail,
    subject: consultationCancelledSubject,
    attachments: (p) => (p.calendar ? [visitIcs({ ...p, calendar: p.calendar, cancelled: true })] : []),
  }),
  "guest-invitation": define<GuestInvitationEmailProps>({
    Component: GuestInvitationEmail,
    subject: guestInvitationSubject,
    attachments: (p) =>
      p.calendar && p.startsAt ? [visitIcs({ ...p, calendar: p.calendar, startsAt: p.startsAt, durationMinutes: p.durationMinutes ?? 30 })] : [],
  }),
  "patient-waiting": define<PatientWaitingEmailProps>({ Component: PatientWaitingEmail, subject: patientWaitingSubject }),
  "session-summary": define<SessionSummaryEmailProps>({ Component: SessionSummaryEmail, subject: sessionSummarySubject }),
  // Live vitals: an alert nobody acknowledged in time (server/vitals/escalate-alerts.ts).
  "vitals-alert-escalation": define<VitalsAlertEscalationEmailProps>({
    Component: VitalsAlertEscalationEmail,
    subject: vitalsAlertEscalationSubject,
  }),

  // Admin console: staff invitations.
  "staff-invitation": define<StaffInvitationEmailProps>({ Component: StaffInvitationEmail, subject: staffInvitationSubject }),
};

export type EmailTemplateName = keyof typeof emailTemplates;
export type EmailTemplateProps<N extends EmailTemplateName> = Parameters<(typeof emailTemplates)[N]["subject"]>[0];

/** Subject, HTML, plain text and attachments of one email, exactly as the outbox stores them. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  attachments: EmailAttachment[];
}
