import "server-only";
import type { DbOrTx } from "@/server/db";
import { notFound } from "@/server/errors";
import type { Prisma } from "@/server/generated/prisma/client";
import type { ParticipantRole, SessionStatus } from "@/server/generated/prisma/enums";
import type { Actor } from "@/server/audit/actor";

/**
 * The telemedicine sessions an actor may see: the visit's clinician, the visit's patient,
 * invited participants (guests) and admins. A join-link sign-in is scoped to one session.
 */
export function visibleSessions(actor: Actor): Prisma.TelemedicineSessionWhereInput {
  // Admins look on without taking part; everyone else sees exactly the sessions they are in.
  if (actor.role === "ADMIN") return actor.scopeSessionId ? { id: actor.scopeSessionId } : {};
  return sessionsAsParticipant(actor);
}

/** Load a session the actor may see, or fail exactly as a missing one (auditing the refusal). */
export async function findVisibleSession<S extends Prisma.TelemedicineSessionSelect>(tx: DbOrTx, actor: Actor, sessionId: string, select: S, action: string) {
  const session = await tx.telemedicineSession.findFirst({ where: { AND: [{ id: sessionId }, visibleSessions(actor)] }, select });
  if (!session) {
    const existing = await tx.telemedicineSession.findUnique({ where: { id: sessionId }, select: { visit: { select: { patientId: true } } } });
    throw notFound(
      "Session",
      existing ? { actor, entry: { action, entityType: "TelemedicineSession", entityId: sessionId, patientId: existing.visit.patientId } } : undefined,
    );
  }
  return session;
}

/** The part an actor plays in a session, or null for onlookers (admins). */
export function roleInSession(
  actor: Actor,
  session: { visit: { clinicianId: string; patient: { userId: string | null } }; participants: { userId: string; role: ParticipantRole }[] },
): ParticipantRole | null {
  if (actor.role === "CLINICIAN" && session.visit.clinicianId === actor.userId) return "CLINICIAN";
  if (actor.role === "PATIENT" && session.visit.patient.userId === actor.userId) return "PATIENT";
  const p = session.participants.find((x) => x.userId === actor.userId);
  return p?.role ?? null;
}

/**
 * The telemedicine sessions an actor takes part in, as a Prisma filter: the visit's
 * clinician, the visit's patient (their portal account), and anyone invited as a guest
 * (a GUEST SessionParticipant row). Admins are not participants. A join-link sign-in is
 * further limited to the one session it was issued for.
 */
export function sessionsAsParticipant(actor: Actor): Prisma.TelemedicineSessionWhereInput {
  if (actor.role === "ADMIN") return { id: { in: [] } };
  const asGuest: Prisma.TelemedicineSessionWhereInput = {
    participants: { some: { userId: actor.userId, role: "GUEST" } },
  };
  const own: Prisma.TelemedicineSessionWhereInput | null =
    actor.role === "CLINICIAN" ? { visit: { clinicianId: actor.userId } } : actor.role === "PATIENT" ? { visit: { patient: { userId: actor.userId } } } : null;
  const participating: Prisma.TelemedicineSessionWhereInput = { OR: own ? [own, asGuest] : [asGuest] };
  return actor.scopeSessionId ? { AND: [participating, { id: actor.scopeSessionId }] } : participating;
}

export interface SessionParticipation {
  sessionId: string;
  status: SessionStatus;
  visitId: string;
  patientId: string;
  /** How the actor takes part in this session. */
  role: ParticipantRole;
  /** The name other participants see: the participant row's, else the account's. */
  displayName: string;
}

const ROLE_LABEL: Record<ParticipantRole, string> = { CLINICIAN: "Clinician", PATIENT: "Patient", GUEST: "Guest" };

/**
 * The actor's participation in a session, or null when the session is missing or the
 * actor does not take part in it. Audits nothing: callers decide how a refusal is recorded.
 */
export async function participationIn(tx: DbOrTx, actor: Actor, sessionId: string): Promise<SessionParticipation | null> {
  const session = await tx.telemedicineSession.findFirst({
    where: { AND: [{ id: sessionId }, sessionsAsParticipant(actor)] },
    select: {
      id: true,
      status: true,
      visitId: true,
      visit: { select: { clinicianId: true, patientId: true, patient: { select: { userId: true } } } },
      participants: { where: { userId: actor.userId }, select: { role: true, displayName: true } },
    },
  });
  if (!session) return null;
  const role: ParticipantRole =
    actor.role === "CLINICIAN" && session.visit.clinicianId === actor.userId
      ? "CLINICIAN"
      : actor.role === "PATIENT" && session.visit.patient.userId === actor.userId
        ? "PATIENT"
        : "GUEST";
  let displayName = session.participants[0]?.displayName.trim();
  if (!displayName) {
    const user = await tx.user.findUnique({ where: { id: actor.userId }, select: { name: true, title: true } });
    displayName = [user?.title, user?.name].filter(Boolean).join(" ").trim() || ROLE_LABEL[role];
  }
  return {
    sessionId: session.id,
    status: session.status,
    visitId: session.visitId,
    patientId: session.visit.patientId,
    role,
    displayName: displayName.slice(0, 200),
  };
}

/** The patient of a session, or null when there is no such session (for audit rows). */
export async function sessionPatientId(tx: DbOrTx, sessionId: string): Promise<string | null> {
  const session = await tx.telemedicineSession.findUnique({ where: { id: sessionId }, select: { visit: { select: { patientId: true } } } });
  return session?.visit.patientId ?? null;
}

/**
 * The actor's participation in a session, or NOT_FOUND exactly as for a missing session
 * (the refusal is audited as `action` when the session exists).
 */
export async function findSessionAsParticipant(tx: DbOrTx, actor: Actor, sessionId: string, action: string): Promise<SessionParticipation> {
  const participation = await participationIn(tx, actor, sessionId);
  if (participation) return participation;
  const patientId = await sessionPatientId(tx, sessionId);
  throw notFound("Session", patientId ? { actor, entry: { action, entityType: "TelemedicineSession", entityId: sessionId, patientId } } : undefined);
}

// Video and recordings: the visit's clinician or anyone with a participant row.
/**
 * Sessions an actor takes part in: the visit's clinician, or anyone with a participant
 * row (the patient, invited guests). A join-link sign-in is limited to its one session.
 */
export function sessionsInvolving(actor: Actor): Prisma.TelemedicineSessionWhereInput {
  const involved: Prisma.TelemedicineSessionWhereInput = {
    OR: [{ visit: { clinicianId: actor.userId } }, { participants: { some: { userId: actor.userId } } }],
  };
  return actor.scopeSessionId ? { AND: [involved, { id: actor.scopeSessionId }] } : involved;
}

const videoSessionSelect = {
  id: true,
  roomName: true,
  provider: true,
  status: true,
  recordingEnabled: true,
  visit: { select: { clinicianId: true, patientId: true } },
} satisfies Prisma.TelemedicineSessionSelect;

export type VideoSession = Prisma.TelemedicineSessionGetPayload<{ select: typeof videoSessionSelect }>;

/** The session, or NOT_FOUND exactly like a missing one (auditing the refusal when it exists). */
export async function findVideoSession(tx: DbOrTx, actor: Actor, sessionId: string, action: string): Promise<VideoSession> {
  const session = await tx.telemedicineSession.findFirst({
    where: { AND: [{ id: sessionId }, sessionsInvolving(actor)] },
    select: videoSessionSelect,
  });
  if (!session) {
    const existing = await tx.telemedicineSession.findUnique({ where: { id: sessionId }, select: { visit: { select: { patientId: true } } } });
    throw notFound(
      "Session",
      existing ? { actor, entry: { action, entityType: "TelemedicineSession", entityId: sessionId, patientId: existing.visit.patientId } } : undefined,
    );
  }
  return session;
}
