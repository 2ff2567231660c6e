import { describe, expect, it } from "vitest";
import { appendSamples, MAX_SAMPLES, qualityOf, summarizeStats } from "./stats";

// Shaped like Chromium's getStats() output for one peer connection.
function report(o: { bytesReceived: number; bytesSent: number; packetsReceived: number; packetsLost: number; rtt: number; relay?: boolean }) {
  return [
    { id: "T1", type: "transport", selectedCandidatePairId: "CP1" },
    { id: "CP1", type: "candidate-pair", state: "succeeded", nominated: true, currentRoundTripTime: o.rtt, localCandidateId: "L1", remoteCandidateId: "R1" },
    { id: "CP2", type: "candidate-pair", state: "failed", currentRoundTripTime: 9 },
    { id: "L1", type: "local-candidate", candidateType: o.relay ? "relay" : "host" },
    { id: "R1", type: "remote-candidate", candidateType: "host" },
    {
      id: "IV",
      type: "inbound-rtp",
      kind: "video",
      bytesReceived: o.bytesReceived,
      packetsReceived: o.packetsReceived,
      packetsLost: o.packetsLost,
      jitter: 0.004,
      frameWidth: 640,
      frameHeight: 480,
      framesPerSecond: 30,
    },
    { id: "IA", type: "inbound-rtp", kind: "audio", bytesReceived: 0, packetsReceived: 0, packetsLost: 0, jitter: 0.002 },
    { id: "OV", type: "outbound-rtp", kind: "video", bytesSent: o.bytesSent },
  ];
}

describe("summarizeStats", () => {
  it("turns two reports two seconds apart into rates, loss and the selected path", () => {
    const first = summarizeStats(report({ bytesReceived: 0, bytesSent: 0, packetsReceived: 0, packetsLost: 0, rtt: 0.05 }), {
      peerId: "p",
      now: 0,
      previous: null,
    });
    const second = summarizeStats(report({ bytesReceived: 250_000, bytesSent: 125_000, packetsReceived: 980, packetsLost: 20, rtt: 0.05 }), {
      peerId: "p",
      now: 2000,
      previous: first.counters,
    });
    expect(first.sample.inboundKbps).toBeNull();
    expect(second.sample).toMatchObject({
      peerId: "p",
      rttMs: 50,
      jitterMs: 2,
      inboundKbps: 1000,
      outboundKbps: 500,
      packetsLostPct: 2,
      frameWidth: 640,
      frameHeight: 480,
      framesPerSecond: 30,
      candidateType: "host",
      quality: "good",
    });
  });

  it("says when the call goes through a TURN relay", () => {
    const { sample } = summarizeStats(report({ bytesReceived: 1, bytesSent: 1, packetsReceived: 1, packetsLost: 0, rtt: 0.02, relay: true }), {
      peerId: "p",
      now: 0,
      previous: null,
    });
    expect(sample.candidateType).toBe("relay");
  });

  it("knows nothing about a connection that has not connected", () => {
    const { sample } = summarizeStats([], { peerId: "p", now: 0, previous: null });
    expect(sample).toMatchObject({ rttMs: null, packetsLostPct: null, quality: "unknown", candidateType: null });
  });
});

describe("qualityOf", () => {
  it.each([
    [40, 0, "excellent"],
    [200, 0, "good"],
    [40, 3, "good"],
    [500, 0, "poor"],
    [40, 8, "poor"],
  ] as const)("rates %s ms round trip with %s%% loss as %s", (rtt, loss, quality) => {
    expect(qualityOf(rtt, loss)).toBe(quality);
  });
});

it("keeps only the most recent samples", () => {
  const many = Array.from({ length: MAX_SAMPLES + 5 }, (_, i) => ({ at: String(i) }) as never);
  const kept = appendSamples([], many);
  expect(kept).toHaveLength(MAX_SAMPLES);
  expect((kept[0] as { at: string }).at).toBe("5");
});
