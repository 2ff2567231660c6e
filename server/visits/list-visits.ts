import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import type { VisitStatus } from "@/server/generated/prisma/enums";
import { visibleVisits } from "@/server/access/visit-access";

export async function listVisits({
  actor,
  status,
  patientId,
  limit,
  cursor,
}: {
  actor: Actor;
  status?: VisitStatus;
  patientId?: string;
  limit: number;
  cursor?: string;
}) {
  return db.$transaction(async (tx) => {
    // Prisma finds the cursor row without the visibility filter: a cursor naming someone
    // else's visit would page on from where it sorts. Such a cursor reads as a missing one.
    if (cursor && !(await tx.visit.findFirst({ where: { AND: [visibleVisits(actor), { id: cursor }] }, select: { id: true } }))) {
      return { items: [], nextCursor: null };
    }
    const rows = await tx.visit.findMany({
      where: { AND: [visibleVisits(actor), status ? { status } : {}, patientId ? { patientId } : {}] },
      orderBy: [{ openedAt: "desc" }, { id: "desc" }],
      take: limit + 1,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: {
        id: true,
        status: true,
        chiefComplaint: true,
        openedAt: true,
        closedAt: true,
        paymentStatus: true,
        // What is on the bill ("Nothing charged" is not "Unpaid"); voided charges do not count.
        charges: { where: { voidedAt: null }, select: { amountMinor: true } },
        patient: { select: { id: true, givenName: true, familyName: true } },
        clinician: { select: { id: true, name: true, title: true } },
        _count: { select: { sessions: true } },
      },
    });
    const page = rows.slice(0, limit);
    await recordAudit(tx, actor, ...page.map((v) => ({ action: "visit.list", entityType: "Visit", entityId: v.id, patientId: v.patient.id })));
    return {
      items: page.map((v) => ({
        id: v.id,
        status: v.status,
        chiefComplaint: v.chiefComplaint,
        openedAt: v.openedAt,
        closedAt: v.closedAt,
        paymentStatus: v.paymentStatus,
        chargedMinor: v.charges.reduce((sum, c) => sum + c.amountMinor, 0),
        patient: { id: v.patient.id, name: `${v.patient.givenName} ${v.patient.familyName}` },
        clinician: { id: v.clinician.id, name: [v.clinician.title, v.clinician.name].filter(Boolean).join(" ") },
        sessionCount: v._count.sessions,
      })),
      nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
    };
  });
}
