import "server-only";
import type { DbOrTx } from "@/server/db";
import { notFound } from "@/server/errors";
import type { Prisma } from "@/server/generated/prisma/client";
import type { ParticipantRole } from "@/server/generated/prisma/enums";
import type { Actor } from "@/server/audit/actor";

/**
 * The telemedicine sessions an actor may see: the visit's clinician, the visit's patient,
 * invited participants (guests) and admins. A join-link sign-in is scoped to one session.
 */
export function visibleSessions(actor: Actor): Prisma.TelemedicineSessionWhereInput {
  const scope: Prisma.TelemedicineSessionWhereInput = actor.scopeSessionId ? { id: actor.scopeSessionId } : {};
  switch (actor.role) {
    case "ADMIN":
      return scope;
    case "CLINICIAN":
      return { AND: [scope, { OR: [{ visit: { clinicianId: actor.userId } }, { participants: { some: { userId: actor.userId } } }] }] };
    case "PATIENT":
      return { AND: [scope, { visit: { patient: { userId: actor.userId } } }] };
    case "GUEST":
      return { AND: [scope, { participants: { some: { userId: actor.userId, role: "GUEST" } } }] };
    default:
      return { id: "__none__" };
  }
}

/** Load a session the actor may see, or fail exactly as a missing one (auditing the refusal). */
export async function findVisibleSession<S extends Prisma.TelemedicineSessionSelect>(
  tx: DbOrTx,
  actor: Actor,
  sessionId: string,
  select: S,
  action: string,
) {
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
