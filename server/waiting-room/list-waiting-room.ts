import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";

/** Arrivals older than this are not "waiting" any more (a tab left open yesterday). */
const WAITING_HORIZON_MS = 12 * 60 * 60_000;

/**
 * Everyone waiting for this clinician right now (arrived, not yet let in) across their
 * sessions, with what they wrote to the clinic and the clinician's last "running late".
 * Feeds the tab title, the arrival notice and the Today list. Reading the messages is a PHI
 * read: one audit row per patient whose messages are shown.
 */
export async function listWaitingRoom({ actor, now = new Date() }: { actor: Actor; now?: Date }) {
  const since = new Date(now.getTime() - WAITING_HORIZON_MS);
  const sessions = await db.telemedicineSession.findMany({
    where: {
      visit: { clinicianId: actor.userId },
      status: { in: ["SCHEDULED", "IN_PROGRESS"] },
      participants: {
        some: {
          role: { not: "CLINICIAN" },
          arrivedAt: { gte: since },
          admittedAt: null,
        },
      },
    },
    orderBy: { createdAt: "asc" },
    take: 50,
    select: {
      id: true,
      status: true,
      consultationId: true,
      visit: { select: { patientId: true } },
      participants: {
        where: {
          role: { not: "CLINICIAN" },
          arrivedAt: { gte: since },
          admittedAt: null,
        },
        orderBy: { arrivedAt: "asc" },
        select: {
          userId: true,
          role: true,
          displayName: true,
          arrivedAt: true,
        },
      },
      waitingNotices: {
        orderBy: { createdAt: "asc" },
        take: 50,
        select: {
          id: true,
          kind: true,
          body: true,
          lateMinutes: true,
          createdAt: true,
          sender: { select: { id: true, name: true } },
        },
      },
    },
  });
  const withMessages = sessions.filter((s) => s.waitingNotices.some((n) => n.kind === "MESSAGE_TO_CLINIC"));
  await recordAudit(
    db,
    actor,
    ...withMessages.map((s) => ({
      action: "session.waiting_message.read",
      entityType: "TelemedicineSession",
      entityId: s.id,
      patientId: s.visit.patientId,
    })),
  );
  return sessions.map((s) => {
    const names = new Map(s.participants.map((p) => [p.userId, p.displayName]));
    const late = [...s.waitingNotices].reverse().find((n) => n.kind === "RUNNING_LATE");
    return {
      sessionId: s.id,
      consultationId: s.consultationId,
      patientId: s.visit.patientId,
      status: s.status as "SCHEDULED" | "IN_PROGRESS", // the query's filter
      waiting: s.participants.map((p) => ({
        userId: p.userId,
        role: p.role as "PATIENT" | "GUEST",
        displayName: p.displayName,
        arrivedAt: p.arrivedAt!,
      })),
      messages: s.waitingNotices
        .filter((n) => n.kind === "MESSAGE_TO_CLINIC")
        .map((n) => ({
          id: n.id,
          senderName: names.get(n.sender.id) ?? n.sender.name ?? "Patient",
          body: n.body ?? "",
          createdAt: n.createdAt,
        })),
      lateNotice: late?.lateMinutes ? { minutes: late.lateMinutes, sentAt: late.createdAt } : null,
    };
  });
}
