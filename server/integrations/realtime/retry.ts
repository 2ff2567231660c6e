// When and whether a failed publish is tried again. Pure, so the policy is tested on its own.

import type { RetryPolicy } from "./types";

// Six attempts over roughly 15 s: long enough to ride out a provider restart, short
// enough that a late event is still worth showing (listeners refetch on reconnect anyway).
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  jitter: 0.2,
  maxQueued: 1000,
};

/** Milliseconds to wait before attempt number `attempt` (2 is the first retry). */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 2));
  return Math.round(exponential * (1 - policy.jitter * random()));
}

/** The HTTP status of a provider error (the pusher SDK's RequestError carries one), if any. */
export function errorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** Network errors, timeouts, 429 and 5xx may pass later; any other 4xx never will. */
export function isRetryable(error: unknown): boolean {
  const status = errorStatus(error);
  return status === undefined || status === 429 || status >= 500;
}

/**
 * A short code for logs: `http_503`, a system error code (`ECONNREFUSED`) or the error's
 * name. Never the message: the SDK's messages embed the request URL.
 */
export function failureCode(error: unknown): string {
  const status = errorStatus(error);
  if (status !== undefined) return `http_${status}`;
  const e = error as { code?: unknown; name?: unknown; error?: { code?: unknown; name?: unknown } } | null;
  for (const candidate of [e?.error?.code, e?.code, e?.error?.name, e?.name]) {
    if (typeof candidate === "string" && /^[A-Za-z0-9_]{1,40}$/.test(candidate)) return candidate;
  }
  return "unknown";
}
