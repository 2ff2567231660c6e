import "server-only";
import type { Actor } from "@/server/audit/actor";
import { db } from "@/server/db";
import { assertRole, clinicianDisplayName, loadSession, type LoadedSession } from "@/server/sessions/session-context";
import { estimateWait, type WaitingEstimate } from "./waiting-estimate";

/**
 * What a waiting patient or guest sees about their clinician: in another visit (and about
 * how long), running late, or told. Nothing about the other visit but its booked length
 * leaves the server (no other patient's name or reason).
 */
export async function getWaitingStatus({ actor, sessionId, now = new Date() }: { actor: Actor; sessionId: string; now?: Date }) {
  const { session, role } = await loadSession(db, actor, sessionId, "session.waiting_status");
  assertRole(role, ["PATIENT", "GUEST", "CLINICIAN"], "the visit's participants");
  const late = await db.waitingRoomNotice.findFirst({
    where: { sessionId, kind: "RUNNING_LATE" },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true, lateMinutes: true },
  });
  const estimate = await estimateWaitFor(session, late?.lateMinutes ? { sentAt: late.createdAt, minutes: late.lateMinutes } : null, now);
  return {
    clinicianName: clinicianDisplayName(session.visit.clinician),
    at: now,
    ...estimate,
  };
}

/** The estimate for a session, given its latest "running late" (read by the caller, or just written). */
export async function estimateWaitFor(
  session: Pick<LoadedSession, "id" | "status" | "scheduledStart" | "consultation" | "visit">,
  lateNotice: { sentAt: Date; minutes: number } | null,
  now: Date,
): Promise<WaitingEstimate> {
  const other = await db.telemedicineSession.findFirst({
    where: {
      visit: { clinicianId: session.visit.clinicianId },
      status: "IN_PROGRESS",
      id: { not: session.id },
    },
    orderBy: { startedAt: "desc" },
    select: {
      startedAt: true,
      consultation: { select: { durationMinutes: true } },
    },
  });
  return estimateWait({
    now,
    status: session.status,
    scheduledStart: session.consultation?.scheduledStart ?? session.scheduledStart,
    otherVisit: other ? { startedAt: other.startedAt, durationMinutes: other.consultation?.durationMinutes ?? null } : null,
    lateNotice,
  });
}
