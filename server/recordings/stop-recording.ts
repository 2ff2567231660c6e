import "server-only";
import { db } from "@/server/db";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import type { RecordingStatus } from "@/server/generated/prisma/enums";
import { getVideoProvider, type VideoProvider } from "@/server/integrations/video";
import { publishAfterCommit } from "@/server/realtime/publish";
import { createEvent } from "@/lib/realtime/events";
import { findVideoSession } from "@/server/access/session-access";
import { requireVisitClinician } from "@/server/access/recording-access";

export interface StopRecordingResult {
  /** Null when nothing was recording (stopping twice is not an error). */
  recordingId: string | null;
  status: RecordingStatus | null;
}

/**
 * Stops the session's active recording. The provider stops first, then the row gives up
 * the session's active slot; the file's details arrive with LiveKit's egress_ended webhook
 * (or the reconciler), which marks the recording COMPLETED.
 */
export async function stopRecording(opts: { actor: Actor; sessionId: string; video?: VideoProvider }): Promise<StopRecordingResult> {
  const { actor, sessionId } = opts;
  const video = opts.video ?? getVideoProvider();

  const session = await findVideoSession(db, actor, sessionId, "recording.stop");
  requireVisitClinician(actor, session, "recording.stop");

  const active = await db.recording.findUnique({ where: { activeKey: sessionId }, select: { id: true, egressId: true, status: true } });
  if (!active) return { recordingId: null, status: null };

  if (active.egressId) {
    try {
      await video.stopRecording({ egressId: active.egressId });
    } catch (error) {
      // Already ended on the provider's side (e.g. the patient left): nothing left to stop.
      const [state] = await video.listRecordings({ egressId: active.egressId }).catch(() => []);
      const ended = state && ["COMPLETE", "FAILED", "ABORTED", "LIMIT_REACHED"].includes(state.status);
      if (!ended) throw error;
    }
  }

  const endedAt = new Date();
  const released = await db.$transaction(async (tx) => {
    const { count } = await tx.recording.updateMany({
      where: { id: active.id, activeKey: sessionId },
      data: { activeKey: null, endedAt, ...(active.egressId ? {} : { status: "FAILED", error: "stopped_before_start" }) },
    });
    if (count === 0) return false;
    await recordAudit(tx, actor, {
      action: "recording.stop",
      entityType: "Recording",
      entityId: active.id,
      patientId: session.visit.patientId,
      metadata: { sessionId },
    });
    return true;
  });
  if (released) {
    publishAfterCommit([createEvent("session.recording", sessionId, { sessionId, recordingId: active.id, active: false, at: endedAt.toISOString() })]);
  }
  const current = await db.recording.findUnique({ where: { id: active.id }, select: { status: true } });
  return { recordingId: active.id, status: current?.status ?? null };
}
