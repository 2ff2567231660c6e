import "server-only";
import { env } from "@/env";
import { db, type DbOrTx } from "@/server/db";
import { displayName } from "@/server/notifications/people";
import { joinWindow, joinWindowState, type JoinWindow } from "./join-window";
import { hashJoinToken, isWellFormedJoinToken } from "./token";

/** Why a link cannot be used. Each reason gets its own advice and none reveals the visit. */
export type JoinLinkProblem = "invalid" | "revoked" | "expired" | "cancelled" | "ended";

export interface ReadyJoinLink {
  status: "ready";
  linkId: string;
  userId: string;
  role: "CLINICIAN" | "PATIENT" | "GUEST";
  consultationId: string | null;
  /** The session the link leads to; null while the clinic has not opened a room yet. */
  sessionId: string | null;
  patientId: string | null;
  inviteeName: string;
  clinicianName: string;
  startsAt: Date | null;
  /** The invitee's own time zone, for showing times. */
  timeZone: string;
  window: JoinWindow | null;
  windowState: "before" | "open" | "closed" | null;
  /** The session is recorded: the landing page asks for consent before Join. */
  recordingEnabled: boolean;
}

export type JoinLinkView = ReadyJoinLink | { status: JoinLinkProblem };

export const windowPolicy = () => ({ beforeMinutes: env.JOIN_WINDOW_BEFORE_MINUTES, afterMinutes: env.JOIN_WINDOW_AFTER_MINUTES });

/**
 * What a join link leads to, without changing anything (GET and HEAD of /join/[token] call
 * only this, so mail scanners that prefetch links consume nothing).
 */
export async function inspectJoinLink({ token, now = new Date(), tx = db }: { token: string; now?: Date; tx?: DbOrTx }): Promise<JoinLinkView> {
  if (!isWellFormedJoinToken(token)) return { status: "invalid" };
  const link = await tx.joinLink.findUnique({
    where: { tokenHash: hashJoinToken(token) },
    select: {
      id: true,
      userId: true,
      role: true,
      consultationId: true,
      sessionId: true,
      expiresAt: true,
      revokedAt: true,
      consultation: {
        select: {
          status: true,
          scheduledStart: true,
          patientId: true,
          patient: { select: { timeZone: true, userId: true } },
          clinician: { select: { name: true, title: true } },
          sessions: { where: { status: { not: "CANCELLED" } }, orderBy: { createdAt: "desc" }, take: 1, select: { id: true, status: true, recordingEnabled: true } },
        },
      },
      session: {
        select: {
          id: true,
          status: true,
          scheduledStart: true,
          startedAt: true,
          recordingEnabled: true,
          visit: { select: { patientId: true, clinician: { select: { name: true, title: true } } } },
        },
      },
    },
  });
  if (!link) return { status: "invalid" };
  const user = await tx.user.findUnique({ where: { id: link.userId }, select: { name: true, email: true, timeZone: true, deactivatedAt: true, role: true } });
  if (!user || user.deactivatedAt) return { status: "invalid" };
  if (link.revokedAt) return { status: "revoked" };
  const consultation = link.consultation;
  if (consultation?.status === "CANCELLED") return { status: "cancelled" };
  const session = link.session ?? consultation?.sessions[0] ?? null;
  if (consultation && (consultation.status === "COMPLETED" || consultation.status === "NO_SHOW")) return { status: "ended" };
  if (session && (session.status === "COMPLETED" || session.status === "CANCELLED")) return { status: "ended" };
  if (now >= link.expiresAt) return { status: "expired" };

  const startsAt = consultation?.scheduledStart ?? link.session?.scheduledStart ?? link.session?.startedAt ?? null;
  const window = consultation ? joinWindow(consultation.scheduledStart, windowPolicy()) : null;
  const clinician = consultation?.clinician ?? link.session?.visit.clinician ?? null;
  // A patient's own record knows their zone best; everyone else by their account.
  const timeZone = link.role === "PATIENT" && consultation?.patient.userId === link.userId ? consultation.patient.timeZone : user.timeZone;
  return {
    status: "ready",
    linkId: link.id,
    userId: link.userId,
    role: link.role,
    consultationId: link.consultationId,
    sessionId: session?.id ?? null,
    patientId: consultation?.patientId ?? link.session?.visit.patientId ?? null,
    inviteeName: user.name ?? user.email,
    clinicianName: clinician ? displayName(clinician) : "your clinician",
    startsAt,
    timeZone,
    window,
    windowState: window ? joinWindowState(window, now) : null,
    recordingEnabled: session?.recordingEnabled ?? false,
  };
}
