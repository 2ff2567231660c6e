import "server-only";
import { env } from "@/env";
import { joinWindow, joinWindowState, type JoinWindow } from "@/lib/join-window";
import { findVisibleSession, roleInSession } from "@/server/access/session-access";
import type { Actor } from "@/server/audit/actor";
import type { DbOrTx } from "@/server/db";
import { AppError } from "@/server/errors";
import type { ParticipantRole } from "@/server/generated/prisma/enums";

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

export const joinPolicy = () => ({ beforeMinutes: env.JOIN_WINDOW_BEFORE_MINUTES, afterMinutes: env.JOIN_WINDOW_AFTER_MINUTES });

/** A session's join window: around its scheduled start (ad-hoc sessions: when created). */
export function sessionJoinWindow(session: Pick<LoadedSession, "scheduledStart" | "createdAt">): JoinWindow {
  return joinWindow(session.scheduledStart ?? session.createdAt, joinPolicy());
}

export function assertNotFinished(session: Pick<LoadedSession, "status">) {
  if (session.status === "COMPLETED") {
    throw new AppError("PRECONDITION_FAILED", "This session has ended and can no longer be changed.", { reason: "session_completed" });
  }
  if (session.status === "CANCELLED") {
    throw new AppError("PRECONDITION_FAILED", "This session was cancelled. Ask the clinic to book a new one.", { reason: "session_cancelled" });
  }
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

export function clinicianDisplayName(c: { name: string | null; title: string | null }): string {
  return [c.title, c.name].filter(Boolean).join(" ") || "Your clinician";
}

/** Bump the session's realtime sequence number in the same transaction as a state change. */
export async function nextSessionSeq(tx: DbOrTx, sessionId: string): Promise<number> {
  const s = await tx.telemedicineSession.update({ where: { id: sessionId }, data: { seq: { increment: 1 } }, select: { seq: true } });
  return s.seq;
}
