// Retry schedule for the outbox: base, 2×base, 4×base… capped, with up to ±20 % jitter so a
// provider coming back from an outage is not hit by every queued message at the same instant.

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** 0 for none (tests); 0.2 spreads each delay over ±20 %. */
  jitter: number;
}

/** Delay before the next try, after `attempts` tries have failed (attempts ≥ 1). */
export function retryDelayMs(attempts: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponential = policy.baseMs * 2 ** Math.max(0, attempts - 1);
  const capped = Math.min(policy.maxMs, exponential);
  const spread = 1 + policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(capped * spread));
}
