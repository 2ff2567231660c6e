import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { db, sqlQuery } from "@/server/db";
import { Prisma } from "@/server/generated/prisma/client";
import type { Role } from "@/lib/auth/session-policy";
import { readActiveSessionToken } from "./session-token";

export interface SessionUser {
  id: string;
  role: Role;
  name: string | null;
  email: string;
  authSessionId: string;
  scopeSessionId: string | null;
}

// lastSeenAt is informational (admin "last active"); write it at most once a minute.
const TOUCH_INTERVAL_MS = 60_000;

interface SessionRow {
  id: string;
  userId: string;
  revokedAt: Date | null;
  expiresAt: Date;
  lastSeenAt: Date;
  scopeSessionId: string | null;
  role: Role;
  name: string | null;
  email: string;
  deactivatedAt: Date | null;
}

/**
 * The signed-in user, re-checked against the database on every server-side use: a revoked
 * session (sign-out, deactivation) or an expired one is treated as signed out at once.
 * Cached per request. Reads the cookie itself (one decryption, never a Set-Cookie: sliding
 * the idle window is proxy.ts's job) and the session with its user in one query.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => sessionUserFromCookies(await cookies()));

/**
 * getSessionUser for a request whose cookies are at hand rather than in Next's request scope
 * (the production server's node:http routes, server/http/fast-path.ts): same checks, no cache.
 */
export async function sessionUserFromCookies(cookieReader: Parameters<typeof readActiveSessionToken>[0]): Promise<SessionUser | null> {
  const token = await readActiveSessionToken(cookieReader);
  if (!token) return null;
  // On the app's plain pg pool (server/db.ts), not Prisma's $queryRaw: every tRPC request
  // makes this read, and Prisma's raw-query layer cost more CPU than the query's own work.
  const [row] = await sqlQuery<SessionRow>(Prisma.sql`
    SELECT s."id", s."userId", s."revokedAt", s."expiresAt", s."lastSeenAt", s."scopeSessionId",
           u."role"::text AS "role", u."name", u."email", u."deactivatedAt"
      FROM "AuthSession" s JOIN "User" u ON u."id" = s."userId"
     WHERE s."id" = ${token.sid}`);
  const now = new Date();
  if (!row || row.revokedAt || row.expiresAt <= now || row.deactivatedAt || row.userId !== token.uid) {
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    // Informational only: not worth making the request wait for it.
    void db.authSession.update({ where: { id: row.id }, data: { lastSeenAt: now } }).catch(() => undefined);
  }
  return {
    id: row.userId,
    role: row.role,
    name: row.name,
    email: row.email,
    authSessionId: row.id,
    scopeSessionId: row.scopeSessionId,
  };
}

export type SessionEndNotice = "signed-out" | "deactivated" | "expired";

/**
 * Why the session `sid` ended, as the sign-in page's notice: this browser signed out, the
 * account was deactivated, or anything else (expired, revoked elsewhere). A page that races
 * a sign-out (a request still carrying the old cookie) then still says "You have signed out".
 */
export async function sessionEndNotice(sid: string | null | undefined): Promise<SessionEndNotice> {
  if (!sid) return "expired";
  const row = await db.authSession.findUnique({ where: { id: sid }, select: { revokeReason: true, user: { select: { deactivatedAt: true } } } });
  if (row?.revokeReason === "signout") return "signed-out";
  if (row?.revokeReason === "deactivated" || row?.user.deactivatedAt) return "deactivated";
  return "expired";
}

/** Revoke every session of a user at once (deactivation, password change). */
export async function revokeAllSessions(userId: string, reason: string): Promise<number> {
  const r = await db.authSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date(), revokeReason: reason } });
  return r.count;
}

/** Revoke one browser session (the join page signs a link's invitee in over another session). */
export async function revokeAuthSession(sessionId: string, reason: string): Promise<void> {
  await db.authSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date(), revokeReason: reason } });
}
