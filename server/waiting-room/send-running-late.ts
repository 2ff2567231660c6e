import "server-only";
import { createEvent } from "@/lib/realtime/events";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { publishAfterCommit } from "@/server/realtime/publish";
import { assertNotFinished, assertRole, loadSession } from "@/server/sessions/session-context";

/**
 * The clinician's one-click "running late, about N min": kept with the session and shown
 * live on the waiting screen of whoever waits for it (and of anyone who arrives later).
 */
export async function sendRunningLate({ actor, sessionId, minutes, now = new Date() }: { actor: Actor; sessionId: string; minutes: number; now?: Date }) {
  const notice = await db.$transaction(async (tx) => {
    const { session, role } = await loadSession(tx, actor, sessionId, "session.running_late");
    assertRole(role, ["CLINICIAN"], "the visit's clinician");
    assertNotFinished(session);
    if (session.status !== "SCHEDULED") {
      throw new AppError("PRECONDITION_FAILED", "This visit has already started, so nobody is waiting for it.", { reason: "session_started" });
    }
    const created = await tx.waitingRoomNotice.create({
      data: {
        sessionId,
        senderId: actor.userId,
        kind: "RUNNING_LATE",
        lateMinutes: minutes,
        createdAt: now,
      },
      select: { id: true, createdAt: true, lateMinutes: true },
    });
    await recordAudit(tx, actor, {
      action: "session.running_late",
      entityType: "WaitingRoomNotice",
      entityId: created.id,
      patientId: session.visit.patientId,
      metadata: { sessionId, minutes },
    });
    return created;
  });
  publishAfterCommit([
    createEvent("waiting.updated", sessionId, {
      sessionId,
      at: now.toISOString(),
    }),
  ]);
  return {
    id: notice.id,
    minutes,
    sentAt: notice.createdAt,
    until: new Date(notice.createdAt.getTime() + minutes * 60_000),
  };
}
