import "server-only";
import { db } from "@/server/db";

/** Who and what an audit row names, for people: names and links; the ids stay in the row. */
export interface AuditNames {
  actorName: string | null;
  patientName: string | null;
  /** The page the record lives on, when it has one an admin can open. */
  entityHref: string | null;
}

interface Named {
  actorId: string | null;
  patientId: string | null;
  entityType: string;
  entityId: string | null;
}

const patientLabel = (p: { givenName: string; familyName: string; mrn: string }) => `${p.givenName} ${p.familyName} (${p.mrn})`;

/** Names for a page of rows in four queries, whatever the page size. */
export async function describeAuditEvents<T extends Named>(rows: T[]): Promise<Map<T, AuditNames>> {
  const ids = (pick: (r: T) => string | null) => [...new Set(rows.map(pick).filter((v): v is string => v !== null))];
  const of = (type: string) => ids((r) => (r.entityType === type ? r.entityId : null));
  const [users, patients, sessions, consultations] = await Promise.all([
    db.user.findMany({ where: { id: { in: ids((r) => r.actorId) } }, select: { id: true, name: true, email: true, title: true } }),
    db.patient.findMany({ where: { id: { in: ids((r) => r.patientId) } }, select: { id: true, givenName: true, familyName: true, mrn: true } }),
    db.telemedicineSession.findMany({ where: { id: { in: of("TelemedicineSession") } }, select: { id: true, visitId: true } }),
    db.consultation.findMany({ where: { id: { in: of("Consultation") } }, select: { id: true, visitId: true } }),
  ]);
  const userName = new Map(users.map((u) => [u.id, [u.title, u.name].filter(Boolean).join(" ") || u.email]));
  const patientName = new Map(patients.map((p) => [p.id, patientLabel(p)]));
  const visitOf = new Map([...sessions, ...consultations].map((s) => [s.id, s.visitId]));
  const out = new Map<T, AuditNames>();
  for (const r of rows) {
    const visitId = r.entityType === "Visit" ? r.entityId : r.entityId ? (visitOf.get(r.entityId) ?? null) : null;
    out.set(r, {
      actorName: r.actorId ? (userName.get(r.actorId) ?? null) : null,
      patientName: r.patientId ? (patientName.get(r.patientId) ?? null) : null,
      entityHref: visitId ? `/visits/${visitId}` : null,
    });
  }
  return out;
}

/**
 * Free-text "who" filters as ids: a patient by name, MRN or id; a person by name, email or id.
 * At most 100 matches each (a filter, not a search page); an empty list matches nothing.
 */
export async function resolvePeople({ patient, actor }: { patient?: string; actor?: string }) {
  const words = (q: string) => q.trim().split(/\s+/).filter(Boolean).slice(0, 4);
  const patientIds = patient
    ? (
        await db.patient.findMany({
          where: {
            AND: words(patient).map((w) => ({
              OR: [
                { id: w },
                { mrn: { equals: w, mode: "insensitive" as const } },
                { givenName: { contains: w, mode: "insensitive" as const } },
                { familyName: { contains: w, mode: "insensitive" as const } },
              ],
            })),
          },
          select: { id: true },
          take: 100,
        })
      ).map((p) => p.id)
    : undefined;
  const actorIds = actor
    ? (
        await db.user.findMany({
          where: {
            AND: words(actor).map((w) => ({
              OR: [{ id: w }, { email: { contains: w, mode: "insensitive" as const } }, { name: { contains: w, mode: "insensitive" as const } }],
            })),
          },
          select: { id: true },
          take: 100,
        })
      ).map((u) => u.id)
    : undefined;
  return { patientIds, actorIds };
}
