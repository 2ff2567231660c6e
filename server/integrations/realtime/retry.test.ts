import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, failureCode, isRetryable, retryDelayMs } from "./retry";

const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 500, maxDelayMs: 8000, jitter: 0.2 };

describe("retryDelayMs", () => {
  it("doubles from the base delay and stops at the maximum", () => {
    const delays = [2, 3, 4, 5, 6, 7, 8].map((attempt) => retryDelayMs(policy, attempt, () => 0));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it("removes at most the jitter fraction of a delay", () => {
    expect(retryDelayMs(policy, 3, () => 0.999999)).toBe(800);
    expect(retryDelayMs(policy, 3, () => 0.5)).toBe(900);
  });
});

describe("isRetryable", () => {
  it("retries network failures, timeouts, 429 and 5xx but not requests the provider refuses", () => {
    expect(isRetryable(Object.assign(new Error("Request failed"), { error: { code: "ECONNREFUSED" } }))).toBe(true);
    expect(isRetryable({ status: 503 })).toBe(true);
    expect(isRetryable({ status: 429 })).toBe(true);
    expect(isRetryable({ status: 400 })).toBe(false);
    expect(isRetryable({ status: 401 })).toBe(false);
    expect(isRetryable({ status: 413 })).toBe(false);
  });
});

describe("failureCode", () => {
  it("names the failure without repeating the error message", () => {
    const url = "http://127.0.0.1:6001/apps/1/events?auth_signature=abc";
    expect(failureCode(Object.assign(new Error(url), { status: 503 }))).toBe("http_503");
    expect(failureCode(Object.assign(new Error(url), { error: { code: "ECONNREFUSED" } }))).toBe("ECONNREFUSED");
    expect(failureCode(new TypeError(url))).toBe("TypeError");
    expect(failureCode({ name: "a message with spaces and a patient's name" })).toBe("unknown");
  });
});
