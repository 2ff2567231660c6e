import "server-only";
import { db, type DbOrTx } from "@/server/db";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { isAppError, notFound } from "@/server/errors";
import { findJoinLinkConsultation, findJoinLinkSession } from "@/server/access/join-link-access";

async function scopeOf(tx: DbOrTx, actor: Actor, link: { consultationId: string | null; sessionId: string | null }) {
  if (link.consultationId) {
    const c = await findJoinLinkConsultation(tx, actor, link.consultationId);
    return { patientId: c.patientId };
  }
  const s = await findJoinLinkSession(tx, actor, link.sessionId!);
  return { patientId: s.visit.patientId };
}

/** Withdraw one join link: it stops working at once (the GET page says so, the POST refuses). */
export async function revokeJoinLink({ actor, joinLinkId, now = new Date() }: { actor: Actor; joinLinkId: string; now?: Date }) {
  const link = await db.joinLink.findUnique({ where: { id: joinLinkId }, select: { id: true, consultationId: true, sessionId: true, revokedAt: true } });
  if (!link) throw notFound("Join link");
  // Access first, outside the write transaction, so a refusal is audited on its own. Someone
  // else's link answers exactly like a missing one (not "Consultation not found").
  const { patientId } = await scopeOf(db, actor, link).catch((error: unknown) => {
    // Keep the refusal (audited by the transport) while naming the link, not its consultation.
    throw isAppError(error) && error.code === "NOT_FOUND" ? notFound("Join link", error.denied) : error;
  });
  return db.$transaction(async (tx) => {
    const { count } = await tx.joinLink.updateMany({ where: { id: link.id, revokedAt: null }, data: { revokedAt: now } });
    await recordAudit(tx, actor, { action: "join_link.revoke", entityType: "JoinLink", entityId: link.id, patientId });
    return { revoked: count };
  });
}

/**
 * Withdraw every join link one person holds for a consultation or session, and end the
 * browser sessions those links opened for that visit: the person is out until invited again.
 */
export async function revokeInviteeAccess({
  actor,
  consultationId,
  sessionId,
  userId,
  now = new Date(),
}: {
  actor: Actor;
  consultationId?: string;
  sessionId?: string;
  userId: string;
  now?: Date;
}) {
  let patientId: string;
  let sessionIds: string[];
  if (consultationId) {
    const c = await findJoinLinkConsultation(db, actor, consultationId);
    patientId = c.patientId;
    sessionIds = (await db.telemedicineSession.findMany({ where: { consultationId }, select: { id: true } })).map((s) => s.id);
  } else if (sessionId) {
    const s = await findJoinLinkSession(db, actor, sessionId);
    patientId = s.visit.patientId;
    sessionIds = [s.id];
  } else {
    throw notFound("Consultation");
  }
  return db.$transaction(async (tx) => {
    const links = await tx.joinLink.updateMany({
      where: {
        userId,
        revokedAt: null,
        OR: [...(consultationId ? [{ consultationId }] : []), ...(sessionIds.length ? [{ sessionId: { in: sessionIds } }] : [])],
      },
      data: { revokedAt: now },
    });
    const sessions = sessionIds.length
      ? await tx.authSession.updateMany({
          where: { userId, method: "join-link", scopeSessionId: { in: sessionIds }, revokedAt: null },
          data: { revokedAt: now, revokeReason: "join_link_revoked" },
        })
      : { count: 0 };
    await recordAudit(tx, actor, {
      action: "join_link.revoke_invitee",
      entityType: consultationId ? "Consultation" : "TelemedicineSession",
      entityId: consultationId ?? sessionId ?? null,
      patientId,
      metadata: { inviteeId: userId, links: links.count, signIns: sessions.count },
    });
    return { revokedLinks: links.count, endedSignIns: sessions.count };
  });
}
