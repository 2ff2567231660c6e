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
  const trimmed = notes?.trim();
  const result = await db.$transaction(async (tx) => {
    // The same completion LiveKit's room_finished webhook and the reconciler use: a
    // conditional UPDATE, so of several concurrent ends exactly one completes the session.
    // The draft typed during the call becomes the record's notes (or is discarded with them)
    // in that same statement.
    const completion = await completeRunningSession(tx, {
      sessionId,
      endedAt: now,
      actor,
      reason: "ended_by_clinician",
      endedById: actor.userId,
      clinicianNotes: { notes: trimmed || null },
    });
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
    return {
      status: "COMPLETED" as const,
      endedAt: now,
      durationSeconds: completion.durationSeconds ?? 0,
      charged: billing?.charged ?? false,
    };
  });
  publishAfterCommit(events);
  void announceClinicianBusyChanged(session.visit.clinicianId, sessionId, now);
  // Everyone is disconnected from the media room. The clinician's answer does not wait for
  // the provider (an API call to LiveKit); a failure there must not undo the ending and is
  // logged, as before. Each page leaves the call on the session.status event anyway.
  void getVideoProvider()
    .closeRoom({ roomName: session.roomName })
    .catch((error: unknown) => logger.warn({ error: errorForLog(error), sessionId }, "video.close_room_failed"));
  return result;
}
