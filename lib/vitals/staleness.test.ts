import { describe, expect, it } from "vitest";
import { isStreaming, streamStatus, type StreamReading } from "./staleness";

const device = (t: number, seen = t): StreamReading => ({ source: "DEVICE", observedAt: t, seenAt: seen });
const typed = (t: number): StreamReading => ({ source: "PATIENT", observedAt: t, seenAt: t });

describe("isStreaming", () => {
  it("calls device readings a few seconds apart a stream", () => {
    expect(isStreaming([device(0), device(1000)])).toBe(true);
    expect(isStreaming([device(0), device(10_000)])).toBe(true);
  });

  it("does not call one reading, sparse readings or a typed-in last reading a stream", () => {
    expect(isStreaming([device(0)])).toBe(false);
    expect(isStreaming([device(0), device(10_001)])).toBe(false);
    expect(isStreaming([device(0), device(1000), typed(2000)])).toBe(false);
  });
});

describe("streamStatus", () => {
  it("marks a stream stale after more than 3 s without a reading, not at 3 s", () => {
    const readings = [device(0, 0), device(1000, 1000)];
    expect(streamStatus(readings, 4000)).toEqual({ streaming: true, stale: false, quietForMs: 3000 });
    expect(streamStatus(readings, 4001)).toEqual({ streaming: true, stale: true, quietForMs: 3001 });
  });

  it("never marks typed-in readings stale", () => {
    expect(streamStatus([typed(0)], 3_600_000).stale).toBe(false);
  });

  it("says nothing about an empty view", () => {
    expect(streamStatus([], 1000)).toEqual({ streaming: false, stale: false, quietForMs: null });
  });
});
