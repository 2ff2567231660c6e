import "server-only";
import { db } from "@/server/db";

/** Head counts for the admin home. No patient information, so no audit row. */
export async function getOverview({ now = new Date() }: { now?: Date } = {}) {
  const dayStart = new Date(now);
  dayStart.setUTCHours(0, 0, 0, 0);
  const dayEnd = new Date(dayStart.getTime() + 24 * 60 * 60_000);
  const [byRole, patients, openVisits, consultationsToday, openIssues] = await Promise.all([
    db.user.groupBy({ by: ["role"], where: { deactivatedAt: null }, _count: { _all: true } }),
    db.patient.count(),
    db.visit.count({ where: { status: "OPEN" } }),
    db.consultation.count({ where: { scheduledStart: { gte: dayStart, lt: dayEnd }, status: { not: "CANCELLED" } } }),
    db.technicalIssue.count({ where: { status: "OPEN" } }),
  ]);
  const count = (role: string) => byRole.find((r) => r.role === role)?._count._all ?? 0;
  return {
    clinicians: count("CLINICIAN"),
    admins: count("ADMIN"),
    patients,
    openVisits,
    consultationsToday,
    openIssues,
  };
}
