import "server-only";
import { createEvent, type RealtimeEvent } from "@/lib/realtime/events";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { getVideoProvider } from "@/server/integrations/video";
import { publishAfterCommit } from "@/server/realtime/publish";
import { announceClinicianBusyChanged } from "@/server/waiting-room/announce-waiting-changes";
import { assertNotFinished, assertRole, loadSession, sessionJoinWindow } from "./session-context";
import { joinWindowState } from "@/lib/join-window";

/**
 * The clinician starts the session, admitting whoever is waiting. Starting a session that
 * is already running is a no-op (a double click, a retry).
 */
export async function startSession({ actor, sessionId, now = new Date() }: { actor: Actor; sessionId: string; now?: Date }) {
  const { session: pre, role } = await loadSession(db, actor, sessionId, "session.start");
  assertRole(role, ["CLINICIAN"], "the visit's clinician");
  assertNotFinished(pre);
  if (pre.visit.status !== "OPEN") {
    throw new AppError("PRECONDITION_FAILED", "This visit is closed. Reopen it to start a video session.", { reason: "visit_closed" });
  }
  // Starting admits the waiting patient: a first admission, so inside the join window.
  if (pre.status === "SCHEDULED") {
    const window = sessionJoinWindow(pre);
    const state = joinWindowState(window, now);
    if (state !== "open") {
      throw new AppError(
        "PRECONDITION_FAILED",
        state === "early"
          ? `It is too early to start: the visit opens at ${window.opensAt.toISOString()}.`
          : "The join window for this consultation has closed, so the patient can no longer be admitted. Reschedule it to see the patient.",
        {
          reason: state === "early" ? "join_window_not_open" : "join_window_closed",
          details: { opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() },
        },
      );
    }
  }
  // The media room exists before anyone is let in (no-op for peer-to-peer).
  await getVideoProvider().prepareRoom({ sessionId, roomName: pre.roomName });

  const events: RealtimeEvent[] = [];
  const result = await db.$transaction(async (tx) => {
    const started = await tx.telemedicineSession.updateMany({
      where: { id: sessionId, status: "SCHEDULED" },
      data: { status: "IN_PROGRESS", startedAt: now, seq: { increment: 1 } },
    });
    const s = await tx.telemedicineSession.findUniqueOrThrow({ where: { id: sessionId }, select: { status: true, seq: true, startedAt: true } });
    if (started.count === 0) return { status: s.status, startedAt: s.startedAt, alreadyStarted: true };
    await tx.sessionParticipant.updateMany({ where: { sessionId, arrivedAt: { not: null }, admittedAt: null }, data: { admittedAt: now } });
    if (pre.consultationId) {
      await tx.consultation.update({ where: { id: pre.consultationId }, data: { status: "IN_PROGRESS" } });
      events.push(createEvent("consultation.updated", pre.visit.patientId, { consultationId: pre.consultationId, status: "IN_PROGRESS" }));
    }
    await recordAudit(tx, actor, { action: "session.start", entityType: "TelemedicineSession", entityId: sessionId, patientId: pre.visit.patientId });
    events.push(createEvent("session.status", sessionId, { sessionId, status: "IN_PROGRESS", seq: s.seq }));
    return { status: s.status, startedAt: s.startedAt, alreadyStarted: false };
  });
  publishAfterCommit(events);
  if (!result.alreadyStarted) void announceClinicianBusyChanged(pre.visit.clinicianId, sessionId, now);
  return result;
}
