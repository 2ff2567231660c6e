import "server-only";
import type { DbOrTx } from "@/server/db";
import type { Actor } from "@/server/audit/actor";
import { recordDenied } from "@/server/audit/record-audit";
import { notFound } from "@/server/errors";
import type { Prisma } from "@/server/generated/prisma/client";

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
    if (existing) {
      await recordDenied(actor, { action, entityType: "TelemedicineSession", entityId: sessionId, patientId: existing.visit.patientId });
    }
    throw notFound("Session");
  }
  return session;
}
