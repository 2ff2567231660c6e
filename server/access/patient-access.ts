import "server-only";
import { NO_ROWS } from "./roles";
import type { DbOrTx } from "@/server/db";
import { notFound } from "@/server/errors";
import { Prisma } from "@/server/generated/prisma/client";
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
 * The same rule as `visiblePatients`, as a SQL condition on the patient row `alias`, for reads
 * written as one statement. Translated from `visiblePatients` itself, so the two cannot drift:
 * a shape it does not know fails loudly instead of matching rows.
 */
export function visiblePatientsSql(actor: Actor, alias: string): Prisma.Sql {
  const rule = visiblePatients(actor);
  const p = Prisma.raw(alias);
  if (rule === NO_ROWS) return Prisma.sql`FALSE`;
  if ("userId" in rule) return Prisma.sql`${p}."userId" = ${rule.userId}`;
  if ("careTeam" in rule && rule.careTeam?.some && "clinicianId" in rule.careTeam.some) {
    return Prisma.sql`EXISTS (SELECT 1 FROM "CareTeamMember" ct WHERE ct."patientId" = ${p}."id" AND ct."clinicianId" = ${rule.careTeam.some.clinicianId})`;
  }
  if (Object.keys(rule).length === 0) return Prisma.sql`TRUE`;
  throw new Error("visiblePatientsSql: unknown patient visibility rule");
}

/**
 * The refusal for a patient the actor may not see: NOT_FOUND exactly as for a missing one,
 * audited as `action` when the patient exists.
 */
export function patientNotFound(actor: Actor, patientId: string, action: string, exists: boolean) {
  return notFound("Patient", exists ? { actor, entry: { action, entityType: "Patient", entityId: patientId, patientId } } : undefined);
}

/**
 * Load a patient the actor may see, or fail exactly as if it did not exist (and audit the
 * refusal when it does exist).
 */
export async function findVisiblePatient<S extends Prisma.PatientSelect>(tx: DbOrTx, actor: Actor, patientId: string, select: S, action: string) {
  const patient = await tx.patient.findFirst({ where: { AND: [{ id: patientId }, visiblePatients(actor)] }, select });
  if (!patient) throw patientNotFound(actor, patientId, action, (await tx.patient.count({ where: { id: patientId } })) > 0);
  return patient;
}
