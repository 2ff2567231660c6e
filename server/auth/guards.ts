import "server-only";
import { forbidden, redirect } from "next/navigation";
import { headers } from "next/headers";
import type { Role } from "@/lib/auth/session-policy";
import type { Actor } from "@/server/audit/actor";
import { recordDenied } from "@/server/audit/record-audit";
import { rethrowForPage } from "@/server/http/page-outage";
import { newRequestId } from "@/server/request-id";
import { clientIp } from "./signin-rate-limit";
import { getSessionUser, type SessionUser } from "./session";

/**
 * For server components and layouts: the signed-in user with one of `roles`, or a
 * redirect to sign-in (revoked/expired) or to /forbidden (wrong role, audited).
 * proxy.ts already checks roles from the JWT; this is the database-backed check.
 */
export async function requireUser(roles?: readonly Role[]): Promise<{ user: SessionUser; actor: Actor }> {
  // The first database read of nearly every page: an outage becomes the 503 page, not a 500.
  const user = await getSessionUser().catch(rethrowForPage);
  const h = await headers();
  // The JWT may still be valid while the database says the session is over (signed out
  // elsewhere, deactivated): /session-ended clears the cookie, then shows sign-in.
  if (!user) redirect("/session-ended");
  const actor: Actor = {
    userId: user.id,
    role: user.role,
    requestId: h.get("x-request-id") ?? newRequestId(),
    ip: clientIp(h),
    scopeSessionId: user.scopeSessionId,
  };
  if (roles && !roles.includes(user.role)) {
    await recordDenied(actor, { action: "page.open", entityType: "Page", metadata: { reason: "role" } });
    forbidden();
  }
  return { user, actor };
}
