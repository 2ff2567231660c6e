import "server-only";
import type { AnyActor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import type { Tx } from "@/server/db";
import { joinWindowAt } from "./join-window-policy";

/** A consultation's join links stop working when its join window closes. */
export function consultationLinkExpiry(scheduledStart: Date): Date {
  return joinWindowAt(scheduledStart).closesAt;
}

interface Change {
  consultationId: string;
  patientId: string;
  actor: AnyActor;
  now: Date;
}

/**
 * A consultation moved: the patient's earlier links stop working (the rescheduling email
 * carries a new one); guests keep theirs, valid until the new window closes.
 */
export async function moveConsultationJoinLinks(tx: Tx, { consultationId, patientId, actor, now, scheduledStart }: Change & { scheduledStart: Date }) {
  const revoked = await tx.joinLink.updateMany({ where: { consultationId, role: "PATIENT", revokedAt: null }, data: { revokedAt: now } });
  await tx.joinLink.updateMany({ where: { consultationId, role: "GUEST", revokedAt: null }, data: { expiresAt: consultationLinkExpiry(scheduledStart) } });
  if (revoked.count) {
    await recordAudit(tx, actor, {
      action: "join_link.revoke",
      entityType: "Consultation",
      entityId: consultationId,
      patientId,
      metadata: { reason: "rescheduled", links: revoked.count },
    });
  }
  return { revoked: revoked.count };
}

/** A consultation was cancelled: every join link for it stops working. */
export async function revokeConsultationJoinLinks(tx: Tx, { consultationId, patientId, actor, now }: Change) {
  const revoked = await tx.joinLink.updateMany({ where: { consultationId, revokedAt: null }, data: { revokedAt: now } });
  if (revoked.count) {
    await recordAudit(tx, actor, {
      action: "join_link.revoke",
      entityType: "Consultation",
      entityId: consultationId,
      patientId,
      metadata: { reason: "cancelled", links: revoked.count },
    });
  }
  return { revoked: revoked.count };
}
