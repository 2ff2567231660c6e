import { NextResponse, type NextRequest } from "next/server";
import { auth } from "@/server/auth";
import { sessionEndNotice } from "@/server/auth/session";
import { errorForLog, logger } from "@/server/logger";

// Auth.js cookie names, plain and __Secure- (HTTPS), possibly split into chunks.
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

/**
 * Where server pages send a browser whose JWT is still valid but whose session the database
 * has ended (signed out, elsewhere too, deactivated, expired): clear the cookie so proxy.ts
 * stops treating it as signed in, then show sign-in with the reason the session ended.
 */
export async function GET(req: NextRequest) {
  const notice = await auth()
    .then((session) => sessionEndNotice(session?.sid))
    .catch((error: unknown) => {
      logger.warn({ error: errorForLog(error) }, "auth.session_end_reason_failed");
      return "expired" as const;
    });
  const res = NextResponse.redirect(new URL(`/signin?reason=${notice}`, req.nextUrl));
  for (const c of req.cookies.getAll()) {
    if (SESSION_COOKIE.test(c.name)) res.cookies.set(c.name, "", { maxAge: 0, path: "/", secure: c.name.startsWith("__Secure-") });
  }
  return res;
}
