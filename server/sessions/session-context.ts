import "server-only";
import { joinWindowState, type JoinWindow, type JoinWindowState } from "@/lib/join-window";
import { joinWindowAt } from "@/server/join-links/join-window-policy";
import { findVisibleSession, roleInSession } from "@/server/access/session-access";
import type { Actor } from "@/server/audit/actor";
import type { DbOrTx } from "@/server/db";
import { AppError } from "@/server/errors";
import type { ParticipantRole } from "@/server/generated/prisma/enums";
import { clinicianName } from "./session-participants";

/** What most session operations need to know about a session. */
export const SESSION_SELECT = {
  id: true,
  visitId: true,
  consultationId: true,
  roomName: true,
  provider: true,
  status: true,
  scheduledStart: true,
  startedAt: true,
  endedAt: true,
  durationSeconds: true,
  recordingEnabled: true,
  notes: true,
  seq: true,
  createdAt: true,
  visit: {
    select: {
      id: true,
      status: true,
      clinicianId: true,
      patientId: true,
      clinician: { select: { name: true, title: true } },
      patient: { select: { userId: true, givenName: true, familyName: true } },
    },
  },
  consultation: { select: { id: true, status: true, scheduledStart: true, durationMinutes: true } },
  participants: {
    select: { id: true, userId: true, role: true, displayName: true, arrivedAt: true, admittedAt: true, recordingConsentAt: true, firstJoinedAt: true },
  },
} as const;

export async function loadSession(tx: DbOrTx, actor: Actor, sessionId: string, action: string) {
  const session = await findVisibleSession(tx, actor, sessionId, SESSION_SELECT, action);
  return { session, role: roleInSession(actor, session) };
}

export type LoadedSession = Awaited<ReturnType<typeof loadSession>>["session"];

/** A session's join window: around its scheduled start (ad-hoc sessions: when created). */
export function sessionJoinWindow(session: Pick<LoadedSession, "scheduledStart" | "createdAt">): JoinWindow {
  return joinWindowAt(session.scheduledStart ?? session.createdAt);
}

export function assertNotFinished(session: Pick<LoadedSession, "status">) {
  if (session.status === "COMPLETED") {
    throw new AppError("PRECONDITION_FAILED", "This session has ended and can no longer be changed.", { reason: "session_completed" });
  }
  if (session.status === "CANCELLED") {
    throw new AppError("PRECONDITION_FAILED", "This session was cancelled. Ask the clinic to book a new one.", { reason: "session_cancelled" });
  }
}

/**
 * Whether this viewer may come in now. The join window governs the *first admission* only:
 * the session's clinician may always open their own session, and a participant already
 * admitted may rejoin (reload, emailed link, another device) until the session ends.
 */
export function entryState(
  session: Pick<LoadedSession, "scheduledStart" | "createdAt">,
  role: ParticipantRole | null,
  me: { admittedAt: Date | null } | undefined,
  now: Date,
): JoinWindowState {
  if (role === "CLINICIAN" || me?.admittedAt) return "open";
  return joinWindowState(sessionJoinWindow(session), now);
}

/** Refuses a first admission outside the join window (see `entryState`). */
export function assertMayEnter(
  session: Pick<LoadedSession, "scheduledStart" | "createdAt">,
  role: ParticipantRole | null,
  me: { admittedAt: Date | null } | undefined,
  now: Date,
) {
  if (entryState(session, role, me, now) === "open") return;
  assertInJoinWindow(session, now);
}

export function assertInJoinWindow(session: Pick<LoadedSession, "scheduledStart" | "createdAt">, now: Date) {
  const window = sessionJoinWindow(session);
  const state = joinWindowState(window, now);
  if (state === "early") {
    throw new AppError("PRECONDITION_FAILED", `It is too early to join. The visit opens at ${window.opensAt.toISOString()}.`, {
      reason: "join_window_not_open",
      details: { opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() },
    });
  }
  if (state === "closed") {
    throw new AppError("PRECONDITION_FAILED", "The time to join this visit has passed. Contact the clinic to book a new time.", {
      reason: "join_window_closed",
      details: { opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() },
    });
  }
}

export function assertRole(role: ParticipantRole | null, allowed: ParticipantRole[], what: string): asserts role is ParticipantRole {
  if (!role || !allowed.includes(role)) {
    throw new AppError("FORBIDDEN", `Only ${what} can do this.`, { reason: "not_allowed_in_session" });
  }
}

export const clinicianDisplayName = clinicianName;

/**
 * A participant's name, always from the records: their participant row when it has one,
 * otherwise the visit's clinician or patient (a session created without participant rows,
 * e.g. by an older seed, never shows a placeholder).
 */
export function participantName(session: Pick<LoadedSession, "visit">, role: ParticipantRole, me: { displayName: string } | undefined): string {
  if (me?.displayName && me.displayName !== "Participant") return me.displayName;
  if (role === "CLINICIAN") return clinicianDisplayName(session.visit.clinician);
  if (role === "PATIENT") return `${session.visit.patient.givenName} ${session.visit.patient.familyName}`;
  return me?.displayName ?? "Guest";
}

/** Bump the session's realtime sequence number in the same transaction as a state change. */
export async function nextSessionSeq(tx: DbOrTx, sessionId: string): Promise<number> {
  const s = await tx.telemedicineSession.update({ where: { id: sessionId }, data: { seq: { increment: 1 } }, select: { seq: true } });
  return s.seq;
}
