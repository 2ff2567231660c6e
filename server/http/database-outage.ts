// What a browser gets for a page while PostgreSQL is unreachable: 503 + Retry-After and a
// plain page that says so and loads the same address again after Retry-After seconds.
//
// Next gives a page no way to set the status of an error thrown while rendering, so the
// answer comes from proxy.ts, which renders nothing. It knows about the outage from a
// process-wide record kept by the app's database adapter (server/db.ts): every query that
// fails for want of a connection marks it, every query that succeeds clears it. No request
// pays a database round trip for this. The first page render that meets the outage notes it
// and redirects to its own address (server/http/page-outage.ts); proxy.ts then answers that
// request, and every page request on this instance for the next Retry-After seconds,
// without trying the database. After that, the next request tries again.
//
// proxy.ts, the pages and the adapter are separate server bundles with their own copy of
// this module: the record lives on globalThis under a registered symbol.
import { DEFAULT_RETRY_AFTER_SECONDS } from "@/server/errors";

/** The request's own path and query, set by proxy.ts on every request it passes on (never a full URL). */
export const PAGE_PATH_HEADER = "x-bedside-page-path";

const RECORD = Symbol.for("bedside.databaseOutage");

interface OutageRecord {
  /** When a query last failed for want of a connection (ms since epoch), or null. */
  failedAt: number | null;
}

function record(): OutageRecord {
  const holder = globalThis as unknown as { [RECORD]?: OutageRecord };
  holder[RECORD] ??= { failedAt: null };
  return holder[RECORD];
}

export function noteDatabaseUnreachable(now: number = Date.now()): void {
  record().failedAt = now;
}

export function noteDatabaseReachable(): void {
  const r = record();
  if (r.failedAt !== null) r.failedAt = null;
}

/** True while the last failure is younger than Retry-After: page requests are answered without trying. */
export function databaseRecentlyUnreachable(now: number = Date.now()): boolean {
  const { failedAt } = record();
  return failedAt !== null && now - failedAt < DEFAULT_RETRY_AFTER_SECONDS * 1000;
}

/**
 * The outage page. It names no record, shows no address (a join link's token stays out of
 * it), loads nothing (so no Referer can carry the address anywhere) and reloads the same
 * address after Retry-After seconds with a meta refresh, which needs no script.
 */
export function databaseOutagePage({ head = false }: { head?: boolean } = {}): Response {
  const seconds = DEFAULT_RETRY_AFTER_SECONDS;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="${seconds}">
<title>Bedside can't reach its records right now</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#f8fafc}
@media (prefers-color-scheme:dark){body{color:#e2e8f0;background:#0f172a}a{color:#93c5fd}}
main{max-width:32rem;margin:0 auto;min-height:100dvh;display:flex;flex-direction:column;justify-content:center;gap:.75rem;padding:1.5rem;text-align:center}
h1{font-size:1.5rem;margin:0}p{margin:0;line-height:1.5}
</style>
</head>
<body>
<main data-testid="database-outage">
<h1>Bedside can't reach its records right now</h1>
<p>This page will retry in ${seconds} seconds, on its own. Opening it changed nothing: a visit link you followed still works once Bedside is back.</p>
<p><a href="">Try again now</a>. If this keeps happening for more than a few minutes, contact the clinic by phone.</p>
</main>
</body>
</html>
`;
  return new Response(head ? null : html, {
    status: 503,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "retry-after": String(seconds),
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    },
  });
}

/**
 * proxy.ts: the outage page for a page request (GET or HEAD, not an API route, not a server
 * action) while the database was unreachable within the last Retry-After seconds; else null.
 * A client-side navigation's RSC request gets it too: Next's router then loads the address
 * as a full page, which gets this page.
 */
export function databaseOutageAnswer(request: Request, pathname: string): Response | null {
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  if (pathname === "/api" || pathname.startsWith("/api/")) return null;
  if (!databaseRecentlyUnreachable()) return null;
  return databaseOutagePage({ head: request.method === "HEAD" });
}
