import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { authConfig } from "@/server/auth/config";
import { readActiveSessionToken, slideDue } from "@/server/auth/session-token";

// Runs before every page and API request: slides the staff idle window, expires old
// sessions and keeps each role on its own pages. No database access here by design.
const { auth } = NextAuth(authConfig);

// Auth.js re-encrypts and re-sets the session cookie on every request it sees. Most requests
// come seconds after the last one, so while the token is active and its idle window needs no
// sliding yet, the same role checks run here without Auth.js (one decryption, no Set-Cookie).
// Everything else — no cookie, idle, expired, sliding due — goes through Auth.js as before.
export async function proxy(request: NextRequest, event: NextFetchEvent) {
  const token = await readActiveSessionToken(request.cookies);
  if (!token || slideDue(token)) return (auth as unknown as (r: NextRequest, e: NextFetchEvent) => Promise<Response>)(request, event);
  const session = {
    sid: token.sid,
    user: { id: token.uid, role: token.role, name: (token.name as string | null | undefined) ?? null, email: token.email ?? "" },
    expires: new Date((token.exp ?? 0) * 1000).toISOString(),
  };
  const verdict = authConfig.callbacks.authorized({ auth: session, request });
  return verdict instanceof Response ? verdict : NextResponse.next();
}

// Route handlers that authenticate for themselves are left out, so that their responses
// never re-issue (and so race with clearing) the session cookie.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|api/auth|api/pusher|api/webhooks|api/vitals|api/cron).*)"],
};
