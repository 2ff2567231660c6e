import "server-only";
import { db } from "@/server/db";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { visiblePatients } from "@/server/access/patient-access";

export interface ListPatientsOptions {
  actor: Actor;
  search?: string;
  limit: number;
  cursor?: string;
}

/** Patients the actor looks after (admins: all), by family name. Each row read is audited. */
export async function listPatients({ actor, search, limit, cursor }: ListPatientsOptions) {
  const term = search?.trim();
  return db.$transaction(async (tx) => {
    // Prisma finds the cursor row without the visibility filter: a cursor naming someone
    // else's patient would page on from where it sorts. Such a cursor reads as a missing one.
    if (cursor && !(await tx.patient.findFirst({ where: { AND: [visiblePatients(actor), { id: cursor }] }, select: { id: true } }))) {
      return { items: [], nextCursor: null };
    }
    const rows = await tx.patient.findMany({
      where: {
        AND: [
          visiblePatients(actor),
          term
            ? {
                OR: [
                  { familyName: { contains: term, mode: "insensitive" } },
                  { givenName: { contains: term, mode: "insensitive" } },
                  { mrn: { equals: term.toUpperCase() } },
                ],
              }
            : {},
        ],
      },
      orderBy: [{ familyName: "asc" }, { givenName: "asc" }, { id: "asc" }],
      take: limit + 1,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: {
        id: true,
        mrn: true,
        givenName: true,
        familyName: true,
        dateOfBirth: true,
        sex: true,
        userId: true,
        visits: { where: { status: "OPEN" }, select: { id: true }, take: 1 },
      },
    });
    const page = rows.slice(0, limit);
    await recordAudit(tx, actor, ...page.map((p) => ({ action: "patient.list", entityType: "Patient", entityId: p.id, patientId: p.id })));
    return {
      items: page.map(({ visits, userId, ...p }) => ({ ...p, hasPortalAccount: userId !== null, hasOpenVisit: visits.length > 0 })),
      nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
    };
  });
}
