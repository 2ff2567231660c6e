import NextAuth from "next-auth";
import { authConfig } from "@/server/auth/config";

// Runs before every page and API request: slides the staff idle window, expires old
// sessions and keeps each role on its own pages. No database access here by design.
const { auth } = NextAuth(authConfig);
export { auth as proxy };

// Route handlers that authenticate for themselves are left out, so that their responses
// never re-issue (and so race with clearing) the session cookie.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|api/auth|api/pusher|api/webhooks|api/vitals|api/cron).*)"],
};
