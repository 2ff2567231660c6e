import "server-only";
import { db } from "@/server/db";
import type { SystemActor } from "@/server/audit/actor";
import { getVideoProvider, type VideoProvider } from "@/server/integrations/video";
import { errorForLog, logger } from "@/server/logger";
import { publishAfterCommit } from "@/server/realtime/publish";
import { newRequestId } from "@/server/request-id";
import { completeRunningSession } from "@/server/sessions/complete-session";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { applyEgressState } from "@/server/recordings/apply-egress";
import { recordStintJoined, recordStintLeft } from "./participant-stints";
import { recordAudit, type AuditEntry } from "@/server/audit/record-audit";

function stintAudit(
  action: "session.participant_joined" | "session.participant_left",
  participantId: string,
  session: { id: string; visit: { patientId: string } },
  connectionId: string,
): AuditEntry {
  return {
    action,
    entityType: "SessionParticipant",
    entityId: participantId,
    patientId: session.visit.patientId,
    metadata: { sessionId: session.id, connectionId, repaired: true },
  };
}

// Repairs what a lost LiveKit webhook would have written, from what LiveKit reports now.
// Run by the scheduler (server/scheduler/jobs.ts: { name: "video.reconcile", everyMs: 60_000, run }).
// Every repair goes through the same functions as the webhooks, so running it while
// webhooks arrive, or twice, changes nothing twice.

/** A room or egress younger than this may simply not be visible yet. */
export const RECONCILE_GRACE_MS = 2 * 60_000;

export interface ReconcileSummary {
  sessionsCompleted: number;
  stintsOpened: number;
  stintsClosed: number;
  recordingsRepaired: number;
}

/**
 * `sessionIds` limits a run to those sessions (an operator repairing one visit; the e2e suite,
 * which runs it "minutes later" and must not end other tests' calls). The scheduler passes none.
 */
export async function run(opts: { now: Date; video?: VideoProvider; sessionIds?: string[] }): Promise<ReconcileSummary> {
  const video = opts.video ?? getVideoProvider();
  const summary: ReconcileSummary = { sessionsCompleted: 0, stintsOpened: 0, stintsClosed: 0, recordingsRepaired: 0 };
  if (!video.capabilities.serverRooms) return summary;

  const actor: SystemActor = { system: "scheduler", requestId: newRequestId() };
  const graceEdge = new Date(opts.now.getTime() - RECONCILE_GRACE_MS);
  const events: RealtimeEvent[] = [];

  const liveRooms = new Set((await video.listRooms()).map((room) => room.roomName));
  const running = await db.telemedicineSession.findMany({
    where: { status: "IN_PROGRESS", provider: video.name, ...(opts.sessionIds ? { id: { in: opts.sessionIds } } : {}) },
    select: { id: true, roomName: true, startedAt: true, visit: { select: { patientId: true } } },
  });

  for (const session of running) {
    try {
      if (!liveRooms.has(session.roomName)) {
        // room_finished was lost (or the room never came back after a LiveKit restart).
        if (session.startedAt && session.startedAt > graceEdge) continue;
        const { completed, events: out } = await db.$transaction((tx) =>
          completeRunningSession(tx, { sessionId: session.id, endedAt: opts.now, actor, reason: "room_gone" }),
        );
        if (completed) summary.sessionsCompleted += 1;
        events.push(...out);
        continue;
      }
      const repaired = await reconcileParticipants(video, session, opts.now, graceEdge, actor);
      summary.stintsOpened += repaired.opened;
      summary.stintsClosed += repaired.closed;
    } catch (error) {
      logger.error({ error: errorForLog(error), sessionId: session.id }, "video.reconcile_session_failed");
    }
  }

  const unsettled = await db.recording.findMany({
    where: { status: { in: ["STARTING", "ACTIVE"] }, createdAt: { lt: graceEdge }, ...(opts.sessionIds ? { sessionId: { in: opts.sessionIds } } : {}) },
    select: { id: true, egressId: true, sessionId: true, session: { select: { visit: { select: { patientId: true } } } } },
  });
  for (const recording of unsettled) {
    try {
      if (!recording.egressId) {
        // The start request died between claiming the slot and reaching the provider.
        const { count } = await db.recording.updateMany({
          where: { id: recording.id, egressId: null, status: "STARTING" },
          data: { status: "FAILED", activeKey: null, endedAt: opts.now, error: "start_interrupted" },
        });
        summary.recordingsRepaired += count;
        continue;
      }
      const [egress] = await video.listRecordings({ egressId: recording.egressId });
      const state = egress ?? {
        egressId: recording.egressId,
        roomName: "",
        status: "FAILED" as const,
        startedAt: null,
        endedAt: opts.now,
        error: "egress_unknown_to_provider",
        file: null,
      };
      const applied = await db.$transaction((tx) =>
        applyEgressState(tx, { sessionId: recording.sessionId, patientId: recording.session.visit.patientId, egress: state, at: opts.now, actor }),
      );
      if (applied.events.length > 0 || applied.status === "COMPLETED" || applied.status === "FAILED") summary.recordingsRepaired += 1;
      events.push(...applied.events);
    } catch (error) {
      logger.error({ error: errorForLog(error), recordingId: recording.id }, "video.reconcile_recording_failed");
    }
  }

  publishAfterCommit(events);
  return summary;
}

async function reconcileParticipants(
  video: VideoProvider,
  session: { id: string; roomName: string; visit: { patientId: string } },
  now: Date,
  graceEdge: Date,
  actor: SystemActor,
): Promise<{ opened: number; closed: number }> {
  const inRoom = await video.listParticipants({ roomName: session.roomName });
  const present = new Set(inRoom.map((p) => p.connectionId));
  const participants = await db.sessionParticipant.findMany({
    where: { sessionId: session.id },
    select: { id: true, userId: true, stints: { where: { leftAt: null }, select: { id: true, connectionId: true, joinedAt: true } } },
  });
  const byUser = new Map(participants.map((p) => [p.userId, p]));

  let closed = 0;
  const openConnections = new Set<string>();
  for (const participant of participants) {
    for (const stint of participant.stints) {
      if (stint.connectionId) openConnections.add(stint.connectionId);
      // Gone from the room, and not just joined: participant_left was lost.
      if (stint.connectionId && !present.has(stint.connectionId) && stint.joinedAt < graceEdge) {
        const connectionId = stint.connectionId;
        await db.$transaction(async (tx) => {
          // connected: false leaves the stint's own connected time as it was.
          await recordStintLeft(tx, { participantId: participant.id, connectionId, joinedAt: stint.joinedAt, connected: false, leftAt: now });
          await recordAudit(tx, actor, stintAudit("session.participant_left", participant.id, session, connectionId));
        });
        closed += 1;
      }
    }
  }

  let opened = 0;
  for (const p of inRoom) {
    const participant = byUser.get(p.identity);
    if (!participant || openConnections.has(p.connectionId)) continue;
    const known = await db.participantStint.count({ where: { participantId: participant.id, connectionId: p.connectionId } });
    if (known > 0) continue;
    // participant_joined was lost.
    await db.$transaction(async (tx) => {
      await recordStintJoined(tx, { participantId: participant.id, connectionId: p.connectionId, joinedAt: p.joinedAt ?? now, connected: true });
      await recordAudit(tx, actor, stintAudit("session.participant_joined", participant.id, session, p.connectionId));
    });
    opened += 1;
  }
  return { opened, closed };
}
