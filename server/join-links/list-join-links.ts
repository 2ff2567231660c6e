import "server-only";
import { db } from "@/server/db";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { findJoinLinkConsultation, findJoinLinkSession } from "@/server/access/join-link-access";

/** The join links issued for a consultation or session, for its clinician: who, until when, used or not. */
export async function listJoinLinks({
  actor,
  consultationId,
  sessionId,
  now = new Date(),
}: {
  actor: Actor;
  consultationId?: string;
  sessionId?: string;
  now?: Date;
}) {
  const scope = consultationId
    ? { patientId: (await findJoinLinkConsultation(db, actor, consultationId)).patientId, where: { consultationId } }
    : { patientId: (await findJoinLinkSession(db, actor, sessionId!)).visit.patientId, where: { sessionId: sessionId! } };
  return db.$transaction(async (tx) => {
    const links = await tx.joinLink.findMany({
      where: scope.where,
      orderBy: { createdAt: "desc" },
      take: 100,
      select: { id: true, userId: true, role: true, createdAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true, useCount: true },
    });
    const users = await tx.user.findMany({ where: { id: { in: [...new Set(links.map((l) => l.userId))] } }, select: { id: true, name: true, email: true } });
    const byId = new Map(users.map((u) => [u.id, u]));
    await recordAudit(tx, actor, {
      action: "join_link.list",
      entityType: consultationId ? "Consultation" : "TelemedicineSession",
      entityId: consultationId ?? sessionId ?? null,
      patientId: scope.patientId,
    });
    return links.map((l) => ({
      ...l,
      invitee: { id: l.userId, name: byId.get(l.userId)?.name ?? byId.get(l.userId)?.email ?? "Unknown" },
      active: !l.revokedAt && l.expiresAt > now,
    }));
  });
}
