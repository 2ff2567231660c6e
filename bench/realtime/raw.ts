// Raw soketi latency: pusher SDK trigger → pusher-js subscriber, in one process on loopback.
// The baseline for the app's own publish path (validation, size check, retry wrapper).
//
//   npx tsx bench/realtime/raw.ts [count=2000]
//
// Events go one at a time (the next leaves once the previous has been received and its
// HTTP response read), so each figure is a full trip with no queueing behind another.

import Pusher from "pusher";
import PusherClient from "pusher-js";
import { startSoketi } from "@/scripts/lib/soketi";
import { observationEventPayload } from "@/tests/helpers/observation-event";
import { freePort, percentile } from "@/bench/lib/harness";

const COUNT = Math.max(1, Number(process.argv[2] ?? 2000));
const WARMUP = 100;
const TIME_LIMIT_MS = 60_000;
const app = { appId: "bench", key: "bench-key", secret: "bench-secret" };
const CHANNEL = "private-patient-clz9x8c7v6b5n4m3a2s1d0fg";
// A vitals.observation event's payload, as the app path sends it.
const PAYLOAD = observationEventPayload("clz9x8c7v6b5n4m3a2s1d0fg", 0, { observedAt: new Date(0).toISOString() });

function summary(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (n: number) => `${n.toFixed(2)} ms`;
  return `${label.padEnd(20)} p50 ${f(percentile(sorted, 50))}  p90 ${f(percentile(sorted, 90))}  p99 ${f(percentile(sorted, 99))}  max ${f(sorted.at(-1) ?? NaN)}`;
}

const startedAt = performance.now();
const soketi = await startSoketi({ port: await freePort(), ...app });
const startMs = performance.now() - startedAt;

const server = new Pusher({ ...app, host: soketi.host, port: String(soketi.port), useTLS: false });
const client = new PusherClient(app.key, {
  cluster: "local",
  wsHost: soketi.host,
  wsPort: soketi.port,
  forceTLS: false,
  enabledTransports: ["ws"],
  channelAuthorization: {
    customHandler: ({ socketId, channelName }, callback) => callback(null, server.authorizeChannel(socketId, channelName)),
  },
});

let onReceive: ((seq: number) => void) | undefined;
await new Promise<void>((resolve, reject) => {
  const channel = client.subscribe(CHANNEL);
  channel.bind("pusher:subscription_succeeded", () => resolve());
  channel.bind("pusher:subscription_error", () => reject(new Error("subscription refused")));
  channel.bind("bench", (data: { seq: number }) => onReceive?.(data.seq));
});

const receive: number[] = [];
const response: number[] = [];
const deadline = performance.now() + TIME_LIMIT_MS;
const loopStart = performance.now();
let sent = 0;
for (let seq = 0; seq < WARMUP + COUNT && performance.now() < deadline; seq++) {
  const t0 = performance.now();
  const received = new Promise<number>((resolve) => {
    onReceive = (got) => got === seq && resolve(performance.now());
  });
  const answered = server.trigger(CHANNEL, "bench", { ...PAYLOAD, seq }).then(() => performance.now());
  const [receivedAt, answeredAt] = await Promise.all([received, answered]);
  if (seq >= WARMUP) {
    receive.push(receivedAt - t0);
    response.push(answeredAt - t0);
  }
  sent++;
}
const loopMs = performance.now() - loopStart;

console.log(`soketi started in ${startMs.toFixed(0)} ms (module load included)`);
console.log(`${receive.length} events measured after ${WARMUP} warm-up, ${(sent / (loopMs / 1000)).toFixed(0)} events/s one at a time`);
console.log(summary("trigger → receive", receive));
console.log(summary("trigger → HTTP 200", response));

client.disconnect();
await soketi.stop();
// soketi leaves an interval running after stop (see scripts/lib/soketi.ts).
process.exit(0);
