// Auth.js configuration that needs no database, shared by proxy.ts (every request) and the
// full configuration in ./index.ts. The JWT is checked here for idle and absolute expiry
// and for the role a path needs; revocation (sign-out, deactivation) is checked against
// the database by getSessionUser() on every server-side use.
import type { NextAuthConfig } from "next-auth";
import { NextResponse } from "next/server";
import { env } from "@/env";
import { evaluateSession, requiredRoles, ROLE_HOME, type Role } from "@/lib/auth/session-policy";

export const sessionPolicy = {
  staffIdleMs: env.STAFF_IDLE_TIMEOUT_MINUTES * 60_000,
  absoluteMs: env.SESSION_MAX_AGE_HOURS * 3_600_000,
};

export const authConfig = {
  trustHost: true,
  secret: env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: env.SESSION_MAX_AGE_HOURS * 3600 },
  pages: { signIn: "/signin", verifyRequest: "/signin/check-email", error: "/signin" },
  providers: [],
  callbacks: {
    jwt({ token }) {
      if (!token.uid || !token.role || !token.authTime) return null;
      const now = Date.now();
      const verdict = evaluateSession({ role: token.role, authTime: token.authTime, lastActivity: token.lastActivity ?? token.authTime }, now, sessionPolicy);
      if (verdict !== "active") return null;
      // A request through proxy.ts that reaches Auth.js re-issues the cookie, so this slides the
      // idle window (proxy.ts lets Auth.js see a request once SLIDE_AFTER_MS has passed).
      token.lastActivity = now;
      return token;
    },
    session({ session, token }) {
      session.sid = token.sid ?? "";
      session.user = {
        ...session.user,
        id: token.uid ?? "",
        role: (token.role ?? "PATIENT") as Role,
        name: (token.name as string | null | undefined) ?? null,
        email: token.email ?? "",
      };
      return session;
    },
    authorized({ auth, request }) {
      const { pathname, search } = request.nextUrl;
      const roles = requiredRoles(pathname);
      const role = auth?.user?.role;
      if (pathname === "/") {
        const to = role ? ROLE_HOME[role] : "/signin";
        return NextResponse.redirect(new URL(to, request.nextUrl));
      }
      // A tab that was just signed out (idle, expired) may still hold a cookie a racing request
      // re-issued; the database has revoked it, so show the sign-in page and its notice.
      if (pathname === "/signin" && role && !request.nextUrl.searchParams.has("reason")) {
        return NextResponse.redirect(new URL(ROLE_HOME[role], request.nextUrl));
      }
      if (!roles) return true;
      if (!role) {
        const url = new URL("/signin", request.nextUrl);
        url.searchParams.set("callbackUrl", `${pathname}${search}`);
        return NextResponse.redirect(url);
      }
      if (!roles.includes(role)) {
        return NextResponse.rewrite(new URL("/forbidden", request.nextUrl), { status: 403 });
      }
      return true;
    },
  },
} satisfies NextAuthConfig;
