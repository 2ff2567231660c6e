import "server-only";
import { createEvent, type RealtimeEvent } from "@/lib/realtime/events";
import type { Actor } from "@/server/audit/actor";
import { chargeSessionTelemedicine } from "@/server/billing/charge-session";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { getVideoProvider } from "@/server/integrations/video";
import { logger, errorForLog } from "@/server/logger";
import { publishAfterCommit } from "@/server/realtime/publish";
import { announceClinicianBusyChanged } from "@/server/waiting-room/announce-waiting-changes";
import { notifySessionSummary } from "@/server/notifications/session-notifications";
import { completeRunningSession } from "./complete-session";
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
  // Looked up and checked before the transaction, which then holds only the writes: the
  // completion below is a conditional UPDATE, so a session ended meanwhile is still caught.
  const { session, role } = await loadSession(db, actor, sessionId, "session.end");
  assertRole(role, ["CLINICIAN"], "the visit's clinician");
  assertNotFinished(session);
  if (session.status !== "IN_PROGRESS" || !session.startedAt) {
    throw new AppError("PRECONDITION_FAILED", "This session has not started. Cancel the consultation instead if it will not take place.", {
      reason: "session_not_started",
    });
  }
  const result = await db.$transaction(async (tx) => {
    // Notes first, while the session may still change; completing makes it immutable.
    const trimmed = notes?.trim();
    // The draft typed during the call becomes the record's notes (or is discarded with them).
    await tx.telemedicineSession.updateMany({
      where: { id: sessionId, status: "IN_PROGRESS" },
      data: { notesDraft: null, notesDraftSavedAt: null, ...(trimmed ? { notes: trimmed } : {}) },
    });
    // The same completion LiveKit's room_finished webhook and the reconciler use: a
    // conditional UPDATE, so of several concurrent ends exactly one completes the session.
    const completion = await completeRunningSession(tx, { sessionId, endedAt: now, actor, reason: "ended_by_clinician", endedById: actor.userId });
    if (!completion.completed) {
      throw new AppError("PRECONDITION_FAILED", "This session has already ended.", { reason: "session_completed" });
    }
    events.push(...completion.events);
    await tx.sessionParticipant.updateMany({ where: { sessionId, firstJoinedAt: { not: null } }, data: { lastLeftAt: now } });
    if (session.consultationId) {
      events.push(createEvent("consultation.updated", session.visit.patientId, { consultationId: session.consultationId, status: "COMPLETED" }));
    }
    const billing = addToBill ? await chargeSessionTelemedicine(tx, actor, { sessionId, visitId: session.visitId, patientId: session.visit.patientId }) : null;
    await notifySessionSummary(tx, { sessionId });
    const { durationSeconds } = await tx.telemedicineSession.findUniqueOrThrow({ where: { id: sessionId }, select: { durationSeconds: true } });
    return {
      status: "COMPLETED" as const,
      endedAt: now,
      durationSeconds: durationSeconds ?? 0,
      charged: billing?.charged ?? false,
      roomName: session.roomName,
    };
  });
  publishAfterCommit(events);
  void announceClinicianBusyChanged(session.visit.clinicianId, sessionId, now);
  // Everyone is disconnected from the media room; failure here must not undo the ending.
  await getVideoProvider()
    .closeRoom({ roomName: result.roomName })
    .catch((error: unknown) => logger.warn({ error: errorForLog(error), sessionId }, "video.close_room_failed"));
  const { roomName: _roomName, ...rest } = result;
  return rest;
}
