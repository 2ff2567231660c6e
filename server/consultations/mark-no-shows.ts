import "server-only";
import { joinWindowPolicy } from "@/server/join-links/join-window-policy";
import { createEvent, type RealtimeEvent } from "@/lib/realtime/events";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { publishAfterCommit } from "@/server/realtime/publish";
import { closeCancelledRooms } from "@/server/video/close-cancelled-rooms";
import { newRequestId } from "@/server/request-id";

/**
 * Scheduler job: consultations whose join window has closed without the patient ever
 * arriving become NO_SHOW, and their unused session is cancelled.
 */
export async function markNoShows({ now = new Date() }: { now?: Date } = {}) {
  // Started at or before this instant, its window has closed (closed at the closing instant).
  const cutoff = new Date(now.getTime() - joinWindowPolicy().afterMinutes * 60_000);
  const due = await db.consultation.findMany({
    where: { status: "SCHEDULED", scheduledStart: { lte: cutoff } },
    select: { id: true, patientId: true },
    take: 500,
  });
  const events: RealtimeEvent[] = [];
  const marked: string[] = [];
  const actor = { system: "scheduler" as const, requestId: newRequestId() };
  for (const c of due) {
    await db.$transaction(async (tx) => {
      const changed = await tx.consultation.updateMany({ where: { id: c.id, status: "SCHEDULED" }, data: { status: "NO_SHOW", noShowAt: now } });
      if (changed.count === 0) return;
      await tx.telemedicineSession.updateMany({ where: { consultationId: c.id, status: "SCHEDULED" }, data: { status: "CANCELLED" } });
      await recordAudit(tx, actor, { action: "consultation.no_show", entityType: "Consultation", entityId: c.id, patientId: c.patientId });
      events.push(createEvent("consultation.updated", c.patientId, { consultationId: c.id, status: "NO_SHOW" }));
      marked.push(c.id);
    });
  }
  publishAfterCommit(events);
  await closeCancelledRooms(marked);
  return { marked: events.length };
}
