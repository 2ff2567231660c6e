// The viewer's time zone travels from the browser to the server in a cookie, so server-rendered
// times are already in the viewer's zone and the browser's first render matches them exactly.

import { safeTimeZone } from "@/lib/format/visit-time";

export const TIME_ZONE_COOKIE = "bedside-tz";
/**
 * The name on HTTPS: `__Secure-` makes browsers refuse it from plain HTTP, so a network
 * attacker cannot plant a wrong zone (which would shift every appointment time shown).
 * The browser writes it (it is not HttpOnly) and it holds only an IANA zone name.
 */
export const SECURE_TIME_ZONE_COOKIE = "__Secure-bedside-tz";

/** The cookie name and attributes the browser writes, by the page's protocol. */
export function timeZoneCookie(protocol: string): { name: string; attributes: string } {
  const secure = protocol === "https:";
  return { name: secure ? SECURE_TIME_ZONE_COOKIE : TIME_ZONE_COOKIE, attributes: `Path=/; Max-Age=31536000; SameSite=Lax${secure ? "; Secure" : ""}` };
}

/** The zone a cookie names, if it is a real IANA zone (a forged or stale value is ignored). */
export function timeZoneFromCookie(value: string | null | undefined): string | null {
  if (!value || value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return null;
  const tz = safeTimeZone(value);
  return tz === value ? tz : null;
}
