import "server-only";
import { randomBytes } from "node:crypto";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db, type DbOrTx } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { getVideoProvider } from "@/server/integrations/video";
import { initialParticipants } from "./session-participants";

/** An unguessable room name: 128 random bits. */
export const newRoomName = () => randomBytes(16).toString("base64url");

/**
 * Create a session on a visit, inside the caller's transaction: the session and its two
 * participants (the visit's clinician and, when they have a portal account, the patient).
 */
export async function insertSession(
  tx: DbOrTx,
  input: { visitId: string; consultationId?: string | null; scheduledStart: Date; recordingEnabled: boolean; createdById: string },
) {
  const visit = await tx.visit.findUniqueOrThrow({
    where: { id: input.visitId },
    select: {
      clinicianId: true,
      clinician: { select: { name: true, title: true } },
      patient: { select: { userId: true, givenName: true, familyName: true } },
    },
  });
  const participants = initialParticipants(visit);
  return tx.telemedicineSession.create({
    data: {
      visitId: input.visitId,
      consultationId: input.consultationId ?? null,
      roomName: newRoomName(),
      provider: getVideoProvider().name,
      scheduledStart: input.scheduledStart,
      recordingEnabled: input.recordingEnabled,
      createdById: input.createdById,
      participants: { create: participants },
    },
    select: { id: true, roomName: true, status: true, scheduledStart: true },
  });
}

export interface CreateSessionOptions {
  actor: Actor;
  visitId: string;
  scheduledStart?: Date;
  recordingEnabled?: boolean;
  now?: Date;
}

/** A clinician adds a video session to their own open visit (e.g. an unscheduled call). */
export async function createSession({ actor, visitId, scheduledStart, recordingEnabled = false, now = new Date() }: CreateSessionOptions) {
  return db.$transaction(async (tx) => {
    const visit = await tx.visit.findUnique({ where: { id: visitId }, select: { id: true, status: true, clinicianId: true, patientId: true } });
    const mine = visit && actor.role === "CLINICIAN" && visit.clinicianId === actor.userId;
    if (!visit || !mine) {
      throw notFound(
        "Visit",
        visit ? { actor, entry: { action: "session.create", entityType: "Visit", entityId: visitId, patientId: visit.patientId } } : undefined,
      );
    }
    if (visit.status !== "OPEN") {
      throw new AppError("PRECONDITION_FAILED", "This visit is closed. Reopen it or open a new visit to add a video session.", {
        reason: "visit_closed",
      });
    }
    const session = await insertSession(tx, { visitId, scheduledStart: scheduledStart ?? now, recordingEnabled, createdById: actor.userId });
    await recordAudit(tx, actor, { action: "session.create", entityType: "TelemedicineSession", entityId: session.id, patientId: visit.patientId });
    return session;
  });
}
