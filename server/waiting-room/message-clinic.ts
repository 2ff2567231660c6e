import "server-only";
import { createEvent } from "@/lib/realtime/events";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { publishAfterCommit } from "@/server/realtime/publish";
import { assertNotFinished, assertRole, loadSession, participantName } from "@/server/sessions/session-context";

/** Enough for a real conversation from a waiting room, not for flooding the clinic. */
export const WAITING_MESSAGES_PER_PERSON = 10;

/**
 * A waiting patient or guest writes to the clinic ("I'm on a train, audio only", "running
 * 5 min late"). Stored with the session and audited; the clinician sees it where they see
 * the waiting person (Today list, the session lobby) and gets a notice on any page.
 */
export async function messageClinic({ actor, sessionId, body, now = new Date() }: { actor: Actor; sessionId: string; body: string; now?: Date }) {
  const result = await db.$transaction(async (tx) => {
    const { session, role } = await loadSession(tx, actor, sessionId, "session.waiting_message");
    assertRole(role, ["PATIENT", "GUEST"], "the patient or an invited guest");
    assertNotFinished(session);
    const me = session.participants.find((p) => p.userId === actor.userId);
    if (!me?.arrivedAt) {
      throw new AppError("PRECONDITION_FAILED", "Come into the waiting room first; then you can write to the clinic.", { reason: "not_waiting" });
    }
    const sent = await tx.waitingRoomNotice.count({
      where: { sessionId, senderId: actor.userId, kind: "MESSAGE_TO_CLINIC" },
    });
    if (sent >= WAITING_MESSAGES_PER_PERSON) {
      throw new AppError("TOO_MANY_REQUESTS", "You have sent the most messages the waiting room allows. Please call the clinic if it is urgent.", {
        reason: "waiting_messages_limit",
      });
    }
    const created = await tx.waitingRoomNotice.create({
      data: {
        sessionId,
        senderId: actor.userId,
        kind: "MESSAGE_TO_CLINIC",
        body,
        createdAt: now,
      },
      select: { id: true, body: true, createdAt: true },
    });
    await recordAudit(tx, actor, {
      action: "session.waiting_message",
      entityType: "WaitingRoomNotice",
      entityId: created.id,
      patientId: session.visit.patientId,
      metadata: { sessionId },
    });
    return {
      created,
      clinicianId: session.visit.clinicianId,
      displayName: participantName(session, role, me),
    };
  });
  publishAfterCommit([
    createEvent("waiting.message", result.clinicianId, {
      sessionId,
      noticeId: result.created.id,
      displayName: result.displayName,
      at: now.toISOString(),
    }),
  ]);
  return {
    id: result.created.id,
    body: result.created.body ?? "",
    createdAt: result.created.createdAt,
  };
}
