import "server-only";
import { createEvent } from "@/lib/realtime/events";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { publishAfterCommit } from "@/server/realtime/publish";
import { assertNotFinished, assertRole, loadSession } from "@/server/sessions/session-context";
import { estimateWaitFor } from "./get-waiting-status";

/**
 * The clinician's one-click "running late, about N min": kept with the session and shown
 * live on the waiting screen of whoever waits for it (and of anyone who arrives later).
 */
export async function sendRunningLate({ actor, sessionId, minutes, now = new Date() }: { actor: Actor; sessionId: string; minutes: number; now?: Date }) {
  // Checked before the transaction, which then holds only the two writes.
  const { session, role } = await loadSession(db, actor, sessionId, "session.running_late");
  assertRole(role, ["CLINICIAN"], "the visit's clinician");
  assertNotFinished(session);
  if (session.status !== "SCHEDULED") {
    throw new AppError("PRECONDITION_FAILED", "This visit has already started, so nobody is waiting for it.", { reason: "session_started" });
  }
  // What the waiting screen will say with this notice, sent in the event: the patient sees it
  // when the event arrives instead of fetching their status again after it (under load that
  // fetch took longer than the notice itself).
  const status = await estimateWaitFor(session, { sentAt: now, minutes }, now);
  const notice = await db.$transaction(async (tx) => {
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
      status: {
        state: status.state,
        expectedAt: status.expectedAt?.toISOString() ?? null,
        minutes: status.minutes,
        late: status.late && { sentAt: status.late.sentAt.toISOString(), minutes: status.late.minutes, until: status.late.until.toISOString() },
      },
    }),
  ]);
  return {
    id: notice.id,
    minutes,
    sentAt: notice.createdAt,
    until: new Date(notice.createdAt.getTime() + minutes * 60_000),
  };
}
