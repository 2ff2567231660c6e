// Connection statistics from WebRTC's getStats(), boiled down to what helps with a
// technical issue report: round trip, jitter, loss, bitrates, resolution, frame rate and
// whether the media went direct or through a relay. Pure, so it is tested without a browser.
import type { VideoProviderName } from "./connection";

export type ConnectionQuality = "excellent" | "good" | "poor" | "unknown";

export interface ConnectionSample {
  /** ISO time of the sample. */
  at: string;
  /** The other side: a P2P peer id, or a LiveKit participant identity ("server" for the SFU link). */
  peerId: string;
  rttMs: number | null;
  jitterMs: number | null;
  /** Share of incoming packets lost since the previous sample, in percent. */
  packetsLostPct: number | null;
  inboundKbps: number | null;
  outboundKbps: number | null;
  frameWidth: number | null;
  frameHeight: number | null;
  framesPerSecond: number | null;
  /** host | srflx | prflx | relay: relay means the call goes through TURN. */
  candidateType: string | null;
  quality: ConnectionQuality;
}

/** Recent samples, oldest first (at most MAX_SAMPLES), as handed to `onStats`. */
export interface CallStats {
  provider: VideoProviderName;
  samples: ConnectionSample[];
}

export const MAX_SAMPLES = 60;

/** Running totals kept between samples to turn counters into rates. */
export interface StatsCounters {
  at: number;
  bytesReceived: number;
  bytesSent: number;
  packetsReceived: number;
  packetsLost: number;
}

type Stat = Record<string, unknown> & { type: string; id: string };

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const round = (v: number | null, digits = 0) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

export function qualityOf(rttMs: number | null, lossPct: number | null): ConnectionQuality {
  if (rttMs === null && lossPct === null) return "unknown";
  if ((rttMs ?? 0) > 400 || (lossPct ?? 0) > 5) return "poor";
  if ((rttMs ?? 0) > 150 || (lossPct ?? 0) > 1) return "good";
  return "excellent";
}

/** One sample from a stats report (an RTCStatsReport's values, or any list of stats). */
export function summarizeStats(
  stats: Iterable<unknown>,
  opts: { peerId: string; now: number; previous: StatsCounters | null },
): { sample: ConnectionSample; counters: StatsCounters } {
  const all = [...stats] as Stat[];
  const byId = new Map(all.map((s) => [s.id, s]));
  const transport = all.find((s) => s.type === "transport" && typeof s.selectedCandidatePairId === "string");
  const pair =
    (transport ? byId.get(transport.selectedCandidatePairId as string) : undefined) ??
    all.find((s) => s.type === "candidate-pair" && s.state === "succeeded" && (s.nominated === true || s.selected === true));

  const inbound = all.filter((s) => s.type === "inbound-rtp");
  const outbound = all.filter((s) => s.type === "outbound-rtp");
  const video = inbound.find((s) => s.kind === "video");
  const audio = inbound.find((s) => s.kind === "audio");
  const sum = (list: Stat[], key: string) => list.reduce((total, s) => total + (num(s[key]) ?? 0), 0);

  const counters: StatsCounters = {
    at: opts.now,
    bytesReceived: sum(inbound, "bytesReceived"),
    bytesSent: sum(outbound, "bytesSent"),
    packetsReceived: sum(inbound, "packetsReceived"),
    packetsLost: sum(inbound, "packetsLost"),
  };
  const prev = opts.previous;
  const seconds = prev ? (counters.at - prev.at) / 1000 : 0;
  const rate = (now: number, before: number) => (prev && seconds > 0 ? Math.max(0, ((now - before) * 8) / 1000 / seconds) : null);
  const lostDelta = prev ? counters.packetsLost - prev.packetsLost : null;
  const receivedDelta = prev ? counters.packetsReceived - prev.packetsReceived : null;
  const packetsLostPct =
    lostDelta !== null && receivedDelta !== null && lostDelta + receivedDelta > 0 ? Math.max(0, (lostDelta / (lostDelta + receivedDelta)) * 100) : null;

  const rtt = num(pair?.currentRoundTripTime);
  const rttMs = rtt === null ? null : rtt * 1000;
  const jitter = num(audio?.jitter) ?? num(video?.jitter);
  const local = pair ? byId.get(pair.localCandidateId as string) : undefined;
  const remote = pair ? byId.get(pair.remoteCandidateId as string) : undefined;
  const candidateType =
    local?.candidateType === "relay" || remote?.candidateType === "relay" ? "relay" : ((local?.candidateType as string | undefined) ?? null);

  return {
    counters,
    sample: {
      at: new Date(opts.now).toISOString(),
      peerId: opts.peerId,
      rttMs: round(rttMs),
      jitterMs: round(jitter === null ? null : jitter * 1000, 1),
      packetsLostPct: round(packetsLostPct, 2),
      inboundKbps: round(rate(counters.bytesReceived, prev?.bytesReceived ?? 0)),
      outboundKbps: round(rate(counters.bytesSent, prev?.bytesSent ?? 0)),
      frameWidth: num(video?.frameWidth),
      frameHeight: num(video?.frameHeight),
      framesPerSecond: num(video?.framesPerSecond),
      candidateType,
      quality: qualityOf(rttMs, packetsLostPct),
    },
  };
}

/** Appends samples, keeping the most recent MAX_SAMPLES. */
export function appendSamples(history: ConnectionSample[], samples: ConnectionSample[]): ConnectionSample[] {
  const next = [...history, ...samples];
  return next.length > MAX_SAMPLES ? next.slice(next.length - MAX_SAMPLES) : next;
}
