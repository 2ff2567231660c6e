import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { findVisibleVisit } from "@/server/access/visit-access";

/** The visit page: its sessions (duration, participants, chat), issues, recent vitals and bill. */
export async function getVisit({ actor, visitId }: { actor: Actor; visitId: string }) {
  return db.$transaction(async (tx) => {
    const v = await findVisibleVisit(
      tx,
      actor,
      visitId,
      {
        id: true,
        status: true,
        chiefComplaint: true,
        openedAt: true,
        closedAt: true,
        paymentStatus: true,
        patientId: true,
        patient: { select: { id: true, givenName: true, familyName: true, mrn: true } },
        clinician: { select: { id: true, name: true, title: true } },
        sessions: {
          orderBy: { createdAt: "asc" },
          select: {
            id: true,
            status: true,
            scheduledStart: true,
            startedAt: true,
            endedAt: true,
            durationSeconds: true,
            notes: true,
            consultation: { select: { reason: true } },
            participants: {
              select: {
                userId: true,
                role: true,
                displayName: true,
                arrivedAt: true,
                admittedAt: true,
                stints: { select: { joinedAt: true, leftAt: true }, orderBy: { joinedAt: "asc" } },
              },
            },
            chatMessages: { orderBy: { createdAt: "asc" }, select: { id: true, senderId: true, body: true, createdAt: true } },
            technicalIssues: { orderBy: { createdAt: "asc" }, select: { id: true, category: true, description: true, status: true, createdAt: true } },
          },
        },
        charges: {
          orderBy: { createdAt: "asc" },
          select: { id: true, code: true, description: true, amountMinor: true, currency: true, createdAt: true, voidedAt: true, voidReason: true },
        },
        payments: { orderBy: { receivedAt: "asc" }, select: { id: true, amountMinor: true, currency: true, method: true, receivedAt: true } },
        observations: {
          orderBy: { observedAt: "desc" },
          take: 20,
          select: {
            id: true,
            observedAt: true,
            heartRate: true,
            systolicBp: true,
            diastolicBp: true,
            respiratoryRate: true,
            spo2: true,
            temperature: true,
            news2Total: true,
            news2Risk: true,
            news2Complete: true,
          },
        },
      },
      "visit.read",
    );
    await recordAudit(tx, actor, { action: "visit.read", entityType: "Visit", entityId: visitId, patientId: v.patientId });
    const staff = actor.role === "CLINICIAN" || actor.role === "ADMIN";
    const charged = v.charges.filter((c) => !c.voidedAt).reduce((s, c) => s + c.amountMinor, 0);
    const paid = v.payments.reduce((s, p) => s + p.amountMinor, 0);
    return {
      id: v.id,
      status: v.status,
      chiefComplaint: v.chiefComplaint,
      openedAt: v.openedAt,
      closedAt: v.closedAt,
      paymentStatus: v.paymentStatus,
      patient: { id: v.patient.id, name: `${v.patient.givenName} ${v.patient.familyName}`, mrn: staff ? v.patient.mrn : null },
      clinician: { id: v.clinician.id, name: [v.clinician.title, v.clinician.name].filter(Boolean).join(" ") },
      sessions: v.sessions.map((s) => {
        const names = new Map(s.participants.map((p) => [p.userId, p.displayName]));
        return {
          id: s.id,
          status: s.status,
          scheduledStart: s.scheduledStart,
          startedAt: s.startedAt,
          endedAt: s.endedAt,
          durationSeconds: s.durationSeconds,
          reason: s.consultation?.reason ?? null,
          notes: staff ? s.notes : null,
          participants: s.participants.map((p) => ({
            role: p.role,
            displayName: p.displayName,
            arrivedAt: p.arrivedAt,
            admittedAt: p.admittedAt,
            stints: p.stints,
          })),
          chat: s.chatMessages.map((m) => ({ id: m.id, senderName: names.get(m.senderId) ?? "Participant", body: m.body, createdAt: m.createdAt })),
          technicalIssues: s.technicalIssues,
        };
      }),
      bill: {
        charges: v.charges,
        payments: v.payments,
        chargedMinor: charged,
        paidMinor: paid,
        balanceMinor: charged - paid,
        currency: v.charges[0]?.currency ?? v.payments[0]?.currency ?? null,
      },
      observations: v.observations.map((o) => ({ ...o, temperature: o.temperature === null ? null : Number(o.temperature) })),
    };
  });
}
