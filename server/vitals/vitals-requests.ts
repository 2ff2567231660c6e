// A clinician asks the patient to take a set of readings now (usually during a call). The
// patient sees a prompt wherever they are in Bedside; entering the readings answers it and
// the reading appears on both screens. One pending request per patient at a time: asking
// again while one is pending returns it rather than stacking prompts.
import "server-only";
import { VITALS_REQUEST_TTL_MS } from "@/lib/vitals/requests";
import { createEvent } from "@/lib/realtime/events";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db, type DbOrTx } from "@/server/db";
import { visiblePatients } from "@/server/access/patient-access";
import { AppError, notFound } from "@/server/errors";
import type { Prisma } from "@/server/generated/prisma/client";
import { publishAfterCommit } from "@/server/realtime/publish";
import { refuseAsMissing } from "@/server/access/refusal";
import { requireRole } from "@/server/access/roles";
import { findVitalsPatient } from "@/server/access/vitals-access";

const select = { id: true, patientId: true, sessionId: true, requestedById: true, requestedAt: true, fulfilledAt: true, cancelledAt: true } as const;

function pendingWhere(patientId: string, now: Date): Prisma.VitalsRequestWhereInput {
  return { patientId, fulfilledAt: null, cancelledAt: null, requestedAt: { gt: new Date(now.getTime() - VITALS_REQUEST_TTL_MS) } };
}

/** "Dr Okafor": the title only when the name does not already start with it. */
function displayName(u: { name: string | null; title: string | null }): string {
  if (!u.name) return "Your clinician";
  return u.title && !u.name.startsWith(u.title) ? `${u.title} ${u.name}` : u.name;
}

async function requesterNames(tx: DbOrTx, ids: string[]) {
  const users = await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, title: true } });
  return new Map(users.map((u) => [u.id, displayName(u)]));
}

export interface RequestVitalsOptions {
  actor: Actor;
  patientId: string;
  sessionId?: string | null;
  now?: Date;
}

export async function requestVitals({ actor, patientId, sessionId, now = new Date() }: RequestVitalsOptions) {
  const { request, created } = await db.$transaction(async (tx) => {
    const patient = await findVitalsPatient(tx, actor, patientId, "vitals.request.create");
    requireRole(
      actor,
      ["CLINICIAN"],
      { action: "vitals.request.create", entityType: "Patient", entityId: patient.id, patientId: patient.id },
      "Only a clinician can ask for readings.",
    );
    if (sessionId) {
      const session = await tx.telemedicineSession.findFirst({ where: { id: sessionId, visit: { patientId: patient.id } }, select: { status: true } });
      if (!session) throw notFound("Session");
      if (session.status === "COMPLETED" || session.status === "CANCELLED") {
        throw new AppError("PRECONDITION_FAILED", "This call has ended. Ask for readings from the patient's vitals page instead.", { reason: "session_ended" });
      }
    }
    // Serialise requests for this patient so two clicks never make two prompts.
    await tx.$queryRaw`SELECT 1 FROM "Patient" WHERE "id" = ${patient.id} FOR UPDATE`;
    const existing = await tx.vitalsRequest.findFirst({ where: pendingWhere(patient.id, now), orderBy: { requestedAt: "desc" }, select });
    if (existing) return { request: existing, created: false };
    const row = await tx.vitalsRequest.create({
      data: { patientId: patient.id, sessionId: sessionId ?? null, requestedById: actor.userId, requestedAt: now },
      select,
    });
    await recordAudit(tx, actor, {
      action: "vitals.request.create",
      entityType: "VitalsRequest",
      entityId: row.id,
      patientId: patient.id,
      metadata: { sessionId: sessionId ?? null },
    });
    return { request: row, created: true };
  });
  if (created) {
    publishAfterCommit([
      createEvent("vitals.requested", request.patientId, {
        patientId: request.patientId,
        requestId: request.id,
        sessionId: request.sessionId,
        requestedBy: request.requestedById,
      }),
    ]);
  }
  return { ...request, created };
}

/** Requests still waiting for the patient (the prompt), newest first. */
export async function listPendingVitalsRequests({ actor, patientId, now = new Date() }: { actor: Actor; patientId: string; now?: Date }) {
  // Reads and one audit row: no interactive transaction (see getVitalsSummary).
  const patient = await findVitalsPatient(db, actor, patientId, "vitals.request.read");
  const rows = await db.vitalsRequest.findMany({ where: pendingWhere(patient.id, now), orderBy: { requestedAt: "desc" }, take: 5, select });
  const names = await requesterNames(
    db,
    rows.map((r) => r.requestedById),
  );
  await recordAudit(db, actor, {
    action: "vitals.request.read",
    entityType: "Patient",
    entityId: patient.id,
    patientId: patient.id,
    metadata: { pending: rows.length },
  });
  return rows.map((r) => ({ ...r, requestedByName: names.get(r.requestedById) ?? "Your clinician" }));
}

/** Withdrawn by a clinician, or declined by the patient. */
export async function cancelVitalsRequest({ actor, requestId, now = new Date() }: { actor: Actor; requestId: string; now?: Date }) {
  const result = await db.$transaction(async (tx) => {
    const request = await tx.vitalsRequest.findFirst({ where: { id: requestId, patient: visiblePatients(actor) }, select });
    if (!request) {
      const other = await tx.vitalsRequest.findUnique({ where: { id: requestId }, select: { patientId: true } });
      throw refuseAsMissing("Request", actor, other, { action: "vitals.request.cancel", entityType: "VitalsRequest", entityId: requestId });
    }
    requireRole(
      actor,
      ["CLINICIAN", "PATIENT"],
      { action: "vitals.request.cancel", entityType: "VitalsRequest", entityId: request.id, patientId: request.patientId },
      "Your account cannot change this request.",
    );
    const { count } = await tx.vitalsRequest.updateMany({ where: { id: request.id, fulfilledAt: null, cancelledAt: null }, data: { cancelledAt: now } });
    if (count === 0) return { request, changed: false };
    await recordAudit(tx, actor, { action: "vitals.request.cancel", entityType: "VitalsRequest", entityId: request.id, patientId: request.patientId });
    return { request: { ...request, cancelledAt: now }, changed: true };
  });
  if (result.changed) {
    publishAfterCommit([
      createEvent("vitals.request.closed", result.request.patientId, {
        patientId: result.request.patientId,
        requestId: result.request.id,
        outcome: "CANCELLED",
        observationSeq: null,
      }),
    ]);
  }
  return result.request;
}
