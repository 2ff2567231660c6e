import "server-only";
import { db } from "@/server/db";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { visibleConsultations } from "@/server/access/consultation-access";
import { joinWindowAt } from "@/server/join-links/join-window-policy";

export interface ListUpcomingOptions {
  actor: Actor;
  /** Start of the range; defaults to one hour ago so a late or running consultation still shows. */
  from?: Date;
  days: number;
}

/** The actor's consultations in a time range, soonest first. Each row read is audited. */
export async function listUpcomingConsultations({ actor, from, days }: ListUpcomingOptions) {
  const start = from ?? new Date(Date.now() - 60 * 60_000);
  const end = new Date(start.getTime() + days * 24 * 60 * 60_000);
  // No transaction for a read: the rows, then one audit insert for all of them, before
  // anything is returned (an audit failure fails the call).
  const rows = await db.consultation.findMany({
    where: {
      AND: [visibleConsultations(actor), { scheduledStart: { gte: start, lt: end } }, { status: { notIn: ["CANCELLED"] } }],
    },
    orderBy: { scheduledStart: "asc" },
    take: 200,
    select: {
      id: true,
      visitId: true,
      scheduledStart: true,
      durationMinutes: true,
      status: true,
      reason: true,
      patient: { select: { id: true, givenName: true, familyName: true, userId: true } },
      clinician: { select: { id: true, name: true, title: true } },
      sessions: {
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { id: true, status: true, participants: { where: { role: "PATIENT" }, select: { arrivedAt: true, admittedAt: true } } },
      },
    },
  });
  await recordAudit(db, actor, ...rows.map((r) => ({ action: "consultation.list", entityType: "Consultation", entityId: r.id, patientId: r.patient.id })));
  return rows.map((r) => {
    const session = r.sessions[0];
    const patientPresence = session?.participants[0];
    const window = joinWindowAt(r.scheduledStart);
    return {
      id: r.id,
      visitId: r.visitId,
      scheduledStart: r.scheduledStart,
      durationMinutes: r.durationMinutes,
      status: r.status,
      reason: r.reason,
      patient: { id: r.patient.id, name: `${r.patient.givenName} ${r.patient.familyName}` },
      clinician: { id: r.clinician.id, name: [r.clinician.title, r.clinician.name].filter(Boolean).join(" ") },
      session: session ? { id: session.id, status: session.status } : null,
      patientArrivedAt: patientPresence?.arrivedAt && !patientPresence.admittedAt ? patientPresence.arrivedAt : null,
      joinWindow: window,
    };
  });
}
