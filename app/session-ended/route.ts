import { NextResponse, type NextRequest } from "next/server";

// Auth.js cookie names, plain and __Secure- (HTTPS), possibly split into chunks.
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

/**
 * Where server pages send a browser whose JWT is still valid but whose session the database
 * has ended (signed out elsewhere, deactivated, expired): clear the cookie so proxy.ts stops
 * treating it as signed in, then show sign-in with an explanation.
 */
export function GET(req: NextRequest) {
  const res = NextResponse.redirect(new URL("/signin?reason=expired", req.nextUrl));
  for (const c of req.cookies.getAll()) {
    if (SESSION_COOKIE.test(c.name)) res.cookies.set(c.name, "", { maxAge: 0, path: "/", secure: c.name.startsWith("__Secure-") });
  }
  return res;
}
