import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth, { CredentialsSignin, type User } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/env";
import { db } from "@/server/db";
import { recordAudit } from "@/server/audit/record-audit";
import { enqueueEmail } from "@/server/notifications/enqueue-email";
import { errorForLog, logger } from "@/server/logger";
import { authConfig } from "./config";
import { authorizeJoinLink } from "./join-link-provider";
import { verifyPassword } from "./password";
import { newRequestId } from "@/server/request-id";
import type { Role } from "@/lib/auth/session-policy";

const ZCredentials = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
});

class InvalidCredentials extends CredentialsSignin {
  override code = "invalid_credentials";
}

async function authorizePassword(raw: unknown): Promise<User | null> {
  const parsed = ZCredentials.safeParse(raw);
  if (!parsed.success) throw new InvalidCredentials();
  const { email, password } = parsed.data;
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, passwordHash: true, deactivatedAt: true },
  });
  const ok = await verifyPassword(password, user?.passwordHash);
  const requestId = newRequestId();
  if (!user || !ok || user.deactivatedAt) {
    await db.auditEvent.create({
      data: {
        action: "auth.signin",
        entityType: "User",
        entityId: user?.id ?? null,
        actorId: null,
        outcome: "FAILURE",
        requestId,
        metadata: { method: "password", reason: user?.deactivatedAt ? "deactivated" : "invalid_credentials" },
      },
    });
    throw new InvalidCredentials();
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/**
 * Magic-link sign-in. Auth.js calls this for any address typed in; only active accounts
 * get an email, and the page says the same thing either way (no account enumeration).
 */
async function sendMagicLink({ identifier, url }: { identifier: string; url: string }) {
  const email = identifier.trim().toLowerCase();
  const user = await db.user.findUnique({ where: { email }, select: { id: true, deactivatedAt: true, role: true } });
  if (!user || user.deactivatedAt || user.role === "GUEST") return;
  await db.$transaction(async (tx) => {
    await enqueueEmail(tx, {
      to: email,
      template: "magic-link",
      props: { clinicName: env.CLINIC_NAME, url, expiresInMinutes: env.MAGIC_LINK_MAX_AGE_MINUTES },
    });
    await recordAudit(
      tx,
      { system: "auth", requestId: newRequestId() },
      {
        action: "auth.magic_link_sent",
        entityType: "User",
        entityId: user.id,
      },
    );
  });
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  adapter: PrismaAdapter(db as never),
  // Auth.js logs failed sign-ins as errors with stacks; keep them as short warnings with codes.
  logger: {
    error: (error) => logger.warn({ name: error.name, type: (error as { type?: string }).type }, "auth.error"),
    warn: (code) => logger.warn({ code }, "auth.warning"),
    debug: () => undefined,
  },
  providers: [
    Credentials({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: authorizePassword,
    }),
    // One-click join: /join/[token] posts the token here; it signs in the link's invitee only.
    Credentials({
      id: "join-link",
      name: "Join link",
      credentials: { token: { label: "Join token", type: "text" } },
      authorize: authorizeJoinLink,
    }),
    {
      id: "email",
      type: "email",
      name: "Email link",
      maxAge: env.MAGIC_LINK_MAX_AGE_MINUTES * 60,
      sendVerificationRequest: sendMagicLink,
      options: {},
    },
  ],
  callbacks: {
    ...authConfig.callbacks,
    async signIn({ user, email }) {
      // Sending the link: always "succeed" (the page never reveals whether the account exists).
      if (email?.verificationRequest) return true;
      if (!user?.email) return false;
      const existing = await db.user.findUnique({ where: { email: user.email.toLowerCase() }, select: { deactivatedAt: true } });
      return Boolean(existing && !existing.deactivatedAt);
    },
    async jwt(params) {
      const { token, user, account } = params;
      if (user?.id) {
        // A fresh sign-in: register this browser's session so it can be revoked.
        const dbUser = await db.user.findUniqueOrThrow({
          where: { id: user.id },
          select: { id: true, role: true, name: true, email: true },
        });
        const now = Date.now();
        const method = account?.provider === "credentials" ? "password" : (account?.provider ?? "password");
        const session = await db.$transaction(async (tx) => {
          const s = await tx.authSession.create({
            data: {
              userId: dbUser.id,
              method,
              expiresAt: new Date(now + env.SESSION_MAX_AGE_HOURS * 3_600_000),
              scopeSessionId: user.scopeSessionId ?? null,
            },
            select: { id: true },
          });
          await tx.user.update({ where: { id: dbUser.id }, data: { lastSignInAt: new Date(now) } });
          await recordAudit(
            tx,
            { userId: dbUser.id, role: dbUser.role, requestId: newRequestId() },
            {
              action: "auth.signin",
              entityType: "User",
              entityId: dbUser.id,
              metadata: { method, authSessionId: s.id },
            },
          );
          return s;
        });
        token.uid = dbUser.id;
        token.role = dbUser.role as Role;
        token.sid = session.id;
        token.name = dbUser.name;
        token.email = dbUser.email;
        token.authTime = now;
        token.lastActivity = now;
        return token;
      }
      return authConfig.callbacks.jwt(params);
    },
  },
  events: {
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (!token?.sid) return;
      await db.authSession
        .updateMany({ where: { id: token.sid, revokedAt: null }, data: { revokedAt: new Date(), revokeReason: "signout" } })
        .catch((err: unknown) => logger.error({ error: errorForLog(err), sid: token.sid }, "auth.signout_revoke_failed"));
      if (token.uid && token.role) {
        await recordAudit(
          db,
          { userId: token.uid, role: token.role, requestId: newRequestId() },
          {
            action: "auth.signout",
            entityType: "User",
            entityId: token.uid,
          },
        );
      }
    },
  },
});
