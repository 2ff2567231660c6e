import "server-only";
import { env } from "@/env";

// CSRF defence for cookie-authenticated route handlers that change state (tRPC mutations,
// the realtime channel grant): a browser always sends Origin on such cross-site requests,
// so a request whose Origin is neither this app's APP_URL nor the host it was sent to is
// refused. Requests without Origin are not from a cross-site page (curl, devices, tests).
// Server actions get the same check from Next itself; SameSite=Lax cookies are the second
// line.

export function crossSiteOrigin(headers: Pick<Headers, "get">, appUrl: string = env.APP_URL): string | null {
  const origin = headers.get("origin");
  if (!origin) return null;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return origin; // "null" (sandboxed frames, file://) or garbage
  }
  const allowed = new Set<string>();
  try {
    allowed.add(new URL(appUrl).host);
  } catch {
    // APP_URL is validated by env.js; nothing to add
  }
  for (const h of [headers.get("x-forwarded-host"), headers.get("host")]) if (h) allowed.add(h.split(",")[0]!.trim());
  return allowed.has(originHost) ? null : origin;
}

export function crossSiteRefusalBody() {
  return { error: "cross_site_request", message: "This request came from another site and was refused. Open Bedside directly and try again." };
}

export function crossSiteRefusal(): Response {
  return Response.json(crossSiteRefusalBody(), { status: 403 });
}
