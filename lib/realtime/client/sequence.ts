// Gap detection for streams whose events carry a per-record sequence number (vitals per
// patient, session state). Pusher delivers at most once and our publisher retries without
// ordering, so a client keeps the highest seq it has applied, ignores anything not newer,
// and refetches when a number was skipped.

export type SequenceVerdict =
  /** Exactly the next number, or the first one seen with no baseline: apply it. */
  | "next"
  /** Newer, but at least one number before it never arrived: apply it and refetch. */
  | "gap"
  /** Not newer than what is already applied (a duplicate or a late retry): ignore it. */
  | "stale";

export class SequenceGate {
  private lastSeq: number | null;

  /** `initial`: the seq the current state already includes (from the last fetch), if known. */
  constructor(initial: number | null = null) {
    this.lastSeq = initial;
  }

  get last(): number | null {
    return this.lastSeq;
  }

  observe(seq: number): SequenceVerdict {
    if (!Number.isSafeInteger(seq) || seq < 0) return "stale";
    const last = this.lastSeq;
    if (last !== null && seq <= last) return "stale";
    this.lastSeq = seq;
    return last === null || seq === last + 1 ? "next" : "gap";
  }

  /** A refetch returned state up to `seq`: later events continue from there. Never goes back. */
  advanceTo(seq: number): void {
    if (!Number.isSafeInteger(seq) || seq < 0) return;
    if (this.lastSeq === null || seq > this.lastSeq) this.lastSeq = seq;
  }
}
