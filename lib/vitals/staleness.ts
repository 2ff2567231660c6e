// "Is this live view current?" A device that streams (readings seconds apart) and then goes
// quiet for more than STALE_AFTER_MS is marked stale, so nobody mistakes the last value on
// screen for the patient's condition now. Readings typed in by people are not a stream and
// never go stale this way (their age is shown instead).

export const STALE_AFTER_MS = 3_000;
/** Two device readings at most this far apart make a stream. */
export const STREAM_MAX_INTERVAL_MS = 10_000;

export interface StreamReading {
  source: "DEVICE" | "PATIENT" | "CLINICIAN";
  observedAt: number;
  /** When this browser had it (receipt of a live event, or its server receipt corrected for clock offset). */
  seenAt: number;
}

/** Whether the newest readings come from a streaming device. */
export function isStreaming(readings: readonly StreamReading[]): boolean {
  const device = readings.filter((r) => r.source === "DEVICE").sort((a, b) => a.observedAt - b.observedAt);
  const last = device.at(-1);
  const previous = device.at(-2);
  if (!last || !previous) return false;
  const newest = readings.reduce((a, b) => (b.observedAt > a.observedAt ? b : a));
  return newest.source === "DEVICE" && last.observedAt - previous.observedAt <= STREAM_MAX_INTERVAL_MS;
}

export interface StreamStatus {
  streaming: boolean;
  stale: boolean;
  /** Milliseconds since the newest reading reached this browser. */
  quietForMs: number | null;
}

export function streamStatus(readings: readonly StreamReading[], now: number): StreamStatus {
  if (readings.length === 0) return { streaming: false, stale: false, quietForMs: null };
  const lastSeen = Math.max(...readings.map((r) => r.seenAt));
  const quietForMs = Math.max(0, now - lastSeen);
  const streaming = isStreaming(readings);
  return { streaming, stale: streaming && quietForMs > STALE_AFTER_MS, quietForMs };
}
