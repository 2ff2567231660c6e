// Props shared by the visit emails. Times travel as ISO strings (props are stored as JSON in
// the outbox) and are formatted in the recipient's time zone when the email is rendered.

export interface VisitCalendarRef {
  /** Stable calendar UID for the consultation, e.g. `consultation-<id>@bedside`. */
  uid: string;
  sequence: number;
  /** The organizer for cancellations (RFC 5546 needs one for METHOD:CANCEL). */
  organizerEmail: string;
}

export const JOIN_LINK_NOTE = "This link is personal: it signs you in to this one visit only. Please do not forward it.";
