import type { EventPayload } from "@/lib/realtime/events";
import type { WAITING_STATES } from "@/lib/realtime/event-kinds";

/** What the waiting screen shows (waitingRoom.status's answer). */
export interface WaitingStatusView {
  clinicianName: string;
  at: Date;
  state: (typeof WAITING_STATES)[number];
  expectedAt: Date | null;
  minutes: number | null;
  late: { sentAt: Date; minutes: number; until: Date } | null;
}

/**
 * The waiting screen's status after a `waiting.updated` event: the status the event carries
 * (as of its `at`), or the cached one when that is newer. Null when the event carries none
 * (the screen fetches instead).
 */
export function waitingStatusFromEvent(
  cached: WaitingStatusView | undefined,
  event: EventPayload<"waiting.updated">,
  clinicianName: string,
): WaitingStatusView | null {
  const { status } = event;
  if (!status) return null;
  const at = new Date(event.at);
  if (cached && cached.at.getTime() > at.getTime()) return cached;
  return {
    clinicianName: cached?.clinicianName ?? clinicianName,
    at,
    state: status.state,
    expectedAt: status.expectedAt === null ? null : new Date(status.expectedAt),
    minutes: status.minutes,
    late: status.late && { sentAt: new Date(status.late.sentAt), minutes: status.late.minutes, until: new Date(status.late.until) },
  };
}
