import "server-only";
import { CredentialsSignin, type User } from "next-auth";
import { getToken } from "next-auth/jwt";
import { env } from "@/env";
import { evaluateSession } from "@/lib/auth/session-policy";
import { db } from "@/server/db";
import { isAppError } from "@/server/errors";
import { redeemJoinLink } from "@/server/join-links/redeem-join-link";
import { newRequestId } from "@/server/request-id";
import { sessionPolicy } from "./config";
import { clientIp } from "./signin-rate-limit";

/** A refused join link; `code` is the machine reason (expired, revoked, other_user…), never details of the visit. */
export class JoinLinkRefused extends CredentialsSignin {
  constructor(reason: string) {
    super();
    this.code = reason;
  }
}

/**
 * The user this browser is signed in as right now, if any: the JWT cookie on the request,
 * checked against its AuthSession row and the session lifetime rules (a stale or revoked
 * cookie counts as signed out).
 */
export async function signedInUserId(request: Request): Promise<string | null> {
  if (!env.AUTH_SECRET) return null;
  const secureCookie = new URL(request.url).protocol === "https:";
  const jwt = await getToken({ req: request, secret: env.AUTH_SECRET, secureCookie }).catch(() => null);
  if (!jwt?.sid || !jwt.uid || !jwt.role || !jwt.authTime) return null;
  const verdict = evaluateSession({ role: jwt.role, authTime: jwt.authTime, lastActivity: jwt.lastActivity ?? jwt.authTime }, Date.now(), sessionPolicy);
  if (verdict !== "active") return null;
  const row = await db.authSession.findUnique({ where: { id: jwt.sid }, select: { userId: true, revokedAt: true, expiresAt: true } });
  return row && !row.revokedAt && row.expiresAt > new Date() ? row.userId : null;
}

/**
 * Auth.js `authorize` for the "join-link" provider: the token is the only credential, and it
 * signs in its own invitee, scoped to one telemedicine session (AuthSession.scopeSessionId).
 */
export async function authorizeJoinLink(raw: Partial<Record<string, unknown>>, request: Request): Promise<User | null> {
  const token = typeof raw.token === "string" ? raw.token : "";
  try {
    const redeemed = await redeemJoinLink({
      token,
      currentUserId: await signedInUserId(request),
      requestId: newRequestId(),
      ip: clientIp(request.headers),
    });
    return { id: redeemed.userId, email: redeemed.email, name: redeemed.name, role: redeemed.role, scopeSessionId: redeemed.sessionId };
  } catch (error) {
    if (isAppError(error)) throw new JoinLinkRefused(error.reason ?? "invalid");
    throw error;
  }
}
