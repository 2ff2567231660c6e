// Session lifetime rules, pure so they can be checked without a database (proxy.ts runs
// them on every request) and tested with a controlled clock.

export type Role = "CLINICIAN" | "PATIENT" | "ADMIN" | "GUEST";

export interface SessionPolicy {
  /** Staff (clinicians, admins) are signed out after this long without activity. */
  staffIdleMs: number;
  /** Everyone is signed out this long after signing in, active or not. */
  absoluteMs: number;
}

export interface SessionTimes {
  role: Role;
  authTime: number;
  lastActivity: number;
}

export type SessionVerdict = "active" | "idle" | "expired";

export function isStaff(role: Role): boolean {
  return role === "CLINICIAN" || role === "ADMIN";
}

export function evaluateSession(t: SessionTimes, now: number, policy: SessionPolicy): SessionVerdict {
  if (now - t.authTime >= policy.absoluteMs) return "expired";
  if (isStaff(t.role) && now - t.lastActivity >= policy.staffIdleMs) return "idle";
  return "active";
}

export const ROLE_HOME: Record<Role, string> = {
  CLINICIAN: "/clinician",
  PATIENT: "/patient",
  ADMIN: "/admin",
  GUEST: "/patient",
};

/** Which roles may open pages under each protected prefix. */
export const PROTECTED_PREFIXES: { prefix: string; roles: Role[] }[] = [
  { prefix: "/clinician", roles: ["CLINICIAN"] },
  { prefix: "/admin", roles: ["ADMIN"] },
  { prefix: "/patient", roles: ["PATIENT", "GUEST"] },
  { prefix: "/visits", roles: ["CLINICIAN", "ADMIN", "PATIENT"] },
  { prefix: "/session", roles: ["CLINICIAN", "PATIENT", "GUEST"] },
];

export function requiredRoles(pathname: string): Role[] | null {
  for (const p of PROTECTED_PREFIXES) {
    if (pathname === p.prefix || pathname.startsWith(`${p.prefix}/`)) return p.roles;
  }
  return null;
}
