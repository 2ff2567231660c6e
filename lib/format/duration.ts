// Lengths of time, for people. The one duration formatter: every "how long" on screen, in
// emails and in countdowns goes through here.

export interface DurationOptions {
  /**
   * "words" (default): "45 s", "12 min 05 s", "1 h 1 min".
   * "clock": "12:05", "1:01:40" — for media positions and lists of recordings.
   */
  style?: "words" | "clock";
}

/** Seconds (rounded; negatives read as 0) to text; null/undefined → "—". */
export function formatDuration(seconds: number | null | undefined, { style = "words" }: DurationOptions = {}): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "—";
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  if (style === "clock") return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${ss} s`;
  return `${s} s`;
}

/**
 * How long until something, for "You can join in …": as formatDuration close by (seconds
 * rounded up, so it never reads "0 s" early), then whole days past 48 hours ("365 days",
 * never "8778 h").
 */
export function formatTimeUntil(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s >= 48 * 3600) return `${Math.floor(s / 86_400)} days`;
  return formatDuration(s);
}
