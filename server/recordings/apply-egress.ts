import "server-only";
import { env } from "@/env";
import type { Tx } from "@/server/db";
import type { AnyActor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import type { RecordingStatus } from "@/server/generated/prisma/enums";
import type { EgressState } from "@/server/integrations/video";
import { createEvent, type RealtimeEvent } from "@/lib/realtime/events";
import { queueTranscriptOnCompletion } from "@/server/recordings/transcripts/queue-transcript";

// A provider's view of a recording job (from a webhook or the reconciler) applied to the
// session's Recording row. One row per egress id (unique); statuses only move forward, so
// replayed or reordered events cannot undo a later state.

const RANK: Record<RecordingStatus, number> = { STARTING: 0, ACTIVE: 1, COMPLETED: 2, FAILED: 2, DELETED: 3 };

export function recordingStatusOf(egress: EgressState): RecordingStatus {
  switch (egress.status) {
    case "STARTING":
      return "STARTING";
    case "ACTIVE":
    case "ENDING":
      return "ACTIVE";
    case "COMPLETE":
    case "LIMIT_REACHED": // stopped at the egress time limit: the file up to then is kept
      return egress.file ? "COMPLETED" : "FAILED";
    default:
      return "FAILED";
  }
}

export const isTerminal = (status: RecordingStatus) => RANK[status] >= 2;

export interface ApplyEgressResult {
  recordingId: string;
  status: RecordingStatus;
  events: RealtimeEvent[];
}

export async function applyEgressState(
  tx: Tx,
  opts: { sessionId: string; patientId: string; egress: EgressState; at: Date; actor: AnyActor },
): Promise<ApplyEgressResult> {
  const { egress, sessionId } = opts;
  const target = recordingStatusOf(egress);

  let recording = await tx.recording.findUnique({ where: { egressId: egress.egressId } });
  if (!recording) {
    // The start call may not have stored the egress id yet: its claim row is the one.
    const claim = await tx.recording.findFirst({ where: { sessionId, activeKey: sessionId, egressId: null } });
    recording = claim
      ? await tx.recording.update({ where: { id: claim.id }, data: { egressId: egress.egressId } })
      : // Started outside Bedside (e.g. LiveKit's CLI): tracked, but never holds the session's active slot.
        await tx.recording.upsert({
          where: { egressId: egress.egressId },
          create: { sessionId, egressId: egress.egressId, status: "STARTING", startedAt: egress.startedAt ?? opts.at },
          update: {},
        });
  }

  if (RANK[target] <= RANK[recording.status]) {
    return { recordingId: recording.id, status: recording.status, events: [] };
  }

  const wasActive = recording.activeKey !== null;
  const endedAt = egress.endedAt ?? opts.at;
  const terminal = isTerminal(target);
  const updated = await tx.recording.update({
    where: { id: recording.id },
    data: terminal
      ? {
          status: target,
          activeKey: null,
          endedAt: recording.endedAt ?? endedAt,
          storageKey: egress.file?.storageKey ?? null,
          mimeType: egress.file?.mimeType ?? null,
          sizeBytes: egress.file?.sizeBytes ?? null,
          durationSeconds: egress.file?.durationSeconds ?? null,
          error: target === "FAILED" ? (egress.error ?? egress.status).slice(0, 500) : null,
          deleteAfter: target === "COMPLETED" ? new Date(endedAt.getTime() + env.RECORDING_RETENTION_DAYS * 86_400_000) : null,
        }
      : { status: target, startedAt: egress.startedAt ?? recording.startedAt },
  });

  if (terminal) {
    await recordAudit(tx, opts.actor, {
      action: target === "COMPLETED" ? "recording.complete" : "recording.fail",
      entityType: "Recording",
      entityId: recording.id,
      patientId: opts.patientId,
      metadata: { sessionId, egressStatus: egress.status },
    });
  }
  if (target === "COMPLETED") {
    await queueTranscriptOnCompletion(tx, { recordingId: recording.id, patientId: opts.patientId, actor: opts.actor, at: opts.at });
  }
  const events =
    terminal && wasActive
      ? [createEvent("session.recording", sessionId, { sessionId, recordingId: recording.id, active: false, at: endedAt.toISOString() })]
      : [];
  return { recordingId: updated.id, status: updated.status, events };
}
