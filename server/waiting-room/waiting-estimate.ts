// What the waiting room tells a waiting patient about their clinician, derived from the
// records only: the clinician's other visit in progress (and how long it was booked for),
// the clinician's own "running late" notice, and this visit's booked time.

/** A visit with no booked length (an ad-hoc session) counts as this long. */
export const DEFAULT_VISIT_MINUTES = 15;
/** The minute choices of the clinician's one-click "Running late". */
export const RUNNING_LATE_CHOICES = [5, 10, 15, 30] as const;

export type WaitingState =
  /** The clinician started this session: the call is opening. */
  | "starting"
  /** The clinician is in another visit (its booked end gives the estimate). */
  | "with_another_patient"
  /** The clinician said they are running late. */
  | "running_late"
  /** Early: the visit is booked for later. */
  | "before_time"
  /** On time, the clinician is free and has been told. */
  | "told";

export interface WaitingEstimateInput {
  now: Date;
  status: "SCHEDULED" | "IN_PROGRESS" | "COMPLETED" | "CANCELLED";
  /** This visit's booked start. */
  scheduledStart: Date | null;
  /** The clinician's other session in progress, if any. */
  otherVisit: { startedAt: Date | null; durationMinutes: number | null } | null;
  /** The clinician's latest "running late" for this session. */
  lateNotice: { sentAt: Date; minutes: number } | null;
}

export interface WaitingEstimate {
  state: WaitingState;
  /** When the clinician should be free for this visit; null when unknown or now. */
  expectedAt: Date | null;
  /** Whole minutes until then (at least 1), or null. */
  minutes: number | null;
  /** The running-late notice, while it still applies. */
  late: { sentAt: Date; minutes: number; until: Date } | null;
}

const MIN = 60_000;

export function estimateWait({ now, status, scheduledStart, otherVisit, lateNotice }: WaitingEstimateInput): WaitingEstimate {
  const t = now.getTime();
  const lateUntil = lateNotice ? lateNotice.sentAt.getTime() + lateNotice.minutes * MIN : null;
  // A notice counts until its time has passed (then the clinician is simply late: "told").
  const late = lateNotice && lateUntil !== null && lateUntil > t ? { ...lateNotice, until: new Date(lateUntil) } : null;
  if (status !== "SCHEDULED") return { state: "starting", expectedAt: null, minutes: null, late: null };

  const busyUntil = otherVisit ? (otherVisit.startedAt?.getTime() ?? t) + (otherVisit.durationMinutes ?? DEFAULT_VISIT_MINUTES) * MIN : null;
  const candidates = [busyUntil, late ? lateUntil : null, scheduledStart?.getTime() ?? null].filter((v): v is number => v !== null && v > t);
  const expected = candidates.length ? Math.max(...candidates) : null;
  const minutes = expected === null ? null : Math.max(1, Math.ceil((expected - t) / MIN));
  const state: WaitingState = otherVisit ? "with_another_patient" : late ? "running_late" : expected !== null ? "before_time" : "told";
  return {
    state,
    expectedAt: expected === null ? null : new Date(expected),
    minutes,
    late,
  };
}

/** The sentence the waiting room shows, e.g. "Dr Okafor is finishing another visit — about 5 min". */
export function waitingSentence(clinician: string, e: Pick<WaitingEstimate, "state" | "minutes">): string {
  const about = e.minutes !== null ? ` — about ${e.minutes} min` : "";
  switch (e.state) {
    case "starting":
      return `${clinician} is letting you in now`;
    case "with_another_patient":
      return e.minutes !== null ? `${clinician} is finishing another visit${about}` : `${clinician} is finishing another visit and will be with you shortly`;
    case "running_late":
      return `${clinician} is running late${about}`;
    case "before_time":
      return `Your visit with ${clinician} starts${e.minutes !== null ? ` in about ${e.minutes} min` : " soon"}`;
    case "told":
      return `${clinician} knows you are here and will let you in shortly`;
  }
}
