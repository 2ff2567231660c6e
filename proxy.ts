import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { authConfig } from "@/server/auth/config";
import { readActiveSessionToken, sessionOfToken, slideDue } from "@/server/auth/session-token";
import { BROKEN_ESCAPE_MESSAGE, decodablePath } from "@/server/http/broken-escape";
import { contentSecurityPolicy, newNonce } from "@/server/http/content-security-policy";
import { databaseOutageAnswer, PAGE_PATH_HEADER } from "@/server/http/database-outage";

// Runs before every page and API request: slides the staff idle window, expires old
// sessions, keeps each role on its own pages and sets the nonce-based Content-Security-Policy.
// No database access here by design: while the database is unreachable, pages are answered
// 503 from what this process last saw of it (server/http/database-outage.ts).
const { auth } = NextAuth(authConfig);

// Auth.js re-encrypts and re-sets the session cookie on every request it sees. Most requests
// come seconds after the last one, so while the token is active and its idle window needs no
// sliding yet, the same role checks run here without Auth.js (one decryption, no Set-Cookie).
// Everything else — no cookie, idle, expired, sliding due — goes through Auth.js as before.
export async function proxy(request: NextRequest, event: NextFetchEvent) {
  // A broken %-escape cannot name any page (server/http/broken-escape.ts): answer 400.
  if (!decodablePath(request.nextUrl.pathname)) {
    return new NextResponse(BROKEN_ESCAPE_MESSAGE, {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  const outage = databaseOutageAnswer(request, request.nextUrl.pathname);
  if (outage) return outage;
  // API routes (tRPC, recordings, FHIR) answer data, never a page: they need the session
  // checks below but no script nonce or request-header overrides, and keep the static policy
  // of next.config.mjs. That is two header copies and a nonce less on every tRPC call.
  if (request.nextUrl.pathname.startsWith("/api/")) return authorize(request, event, () => NextResponse.next());

  // A fresh script nonce per request: Next reads it from the request's policy and puts it on
  // its scripts; the root layout hands it to the theme script (server/http/content-security-policy.ts).
  const nonce = newNonce();
  const policy = contentSecurityPolicy({ nonce });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", policy);
  // Where a page that meets a database outage redirects to (server/http/page-outage.ts).
  requestHeaders.set(PAGE_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  const response = await authorize(request, event, () => NextResponse.next({ request: { headers: requestHeaders } }));
  carryRequestHeaders(response, requestHeaders);
  response.headers.set("content-security-policy", policy);
  return response;
}

async function authorize(request: NextRequest, event: NextFetchEvent, next: () => NextResponse): Promise<Response> {
  const token = await readActiveSessionToken(request.cookies);
  if (!token || slideDue(token)) {
    return (auth(next) as unknown as (r: NextRequest, e: NextFetchEvent) => Promise<Response>)(request, event);
  }
  const verdict = authConfig.callbacks.authorized({ auth: sessionOfToken(token), request });
  return verdict instanceof Response ? verdict : next();
}

/**
 * A rewrite (the 403 page for a wrong role) renders a page too, so it needs the nonce on its
 * request like NextResponse.next gets it: copy Next's request-override headers onto it.
 */
function carryRequestHeaders(response: Response, requestHeaders: Headers) {
  if (response.headers.has("x-middleware-override-headers") || response.headers.has("location")) return;
  NextResponse.next({ request: { headers: requestHeaders } }).headers.forEach((value, key) => {
    if (key === "x-middleware-override-headers" || key.startsWith("x-middleware-request-")) response.headers.set(key, value);
  });
}

// Route handlers that authenticate for themselves are left out, so that their responses
// never re-issue (and so race with clearing) the session cookie.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|api/auth|api/pusher|api/webhooks|api/vitals|api/cron).*)"],
};
