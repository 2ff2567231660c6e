// The viewer's time zone travels from the browser to the server in a cookie, so server-rendered
// times are already in the viewer's zone and the browser's first render matches them exactly.

import { safeTimeZone } from "@/lib/format/visit-time";

export const TIME_ZONE_COOKIE = "bedside-tz";

/** The zone a cookie names, if it is a real IANA zone (a forged or stale value is ignored). */
export function timeZoneFromCookie(value: string | null | undefined): string | null {
  if (!value || value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return null;
  const tz = safeTimeZone(value);
  return tz === value ? tz : null;
}
