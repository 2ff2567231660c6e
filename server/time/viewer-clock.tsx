import "server-only";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { ViewerTimeZoneProvider } from "@/components/common/viewer-time-zone";
import { safeTimeZone } from "@/lib/format/visit-time";
import { SECURE_TIME_ZONE_COOKIE, TIME_ZONE_COOKIE, timeZoneFromCookie } from "@/lib/time-zone-cookie";

/** The zone the viewer's browser reported (cookie), else `fallback` (e.g. their record's), else UTC. */
export async function viewerTimeZone(fallback?: string | null): Promise<string> {
  const jar = await cookies();
  const raw = (jar.get(SECURE_TIME_ZONE_COOKIE) ?? jar.get(TIME_ZONE_COOKIE))?.value;
  let decoded: string | undefined;
  try {
    decoded = raw === undefined ? undefined : decodeURIComponent(raw);
  } catch {
    decoded = undefined;
  }
  return timeZoneFromCookie(decoded) ?? safeTimeZone(fallback);
}

/** Gives every <LocalTime> below the viewer's zone and this render's "now" (see ViewerTimeZoneProvider). */
export async function ViewerClock({ fallbackTimeZone, children }: { fallbackTimeZone?: string | null; children: ReactNode }) {
  return (
    <ViewerTimeZoneProvider timeZone={await viewerTimeZone(fallbackTimeZone)} renderedAt={new Date().toISOString()}>
      {children}
    </ViewerTimeZoneProvider>
  );
}
