import "server-only";
import type { Actor } from "@/server/audit/actor";
import type { DbOrTx } from "@/server/db";
import { notFound } from "@/server/errors";
import type { Prisma } from "@/server/generated/prisma/client";
import { NO_ROWS } from "./roles";

/** Consultations an actor may see: their own (clinician, patient) or all (admin). */
export function visibleConsultations(actor: Actor): Prisma.ConsultationWhereInput {
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

/** Consultations an actor may change (reschedule, cancel): the clinician who owns one, or an admin. */
export function manageableConsultations(actor: Actor): Prisma.ConsultationWhereInput {
  if (actor.role === "ADMIN") return {};
  if (actor.role === "CLINICIAN") return { clinicianId: actor.userId };
  return NO_ROWS;
}

/**
 * A consultation the actor may change, or NOT_FOUND exactly as for a missing one (the refusal
 * audited as `action` when it exists). A patient asking to change their own consultation is
 * refused the same way: patients see it, but only staff manage it.
 */
export async function findManageableConsultation<S extends Prisma.ConsultationSelect>(
  tx: DbOrTx,
  actor: Actor,
  consultationId: string,
  select: S,
  action: string,
) {
  const c = await tx.consultation.findFirst({ where: { AND: [{ id: consultationId }, manageableConsultations(actor)] }, select });
  if (!c) {
    const exists = await tx.consultation.findUnique({ where: { id: consultationId }, select: { patientId: true } });
    throw notFound(
      "Consultation",
      exists ? { actor, entry: { action, entityType: "Consultation", entityId: consultationId, patientId: exists.patientId } } : undefined,
    );
  }
  return c;
}
