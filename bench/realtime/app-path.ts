// The app's publish path against raw soketi, in one process, through one soketi, to one
// pusher-js subscriber:
//   raw: the pusher SDK's trigger()                          → pusher-js receives
//   app: createEvent() + realtime().publish()                → pusher-js receives
//        (publishAfterCommit() is exactly that publish, not awaited by the request)
// The app path adds catalogue validation (zod), the channel/size checks and the retry
// wrapper. Events alternate raw/app one at a time (the next leaves once the previous has
// arrived and its HTTP answer is in), so both see the same machine state and neither
// queues behind the other.
//
//   npx tsx bench/realtime/app-path.ts [count=2000]
//
// Bounded: `count` events per path after a warm-up, and 60 s at most.

import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { observationEventPayload } from "@/tests/helpers/observation-event";
import { freePort, percentile } from "@/bench/lib/harness";

// server/realtime/publish.ts is marked server-only; outside Next that needs the
// react-server export condition. Re-run this script with it when it is missing.
if (!process.execArgv.some((arg) => arg.includes("react-server"))) {
  const rerun = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)], {
    stdio: "inherit",
  });
  process.exit(rerun.status ?? 1);
}

const COUNT = Math.max(1, Math.min(100_000, Number(process.argv[2] ?? 2000)));
const WARMUP = 100;
const TIME_LIMIT_MS = 60_000;
const app = { appId: "bench", key: "bench-key", secret: "bench-secret-0123456789" };
const PATIENT_ID = "clz9x8c7v6b5n4m3a2s1d0fg";

const port = await freePort();
// env.js reads these when the app modules load below.
Object.assign(process.env, {
  PUSHER_HOST: "127.0.0.1",
  PUSHER_PORT: String(port),
  PUSHER_USE_TLS: "false",
  PUSHER_APP_ID: app.appId,
  PUSHER_KEY: app.key,
  PUSHER_SECRET: app.secret,
  LOG_LEVEL: "warn",
  // env.js requires one; nothing here signs anyone in.
  AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString("base64url"),
});
delete process.env.PUSHER_CLUSTER;

const [{ startSoketi }, { default: Pusher }, { default: PusherClient }, { createEvent }, { realtime }, { patientChannel }] = await Promise.all([
  import("@/scripts/lib/soketi"),
  import("pusher"),
  import("pusher-js"),
  import("@/lib/realtime/events"),
  import("@/server/realtime/publish"),
  import("@/lib/realtime/channels"),
]);

const soketi = await startSoketi({ port, ...app });
const CHANNEL = patientChannel(PATIENT_ID);
const raw = new Pusher({ ...app, host: soketi.host, port: String(soketi.port), useTLS: false });
const client = new PusherClient(app.key, {
  cluster: "local",
  wsHost: soketi.host,
  wsPort: soketi.port,
  forceTLS: false,
  enabledTransports: ["ws"],
  channelAuthorization: {
    customHandler: ({ socketId, channelName }, callback) => {
      const signed = realtime().authorizeChannel(socketId, channelName);
      callback(signed ? null : new Error("refused"), signed);
    },
  },
});

function reading(seq: number) {
  return observationEventPayload(PATIENT_ID, seq, { heartRate: 60 + (seq % 40) });
}

let waiting: { seq: number; resolve: (at: number) => void } | undefined;
await new Promise<void>((resolve, reject) => {
  const channel = client.subscribe(CHANNEL);
  channel.bind("pusher:subscription_succeeded", () => resolve());
  channel.bind("pusher:subscription_error", () => reject(new Error("subscription refused")));
  channel.bind("vitals.observation", (data: { seq: number }) => {
    if (waiting && data.seq === waiting.seq) waiting.resolve(performance.now());
  });
});
const arrival = (seq: number) => new Promise<number>((resolve) => (waiting = { seq, resolve }));

const samples = { raw: [] as number[], app: [] as number[] };
const deadline = performance.now() + TIME_LIMIT_MS;
let seq = 0;
let timedOut = false;
for (let i = 0; i < WARMUP + COUNT; i++) {
  if (performance.now() > deadline) {
    timedOut = true;
    break;
  }
  for (const path of ["raw", "app"] as const) {
    seq += 1;
    const arrived = arrival(seq);
    const t0 = performance.now();
    if (path === "raw") {
      await Promise.all([raw.trigger(CHANNEL, "vitals.observation", reading(seq)), arrived]);
    } else {
      // What publishAfterCommit runs once a domain transaction has committed.
      const status = await Promise.all([realtime().publish(createEvent("vitals.observation", PATIENT_ID, reading(seq))), arrived]);
      if (status[0] !== "delivered") throw new Error(`app publish ${status[0]}`);
    }
    if (i >= WARMUP) samples[path].push((await arrived) - t0);
  }
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
};
const r = stats(samples.raw);
const a = stats(samples.app);
const ms = (n: number) => `${n.toFixed(2)} ms`;
console.log(
  `one soketi on 127.0.0.1:${port}, one pusher-js subscriber, ${r.n} + ${a.n} events after ${WARMUP} warm-up pairs${timedOut ? " (stopped at the time limit)" : ""}`,
);
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")} on ${availableParallelism()} cores (absolute figures move with it; the ratio is measured under the same load)`,
);
console.log(`raw soketi  trigger → receive          p50 ${ms(r.p50)}  p90 ${ms(r.p90)}  p99 ${ms(r.p99)}  max ${ms(r.max)}`);
console.log(`app path    createEvent+publish → recv  p50 ${ms(a.p50)}  p90 ${ms(a.p90)}  p99 ${ms(a.p99)}  max ${ms(a.max)}`);
console.log(`ratio app/raw                          p50 ${(a.p50 / r.p50).toFixed(2)}×  p99 ${(a.p99 / r.p99).toFixed(2)}×`);

client.disconnect();
realtime().close();
await soketi.stop();
// soketi leaves an interval running after stop (see scripts/lib/soketi.ts).
process.exit(0);
