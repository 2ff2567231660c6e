import "server-only";
import type { Actor } from "@/server/audit/actor";
import type { DbOrTx } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";
import { refuseAsMissing } from "./refusal";
import { ownCareRecords } from "./roles";

/** Visits an actor may see: their own (clinician, patient) or all (admin). */
export function visibleVisits(actor: Actor): Prisma.VisitWhereInput {
  return ownCareRecords(actor);
}

/** A visit the actor may see, or NOT_FOUND exactly as for a missing one (the refusal audited as `action`). */
export async function findVisibleVisit<S extends Prisma.VisitSelect>(tx: DbOrTx, actor: Actor, visitId: string, select: S, action: string) {
  const visit = await tx.visit.findFirst({ where: { AND: [{ id: visitId }, visibleVisits(actor)] }, select });
  if (!visit) {
    const existing = await tx.visit.findUnique({ where: { id: visitId }, select: { patientId: true } });
    throw refuseAsMissing("Visit", actor, existing, { action, entityType: "Visit", entityId: visitId });
  }
  return visit;
}
