import "server-only";
import type { Actor } from "@/server/audit/actor";
import type { DbOrTx } from "@/server/db";
import { Prisma } from "@/server/generated/prisma/client";
import { refuseAsMissing } from "./refusal";
import { NO_ROWS, ownCareRecords } from "./roles";

/** Consultations an actor may see: their own (clinician, patient) or all (admin). */
export function visibleConsultations(actor: Actor): Prisma.ConsultationWhereInput {
  return ownCareRecords(actor);
}

/**
 * The same rule as `visibleConsultations`, as a SQL condition on the consultation row `alias`,
 * for reads written as one statement. Translated from `ownCareRecords` itself, so the two
 * cannot drift: a shape it does not know fails loudly instead of matching rows.
 */
export function visibleConsultationsSql(actor: Actor, alias: string): Prisma.Sql {
  const rule = ownCareRecords(actor);
  const c = Prisma.raw(alias);
  if ("clinicianId" in rule) return Prisma.sql`${c}."clinicianId" = ${rule.clinicianId}`;
  if ("patient" in rule) return Prisma.sql`${c}."patientId" IN (SELECT own."id" FROM "Patient" own WHERE own."userId" = ${rule.patient.userId})`;
  if (rule === NO_ROWS) return Prisma.sql`FALSE`;
  if (Object.keys(rule).length === 0) return Prisma.sql`TRUE`;
  throw new Error("visibleConsultationsSql: unknown care-record rule");
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
    const existing = await tx.consultation.findUnique({ where: { id: consultationId }, select: { patientId: true } });
    throw refuseAsMissing("Consultation", actor, existing, { action, entityType: "Consultation", entityId: consultationId });
  }
  return c;
}
