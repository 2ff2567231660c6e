import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { assertRole, loadSession } from "./session-context";

/**
 * The participant's browser reports that media is flowing on this join (its first peer
 * connection, or the media server, reached "connected"): the stint opened by the join is
 * marked connected, once. This is what the admin statistics count as a join that
 * connected; LiveKit's webhooks say the same for LiveKit calls. Only the participant's own,
 * still open stint can be marked; anything else changes nothing.
 */
export async function markStintConnected({ actor, sessionId, stintId, now = new Date() }: { actor: Actor; sessionId: string; stintId: string; now?: Date }) {
  return db.$transaction(async (tx) => {
    const { session, role } = await loadSession(tx, actor, sessionId, "session.media_connected");
    assertRole(role, ["CLINICIAN", "PATIENT", "GUEST"], "participants");
    const me = session.participants.find((p) => p.userId === actor.userId);
    if (!me) return { recorded: false };
    const { count } = await tx.participantStint.updateMany({
      where: { participantId: me.id, connectionId: `app:${stintId}`, connectedAt: null, leftAt: null },
      data: { connectedAt: now },
    });
    if (count > 0) {
      await recordAudit(tx, actor, {
        action: "session.media_connected",
        entityType: "TelemedicineSession",
        entityId: sessionId,
        patientId: session.visit.patientId,
        metadata: { stintId },
      });
    }
    return { recorded: count > 0 };
  });
}
