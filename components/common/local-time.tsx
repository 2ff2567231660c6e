"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => undefined;

/**
 * A date-time in the viewer's own time zone. The server does not know that zone, so it
 * renders UTC and the browser replaces it on hydration (no mismatch warning).
 */
export function LocalTime({ value, dateStyle = "medium", timeStyle = "short" }: { value: Date; dateStyle?: "full" | "long" | "medium" | "short" | null; timeStyle?: "short" | "medium" | null }) {
  const onClient = useSyncExternalStore(subscribe, () => true, () => false);
  const opts: Intl.DateTimeFormatOptions = {
    ...(dateStyle ? { dateStyle } : {}),
    ...(timeStyle ? { timeStyle } : {}),
    ...(onClient ? {} : { timeZone: "UTC" }),
  };
  const text = new Intl.DateTimeFormat(onClient ? undefined : "en-GB", opts).format(value);
  return (
    <time dateTime={value.toISOString()} suppressHydrationWarning>
      {onClient ? text : `${text} UTC`}
    </time>
  );
}
