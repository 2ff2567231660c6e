import type { Role } from "@/lib/auth/session-policy";

declare module "next-auth" {
  interface Session {
    /** The AuthSession row this browser's JWT is bound to (revocation registry). */
    sid: string;
    user: { id: string; role: Role; name: string | null; email: string };
  }
  interface User {
    role?: Role;
    scopeSessionId?: string | null;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
    sid?: string;
    authTime?: number;
    lastActivity?: number;
  }
}
