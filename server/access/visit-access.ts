import "server-only";
import { NO_ROWS } from "./roles";
import type { Actor } from "@/server/audit/actor";
import type { DbOrTx } from "@/server/db";
import { notFound } from "@/server/errors";
import type { Prisma } from "@/server/generated/prisma/client";

/** Visits an actor may see: their own (clinician, patient) or all (admin). */
export function visibleVisits(actor: Actor): Prisma.VisitWhereInput {
  switch (actor.role) {
    case "ADMIN":
      return {};
    case "CLINICIAN":
      return { clinicianId: actor.userId };
    case "PATIENT":
      return { patient: { userId: actor.userId } };
    default:
      return NO_ROWS;
  }
}

export async function findVisibleVisit<S extends Prisma.VisitSelect>(tx: DbOrTx, actor: Actor, visitId: string, select: S, action: string) {
  const visit = await tx.visit.findFirst({ where: { AND: [{ id: visitId }, visibleVisits(actor)] }, select });
  if (!visit) {
    const exists = await tx.visit.findUnique({ where: { id: visitId }, select: { patientId: true } });
    throw notFound("Visit", exists ? { actor, entry: { action, entityType: "Visit", entityId: visitId, patientId: exists.patientId } } : undefined);
  }
  return visit;
}
