import "server-only";
import { zId } from "@/lib/validation/input-policy";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { recordingFiles } from "@/server/integrations/storage";
import { parseByteRange } from "./byte-range";
import { requireAdmin } from "@/server/access/roles";

/** Recordings with their session, clinician, patient, size, consent and transcript status. Audited (patient names). */
export async function listRecordings({ actor, limit = 100 }: { actor: Actor; limit?: number }) {
  requireAdmin(actor, "recording.list");
  const rows = await db.recording.findMany({
    where: { status: { in: ["COMPLETED", "FAILED", "DELETED"] } },
    orderBy: { startedAt: "desc" },
    take: limit,
    select: {
      id: true,
      status: true,
      mimeType: true,
      sizeBytes: true,
      durationSeconds: true,
      startedAt: true,
      deleteAfter: true,
      deletedAt: true,
      transcript: { select: { status: true, error: true } },
      session: {
        select: {
          id: true,
          participants: { select: { role: true, recordingConsentAt: true } },
          visit: { select: { patient: { select: { id: true, givenName: true, familyName: true } }, clinician: { select: { id: true, name: true } } } },
        },
      },
    },
  });
  await recordAudit(db, actor, { action: "recording.list", entityType: "Recording", metadata: { count: rows.length } });
  return rows.map((r) => {
    const people = r.session.participants.filter((p) => p.role !== "GUEST");
    return {
      id: r.id,
      status: r.status,
      sessionId: r.session.id,
      clinicianName: r.session.visit.clinician.name,
      patientId: r.session.visit.patient.id,
      patientName: `${r.session.visit.patient.givenName} ${r.session.visit.patient.familyName}`,
      startedAt: r.startedAt,
      durationSeconds: r.durationSeconds,
      sizeBytes: r.sizeBytes === null ? null : Number(r.sizeBytes),
      mimeType: r.mimeType,
      consentRecorded: people.length > 0 && people.every((p) => p.recordingConsentAt !== null),
      deleteAfter: r.deleteAfter,
      // Status only: the text is read one recording at a time (admin.transcript, audited).
      transcript: r.transcript ? { status: r.transcript.status, error: r.transcript.error } : null,
    };
  });
}

export type RecordingView =
  | { kind: "full"; size: number; mimeType: string; body: ReadableStream<Uint8Array> }
  | { kind: "partial"; size: number; start: number; end: number; mimeType: string; body: ReadableStream<Uint8Array> }
  | { kind: "unsatisfiable"; size: number };

/**
 * Open a recording for playback (the whole file or one byte range). Every view is audited —
 * a player's range requests each count, with the range in the metadata.
 */
export async function openRecording({
  actor,
  recordingId,
  rangeHeader,
}: {
  actor: Actor;
  recordingId: string;
  rangeHeader: string | null;
}): Promise<RecordingView> {
  requireAdmin(actor, "recording.view");
  // A malformed id (e.g. a NUL from a crafted URL) cannot name a recording: answer as missing.
  if (!zId.safeParse(recordingId).success) throw notFound("Recording");
  const rec = await db.recording.findUnique({
    where: { id: recordingId },
    select: { id: true, status: true, storageKey: true, mimeType: true, deletedAt: true, session: { select: { visit: { select: { patientId: true } } } } },
  });
  if (!rec || rec.status !== "COMPLETED" || rec.deletedAt || !rec.storageKey) throw notFound("Recording");
  const files = recordingFiles();
  const size = await files.size(rec.storageKey);
  if (size === null) {
    throw new AppError("NOT_FOUND", "The recording file is missing from storage. Check the recording storage.", { reason: "file_missing" });
  }
  const range = parseByteRange(rangeHeader, size);
  const patientId = rec.session.visit.patientId;
  if (range === "unsatisfiable") {
    await recordAudit(db, actor, {
      action: "recording.view",
      entityType: "Recording",
      entityId: rec.id,
      patientId,
      outcome: "FAILURE",
      metadata: { reason: "range_unsatisfiable" },
    });
    return { kind: "unsatisfiable", size };
  }
  const mimeType = rec.mimeType ?? "application/octet-stream";
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  // Opened before the audit row so a view storage refused is not recorded as seen; a failed
  // audit write releases the stream and serves nothing.
  const body = size === 0 ? new ReadableStream<Uint8Array>({ start: (c) => c.close() }) : await files.read(rec.storageKey, start, end);
  try {
    await recordAudit(db, actor, { action: "recording.view", entityType: "Recording", entityId: rec.id, patientId, metadata: { start, end } });
  } catch (error) {
    await body.cancel().catch(() => undefined);
    throw error;
  }
  return range ? { kind: "partial", size, start, end, mimeType, body } : { kind: "full", size, mimeType, body };
}
