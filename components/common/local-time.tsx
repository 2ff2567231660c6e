"use client";

import { formatWhen } from "@/lib/format/when";
import { useViewerClock } from "./viewer-time-zone";

/**
 * A date-time in the viewer's own time zone, with the zone named and the date shown whenever
 * it is not today. The zone and "today" come from ViewerClock, so the server's HTML and the
 * browser's first render are the same text (no hydration mismatch, no UTC flash).
 * `dateStyle={null}`: a time (still dated when not today); `timeStyle={null}`: the day only;
 * `timeStyle="medium"`: with seconds.
 */
export function LocalTime({
  value,
  dateStyle = "medium",
  timeStyle = "short",
  todayLabel,
}: {
  value: Date;
  dateStyle?: "full" | "long" | "medium" | "short" | null;
  timeStyle?: "short" | "medium" | null;
  /** e.g. "Today": said instead of omitting today's date. */
  todayLabel?: string;
}) {
  const { timeZone, now } = useViewerClock();
  const style = timeStyle === null ? "date" : dateStyle === null ? "time" : "datetime";
  const when = formatWhen(value, { timeZone, now, style, seconds: timeStyle === "medium", todayLabel });
  return (
    <time dateTime={value.toISOString()} title={timeZone} data-time-zone={timeZone}>
      {when.text}
    </time>
  );
}
