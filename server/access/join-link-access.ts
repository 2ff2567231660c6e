import "server-only";
import type { Actor } from "@/server/audit/actor";
import type { DbOrTx } from "@/server/db";
import { refuseAsMissing } from "./refusal";
import { NO_ROWS } from "./roles";

/**
 * The consultation an actor may manage join links for: its clinician (or the visit's), or an
 * admin. Anyone else gets exactly what a missing consultation gives, and the refusal is audited.
 */
export async function findJoinLinkConsultation(tx: DbOrTx, actor: Actor, consultationId: string) {
  const mine =
    actor.role === "ADMIN" ? {} : actor.role === "CLINICIAN" ? { OR: [{ clinicianId: actor.userId }, { visit: { clinicianId: actor.userId } }] } : NO_ROWS;
  const c = await tx.consultation.findFirst({
    where: { AND: [{ id: consultationId }, mine] },
    select: { id: true, patientId: true, status: true, scheduledStart: true, patient: { select: { userId: true } } },
  });
  if (!c) {
    const existing = await tx.consultation.findUnique({ where: { id: consultationId }, select: { patientId: true } });
    throw refuseAsMissing("Consultation", actor, existing, { action: "join_link.manage", entityType: "Consultation", entityId: consultationId });
  }
  return c;
}

export async function findJoinLinkSession(tx: DbOrTx, actor: Actor, sessionId: string) {
  const mine =
    actor.role === "ADMIN"
      ? {}
      : actor.role === "CLINICIAN"
        ? { OR: [{ visit: { clinicianId: actor.userId } }, { consultation: { clinicianId: actor.userId } }] }
        : NO_ROWS;
  const s = await tx.telemedicineSession.findFirst({
    where: { AND: [{ id: sessionId }, mine] },
    select: { id: true, consultationId: true, status: true, visit: { select: { patientId: true } } },
  });
  if (!s) {
    const exists = await tx.telemedicineSession.findUnique({ where: { id: sessionId }, select: { visit: { select: { patientId: true } } } });
    throw refuseAsMissing("Session", actor, exists?.visit, { action: "join_link.manage", entityType: "TelemedicineSession", entityId: sessionId });
  }
  return s;
}
