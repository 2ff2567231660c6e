import "server-only";
import { db } from "@/server/db";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { AppError, isAppError } from "@/server/errors";
import type { RecordingStatus } from "@/server/generated/prisma/enums";
import { getVideoProvider, recordingUnsupportedError, type VideoProvider } from "@/server/integrations/video";
import { errorForLog, logger } from "@/server/logger";
import { publishAfterCommit } from "@/server/realtime/publish";
import { createEvent } from "@/lib/realtime/events";
import { recordingStatusOf } from "./apply-egress";
import { requireVisitClinician } from "@/server/access/recording-access";
import { findVideoSession, type VideoSession } from "@/server/access/session-access";

export interface RecordingSummary {
  recordingId: string;
  status: RecordingStatus;
  /** False when a recording was already running (this call changed nothing). */
  started: boolean;
}

/**
 * Starts recording a running session. Needs recording enabled on the session and consent
 * from every participant (given at pre-join). The database makes it happen once: the
 * first caller inserts the Recording whose activeKey is the session id (unique), every
 * concurrent caller hits that constraint and gets the running recording back, and only
 * the first asks the provider for an egress.
 */
export async function startRecording(opts: { actor: Actor; sessionId: string; video?: VideoProvider }): Promise<RecordingSummary> {
  const { actor, sessionId } = opts;
  const video = opts.video ?? getVideoProvider();

  const session = await findVideoSession(db, actor, sessionId, "recording.start");
  requireVisitClinician(actor, session, "recording.start");
  if (session.status !== "IN_PROGRESS") {
    throw new AppError("PRECONDITION_FAILED", "Recording can only start while the call is in progress.", { reason: "session_not_running" });
  }
  if (!video.capabilities.recording || session.provider !== video.name) throw recordingUnsupportedError();
  if (!session.recordingEnabled) {
    throw new AppError("PRECONDITION_FAILED", "Recording is not enabled for this session. Enable it when scheduling the consultation.", {
      reason: "recording_not_enabled",
    });
  }
  const participants = await db.sessionParticipant.findMany({
    where: { sessionId },
    select: { userId: true, role: true, recordingConsentAt: true },
  });
  const missing = participants.filter((p) => !p.recordingConsentAt).length;
  if (missing > 0) {
    throw new AppError(
      "PRECONDITION_FAILED",
      "Not everyone in this session has agreed to be recorded, so recording cannot start. Each participant is asked before joining.",
      { reason: "recording_consent_missing", details: { missing } },
    );
  }
  const patient = participants.find((p) => p.role === "PATIENT");
  if (!patient) {
    throw new AppError("PRECONDITION_FAILED", "The patient is not part of this session yet, so there is nobody to record.", {
      reason: "no_patient_participant",
    });
  }

  const claim = await claimActiveRecording(actor, session);
  if (!claim.claimed) return { recordingId: claim.recordingId, status: claim.status, started: false };

  let status: RecordingStatus;
  try {
    const egress = await video.startRecording({ sessionId, roomName: session.roomName, subjectIdentity: patient.userId });
    status = recordingStatusOf(egress) === "ACTIVE" ? "ACTIVE" : "STARTING";
    // A webhook may have attached the egress id already; it is the same id.
    const { count } = await db.recording.updateMany({
      where: { id: claim.recordingId, activeKey: sessionId },
      data: { egressId: egress.egressId, ...(status === "ACTIVE" ? { status } : {}) },
    });
    if (count === 0) {
      // Stopped while the egress was being requested: do not leave it running unseen.
      await db.recording.update({ where: { id: claim.recordingId }, data: { egressId: egress.egressId } }).catch(() => undefined);
      await video.stopRecording({ egressId: egress.egressId }).catch(() => undefined);
      const stopped = await db.recording.findUniqueOrThrow({ where: { id: claim.recordingId }, select: { status: true } });
      return { recordingId: claim.recordingId, status: stopped.status, started: false };
    }
  } catch (error) {
    await releaseFailedClaim(actor, session, claim.recordingId, error);
    throw error;
  }

  publishAfterCommit([createEvent("session.recording", sessionId, { sessionId, recordingId: claim.recordingId, active: true, at: new Date().toISOString() })]);
  return { recordingId: claim.recordingId, status, started: true };
}

type Claim = { claimed: true; recordingId: string } | { claimed: false; recordingId: string; status: RecordingStatus };

async function claimActiveRecording(actor: Actor, session: VideoSession): Promise<Claim> {
  try {
    const recording = await db.$transaction(async (tx) => {
      const created = await tx.recording.create({ data: { sessionId: session.id, activeKey: session.id, status: "STARTING" } });
      await recordAudit(tx, actor, {
        action: "recording.start",
        entityType: "Recording",
        entityId: created.id,
        patientId: session.visit.patientId,
        metadata: { sessionId: session.id },
      });
      return created;
    });
    return { claimed: true, recordingId: recording.id };
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    const running = await db.recording.findUnique({ where: { activeKey: session.id }, select: { id: true, status: true } });
    // Stopped in the instant between the conflict and this read: ask the person to retry.
    if (!running) throw new AppError("CONFLICT", "The recording changed at the same moment. Please try again.", { reason: "write_conflict" });
    return { claimed: false, recordingId: running.id, status: running.status };
  }
}

async function releaseFailedClaim(actor: Actor, session: VideoSession, recordingId: string, error: unknown): Promise<void> {
  logger.warn({ error: errorForLog(error), sessionId: session.id, recordingId }, "video.recording_start_failed");
  await db.$transaction(async (tx) => {
    await tx.recording.updateMany({
      where: { id: recordingId, status: "STARTING" },
      data: { status: "FAILED", activeKey: null, endedAt: new Date(), error: isAppError(error) ? (error.reason ?? error.code) : "provider_error" },
    });
    await recordAudit(tx, actor, {
      action: "recording.start",
      entityType: "Recording",
      entityId: recordingId,
      patientId: session.visit.patientId,
      outcome: "FAILURE",
      metadata: { sessionId: session.id },
    });
  });
}
