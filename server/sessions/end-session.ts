import "server-only";
import { createEvent, type RealtimeEvent } from "@/lib/realtime/events";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { chargeSessionTelemedicine } from "@/server/billing/charge-session";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { getVideoProvider } from "@/server/integrations/video";
import { logger, errorForLog } from "@/server/logger";
import { publishAfterCommit } from "@/server/realtime/publish";
import { notifySessionSummary } from "@/server/notifications/session-notifications";
import { assertNotFinished, assertRole, loadSession } from "./session-context";

export interface EndSessionOptions {
  actor: Actor;
  sessionId: string;
  notes?: string;
  addToBill: boolean;
  now?: Date;
}

/**
 * The clinician ends the call: the session is completed (and from then on immutable), its
 * duration recorded, every open stint closed, the consultation completed and, if asked, the
 * telemedicine service charged to the visit. Concurrent ends complete it once; the others
 * are told it has already ended.
 */
export async function endSession({ actor, sessionId, notes, addToBill, now = new Date() }: EndSessionOptions) {
  const events: RealtimeEvent[] = [];
  const result = await db.$transaction(async (tx) => {
    const { session, role } = await loadSession(tx, actor, sessionId, "session.end");
    assertRole(role, ["CLINICIAN"], "the visit's clinician");
    assertNotFinished(session);
    if (session.status !== "IN_PROGRESS" || !session.startedAt) {
      throw new AppError("PRECONDITION_FAILED", "This session has not started. Cancel the consultation instead if it will not take place.", {
        reason: "session_not_started",
      });
    }
    const durationSeconds = Math.max(0, Math.round((now.getTime() - session.startedAt.getTime()) / 1000));
    // The WHERE on status makes one of several concurrent ends the winner.
    const completed = await tx.telemedicineSession.updateMany({
      where: { id: sessionId, status: "IN_PROGRESS" },
      data: {
        status: "COMPLETED",
        endedAt: now,
        durationSeconds,
        notes: notes?.trim() ? notes.trim() : session.notes,
        endedById: actor.userId,
        seq: { increment: 1 },
      },
    });
    if (completed.count === 0) {
      throw new AppError("PRECONDITION_FAILED", "This session has already ended.", { reason: "session_completed" });
    }
    await tx.participantStint.updateMany({ where: { participant: { sessionId }, leftAt: null }, data: { leftAt: now } });
    await tx.sessionParticipant.updateMany({ where: { sessionId, firstJoinedAt: { not: null } }, data: { lastLeftAt: now } });
    if (session.consultationId) {
      await tx.consultation.update({ where: { id: session.consultationId }, data: { status: "COMPLETED" } });
      events.push(createEvent("consultation.updated", session.visit.patientId, { consultationId: session.consultationId, status: "COMPLETED" }));
    }
    const billing = addToBill
      ? await chargeSessionTelemedicine(tx, actor, { sessionId, visitId: session.visitId, patientId: session.visit.patientId })
      : null;
    await notifySessionSummary(tx, { sessionId });
    await recordAudit(tx, actor, {
      action: "session.end",
      entityType: "TelemedicineSession",
      entityId: sessionId,
      patientId: session.visit.patientId,
      metadata: { durationSeconds, addToBill },
    });
    events.push(createEvent("session.status", sessionId, { sessionId, status: "COMPLETED", seq: session.seq + 1 }));
    return { status: "COMPLETED" as const, endedAt: now, durationSeconds, charged: billing?.charged ?? false, roomName: session.roomName };
  });
  publishAfterCommit(events);
  // Everyone is disconnected from the media room; failure here must not undo the ending.
  await getVideoProvider()
    .closeRoom({ roomName: result.roomName })
    .catch((error: unknown) => logger.warn({ error: errorForLog(error), sessionId }, "video.close_room_failed"));
  const { roomName: _roomName, ...rest } = result;
  return rest;
}
