import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { requireAdmin } from "@/server/access/roles";

export type AccountStatus = "ACTIVE" | "INVITED" | "DEACTIVATED" | "NO_ACCOUNT";

function statusOf(u: { deactivatedAt: Date | null; passwordHash: string | null; lastSignInAt: Date | null; invitedAt: Date | null } | null): AccountStatus {
  if (!u) return "NO_ACCOUNT";
  if (u.deactivatedAt) return "DEACTIVATED";
  // Invited and never signed in by any means (password, magic link).
  if (!u.passwordHash && !u.lastSignInAt && u.invitedAt) return "INVITED";
  return "ACTIVE";
}

const userSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  deactivatedAt: true,
  passwordHash: true,
  lastSignInAt: true,
  invitedAt: true,
  createdAt: true,
} as const;

/** Clinicians and administrators with their account status. */
export async function listStaff({ actor }: { actor: Actor }) {
  requireAdmin(actor, "user.list");
  const users = await db.user.findMany({
    where: { role: { in: ["CLINICIAN", "ADMIN"] } },
    orderBy: [{ role: "asc" }, { name: "asc" }],
    select: userSelect,
    take: 1000,
  });
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role as "CLINICIAN" | "ADMIN",
    status: statusOf(u),
    invitedAt: u.invitedAt,
    lastSignInAt: u.lastSignInAt,
  }));
}

/** Patients with their portal account status. Names are PHI, so the listing is audited. */
export async function listPatients({ actor }: { actor: Actor }) {
  requireAdmin(actor, "patient.list");
  const patients = await db.patient.findMany({
    orderBy: [{ familyName: "asc" }, { givenName: "asc" }],
    take: 1000,
    select: { id: true, mrn: true, givenName: true, familyName: true, user: { select: userSelect } },
  });
  await recordAudit(db, actor, { action: "patient.list", entityType: "Patient", metadata: { count: patients.length, scope: "admin" } });
  return patients.map((p) => ({
    id: p.id,
    mrn: p.mrn,
    name: `${p.givenName} ${p.familyName}`,
    userId: p.user?.id ?? null,
    email: p.user?.email ?? null,
    portalStatus: statusOf(p.user),
    lastSignInAt: p.user?.lastSignInAt ?? null,
  }));
}
