import "server-only";
import { signalChannel } from "@/lib/realtime/channels";
import { createEvent } from "@/lib/realtime/events";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { publishAfterCommit, realtime } from "@/server/realtime/publish";
import { assertRole, loadSession } from "./session-context";

/**
 * A connection younger than this may not have subscribed to the signalling channel yet:
 * its absence there proves nothing, so it is left alone.
 */
export const PRESENCE_GRACE_MS = 5_000;

export interface RecordPresenceDropOptions {
  actor: Actor;
  sessionId: string;
  /** The participant whose membership of the call's presence channel dropped. */
  userId: string;
  now?: Date;
}

/**
 * Peer-to-peer calls: a participant's tab that vanished without saying so (killed, network
 * gone) drops out of the session's presence channel, and the others' pages see it. Any
 * participant may report it, but the report is only a prompt: the realtime server itself is
 * asked who is on the channel, and only a person it no longer lists has their open connection
 * ended (at the time of the check). A forged report about someone still there changes nothing.
 */
export async function recordPresenceDrop({ actor, sessionId, userId, now = new Date() }: RecordPresenceDropOptions) {
  const { session, role } = await loadSession(db, actor, sessionId, "session.presence_drop");
  assertRole(role, ["CLINICIAN", "PATIENT", "GUEST"], "participants");
  const target = session.participants.find((p) => p.userId === userId);
  // LiveKit reports its own connections (webhooks); a finished session closed every stint.
  if (session.provider !== "P2P" || session.status !== "IN_PROGRESS" || !target) return { ended: false, checked: true };

  // Unknown (the realtime server did not answer) records nothing; the page asks again.
  const members = await realtime().presenceMembers?.(signalChannel(sessionId));
  if (!members) return { ended: false, checked: false };
  if (members.includes(userId)) return { ended: false, checked: true };

  const ended = await db.$transaction(async (tx) => {
    const { count } = await tx.participantStint.updateMany({
      where: { participantId: target.id, leftAt: null, joinedAt: { lt: new Date(now.getTime() - PRESENCE_GRACE_MS) } },
      data: { leftAt: now },
    });
    if (count === 0) return false;
    await tx.sessionParticipant.update({ where: { id: target.id }, data: { lastLeftAt: now } });
    await recordAudit(tx, actor, {
      action: "session.presence_drop",
      entityType: "TelemedicineSession",
      entityId: sessionId,
      patientId: session.visit.patientId,
      metadata: { userId, stints: count },
    });
    return true;
  });
  if (ended) {
    publishAfterCommit([
      createEvent("participant.left", sessionId, { sessionId, userId, role: target.role, displayName: target.displayName, at: now.toISOString() }),
    ]);
  }
  return { ended, checked: true };
}
