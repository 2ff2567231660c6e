import "server-only";
import { recordAudit } from "@/server/audit/record-audit";
import { db, type DbOrTx } from "@/server/db";
import { displayName } from "@/server/notifications/people";
import { joinWindowState, type JoinWindow, type JoinWindowState } from "@/lib/join-window";
import { joinWindowAt } from "./join-window-policy";
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
  windowState: JoinWindowState | null;
  /** Past the link's expiry, but its invitee was admitted to the running session (or is its clinician): they may rejoin until it ends. */
  rejoin: boolean;
  /** The session is recorded: the landing page asks for consent before Join. */
  recordingEnabled: boolean;
}

export type JoinLinkView = ReadyJoinLink | { status: JoinLinkProblem };

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
          sessions: {
            where: { status: { not: "CANCELLED" } },
            orderBy: { createdAt: "desc" },
            take: 1,
            select: { id: true, status: true, recordingEnabled: true },
          },
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
  // The link lasts as long as the join window; the window governs the first admission only,
  // so someone already admitted to a running session rejoins with it until the session ends.
  const rejoin = now >= link.expiresAt && session?.status === "IN_PROGRESS" && (await wasAdmitted(tx, session.id, link.userId));
  if (now >= link.expiresAt && !rejoin) return { status: "expired" };

  const startsAt = consultation?.scheduledStart ?? link.session?.scheduledStart ?? link.session?.startedAt ?? null;
  const window = consultation ? joinWindowAt(consultation.scheduledStart) : null;
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
    windowState: window ? (rejoin ? "open" : joinWindowState(window, now)) : null,
    rejoin,
    recordingEnabled: session?.recordingEnabled ?? false,
  };
}

/** A person opened a valid link's page (only the audit trail changes; the link is not used). */
export async function recordJoinLinkViewed(view: { linkId: string; patientId: string | null }, requestId: string) {
  await recordAudit(
    db,
    { system: "auth", requestId, subjectId: view.linkId },
    {
      action: "join_link.view",
      entityType: "JoinLink",
      entityId: view.linkId,
      patientId: view.patientId,
    },
  );
}

async function wasAdmitted(tx: DbOrTx, sessionId: string, userId: string): Promise<boolean> {
  const p = await tx.sessionParticipant.findUnique({ where: { sessionId_userId: { sessionId, userId } }, select: { role: true, admittedAt: true } });
  return Boolean(p && (p.role === "CLINICIAN" || p.admittedAt));
}
