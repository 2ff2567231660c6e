import "server-only";
import { env } from "@/env";
import { icsSequence } from "@/lib/calendar/ics";
import type { VisitCalendarRef } from "@/emails/components/visit";
import { isSystemActor, type AnyActor } from "@/server/audit/actor";

/** JoinLink.createdById for a person or the system. */
export function creatorId(actor: AnyActor): string {
  return isSystemActor(actor) ? `system:${actor.system}` : actor.userId;
}

export function appUrl(path: string): string {
  return `${env.APP_URL.replace(/\/$/, "")}${path}`;
}

/** The bare address in EMAIL_FROM ("Bedside <no-reply@x>" → "no-reply@x"). */
export function fromAddress(): string {
  return /<([^>]+)>/.exec(env.EMAIL_FROM)?.[1] ?? env.EMAIL_FROM;
}

/** One calendar entry per consultation; each change raises SEQUENCE so clients update it. */
export function calendarRef(consultationId: string, changedAt: Date): VisitCalendarRef {
  return { uid: `consultation-${consultationId}@${new URL(env.APP_URL).hostname}`, sequence: icsSequence(changedAt), organizerEmail: fromAddress() };
}
