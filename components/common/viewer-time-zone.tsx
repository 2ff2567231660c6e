"use client";

import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { timeZoneCookie, timeZoneFromCookie } from "@/lib/time-zone-cookie";

export interface ViewerClock {
  /** The zone every time on the page is shown in. */
  timeZone: string;
  /** "Today" is decided against this: the server's render time until the page is mounted. */
  now: Date;
}

const ViewerClockContext = createContext<ViewerClock | null>(null);

/**
 * The viewer's zone and "now" for every time on the page. The server passes what it knows
 * (the zone cookie, else the account's zone, else UTC) and its render time; the browser's
 * first render uses exactly those, so the HTML and the hydrated page read the same. After
 * mounting, the browser's own zone takes over (and is stored in the cookie for next time).
 */
export function ViewerTimeZoneProvider({ timeZone, renderedAt, children }: { timeZone: string; renderedAt: string; children: ReactNode }) {
  const [clock, setClock] = useState<ViewerClock>(() => ({ timeZone, now: new Date(renderedAt) }));
  useEffect(() => {
    const browserZone = timeZoneFromCookie(Intl.DateTimeFormat().resolvedOptions().timeZone) ?? timeZone;
    const { name, attributes } = timeZoneCookie(window.location.protocol);
    const stored = document.cookie
      .split("; ")
      .find((c) => c.startsWith(`${name}=`))
      ?.slice(name.length + 1);
    if (stored !== encodeURIComponent(browserZone)) {
      document.cookie = `${name}=${encodeURIComponent(browserZone)}; ${attributes}`;
    }
    setClock({ timeZone: browserZone, now: new Date() });
  }, [timeZone]);
  return <ViewerClockContext.Provider value={clock}>{children}</ViewerClockContext.Provider>;
}

/** The viewer's clock; outside a provider (tests, stray islands) UTC at mount time. */
export function useViewerClock(): ViewerClock {
  const clock = useContext(ViewerClockContext);
  const [fallback] = useState<ViewerClock>(() => ({ timeZone: "UTC", now: new Date(0) }));
  return clock ?? fallback;
}
