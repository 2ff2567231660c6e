import "server-only";
import { NO_ROWS } from "./roles";
import type { DbOrTx } from "@/server/db";
import { notFound } from "@/server/errors";
import type { Prisma } from "@/server/generated/prisma/client";
import type { Actor } from "@/server/audit/actor";

/**
 * The patients an actor may see, as a Prisma filter: admins all, patients themselves,
 * clinicians the patients whose care team they belong to, guests none. Used both for
 * single lookups and for lists, so the two can never disagree.
 */
export function visiblePatients(actor: Actor): Prisma.PatientWhereInput {
  switch (actor.role) {
    case "ADMIN":
      return {};
    case "PATIENT":
      return { userId: actor.userId };
    case "CLINICIAN":
      return { careTeam: { some: { clinicianId: actor.userId } } };
    default:
      return NO_ROWS;
  }
}

/**
 * Load a patient the actor may see, or fail exactly as if it did not exist (and audit the
 * refusal when it does exist).
 */
export async function findVisiblePatient<S extends Prisma.PatientSelect>(tx: DbOrTx, actor: Actor, patientId: string, select: S, action: string) {
  const patient = await tx.patient.findFirst({ where: { AND: [{ id: patientId }, visiblePatients(actor)] }, select });
  if (!patient) {
    const exists = await tx.patient.count({ where: { id: patientId } });
    throw notFound("Patient", exists > 0 ? { actor, entry: { action, entityType: "Patient", entityId: patientId, patientId } } : undefined);
  }
  return patient;
}
