import "server-only";
import { randomUUID } from "node:crypto";
import { createEvent } from "@/lib/realtime/events";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { getVideoProvider } from "@/server/integrations/video";
import { publishAfterCommit } from "@/server/realtime/publish";
import { assertMayEnter, assertNotFinished, assertRole, loadSession, participantName } from "./session-context";

export interface JoinSessionOptions {
  actor: Actor;
  sessionId: string;
  /**
   * false: while the caller's call is open on another device (an open stint that is not
   * `previousStintId`), refuse with reason "open_elsewhere" so the page can ask "Continue
   * here?" first. true (the default): take over at once.
   */
  takeOver?: boolean;
  /** The stint this same tab joined with before a reload: not another device. */
  previousStintId?: string;
  /**
   * This browser is connected to the media room on a waiting connection
   * (`issueWaitingConnection`): admit on it, granting the call's rights in place. When that
   * cannot be done (not connected any more), `admittedInPlace` is false and the browser
   * connects with `connection` as usual.
   */
  waitingConnected?: boolean;
  now?: Date;
}

/**
 * Connection details for the call, for the session's clinician, patient and invited
 * guests once the clinician has started the session (a first admission inside the join
 * window; anyone admitted, and the clinician, rejoin until it ends). Each join
 * opens a stint (join/leave times per connection), so a drop and rejoin keeps both.
 */
export async function joinSession({ actor, sessionId, takeOver = true, previousStintId, waitingConnected = false, now = new Date() }: JoinSessionOptions) {
  const { session, role } = await loadSession(db, actor, sessionId, "session.join");
  assertRole(role, ["CLINICIAN", "PATIENT", "GUEST"], "the clinician, the patient and invited guests");
  assertNotFinished(session);
  const me = session.participants.find((p) => p.userId === actor.userId);
  assertMayEnter(session, role, me, now);
  if (session.status !== "IN_PROGRESS" || (role === "GUEST" && !me?.admittedAt)) {
    throw role === "CLINICIAN"
      ? new AppError("PRECONDITION_FAILED", "Start the session first.", { reason: "session_not_started" })
      : new AppError("PRECONDITION_FAILED", "The clinician has not let you in yet. Please stay in the waiting room.", {
          reason: "waiting_for_clinician",
        });
  }
  if (!takeOver && me) await assertNotOpenElsewhere(me.id, previousStintId);
  const displayName = participantName(session, role, me);
  const stintId = randomUUID();
  const video = getVideoProvider();
  const connection = await video.connectionDetails({
    roomName: session.roomName,
    sessionId,
    identity: actor.userId,
    displayName,
    role,
    joinId: stintId,
  });
  await db.$transaction(async (tx) => {
    const participant = await tx.sessionParticipant.upsert({
      where: { sessionId_userId: { sessionId, userId: actor.userId } },
      create: { sessionId, userId: actor.userId, role, displayName, firstJoinedAt: now, admittedAt: now, arrivedAt: now },
      update: { ...(me?.firstJoinedAt ? {} : { firstJoinedAt: now }), ...(me?.admittedAt ? {} : { admittedAt: now }) },
      select: { id: true },
    });
    // One live connection per participant: a newer join (another device, a reload) ends the
    // person's other open connections; those devices are told and stop.
    await tx.participantStint.updateMany({ where: { participantId: participant.id, leftAt: null }, data: { leftAt: now } });
    await tx.participantStint.create({ data: { participantId: participant.id, joinedAt: now, connectionId: `app:${stintId}` } });
    await recordAudit(tx, actor, {
      action: "session.join",
      entityType: "TelemedicineSession",
      entityId: sessionId,
      patientId: session.visit.patientId,
      metadata: { stintId },
    });
  });
  // After the stint is on record: from here the connection is in the call, reported under it.
  const admittedInPlace =
    waitingConnected && video.capabilities.waitingConnections
      ? await video.admitInPlace({ roomName: session.roomName, identity: actor.userId, role, joinId: stintId })
      : false;
  publishAfterCommit([
    createEvent("participant.takeover", sessionId, { sessionId, userId: actor.userId, stintId, at: now.toISOString() }),
    createEvent("participant.joined", sessionId, { sessionId, userId: actor.userId, role, displayName, at: now.toISOString() }),
  ]);
  return { connection, stintId, role, displayName, admittedInPlace };
}

/** The person's call is open on another device or tab: say so, and how to move it here. */
async function assertNotOpenElsewhere(participantId: string, previousStintId: string | undefined) {
  const open = await db.participantStint.findFirst({
    where: { participantId, leftAt: null, ...(previousStintId ? { NOT: { connectionId: `app:${previousStintId}` } } : {}) },
    select: { id: true },
  });
  if (open) {
    throw new AppError(
      "CONFLICT",
      "This visit is open on another device or tab. Continue here to move the call to this device; the other one will leave the call.",
      {
        reason: "open_elsewhere",
      },
    );
  }
}
