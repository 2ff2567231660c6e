// Live vitals end to end, against raw soketi in the same run:
//   app: POST /api/vitals (the real route handler: token check, rate limit, validation,
//        one transaction storing, scoring NEWS2 and evaluating alerts, audit) → publish after
//        commit → soketi → a subscribed pusher-js client receives vitals.observation
//   raw: the pusher SDK's trigger() of a same-sized payload → soketi → the same client
// Both are open-loop at a fixed rate (readings leave on schedule whatever the answers do),
// spread over many patients (one device each), for each rate in turn. Every reading the API
// stored must arrive: lost = stored − received, after a bounded drain.
//
//   npx tsx bench/vitals/ingest.ts [--rates 100,500] [--seconds 10] [--patients 100] [--batch 1]
//
// The app runs in its own process (bench/vitals/api-server.ts, as `next start` would), so the
// load generator and the subscriber do not share its event loop.
// Database: a fresh one on TEST_DATABASE_URL's PostgreSQL server when set (as CI does),
// else embedded PGlite (then with a one-connection pool; PGlite serves one statement at a
// time, so expect far lower throughput). Everything listens on 127.0.0.1 and is torn down.

import { fork, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Agent, request as httpRequest, type IncomingMessage } from "node:http";
import { createServer as createNetServer } from "node:net";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";

// server/* is marked server-only; outside Next that needs the react-server export condition.
if (!process.execArgv.some((arg) => arg.includes("react-server"))) {
  const rerun = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(rerun.status ?? 1);
}

const { values: args } = parseArgs({
  options: {
    rates: { type: "string", default: "100,500" },
    seconds: { type: "string", default: "10" },
    patients: { type: "string", default: "100" },
    batch: { type: "string", default: "1" },
  },
});
const RATES = args.rates.split(",").map(Number).filter((r) => r > 0 && r <= 2000);
const SECONDS = Math.min(60, Math.max(1, Number(args.seconds)));
const PATIENTS = Math.min(1000, Math.max(1, Number(args.patients)));
// Readings per request: 1 (every reading posted on its own, the default), or a device's buffer.
const BATCH = Math.min(100, Math.max(1, Number(args.batch)));
const DRAIN_MS = 15_000;
const app = { appId: "bench", key: "bench-key", secret: `bench-secret-${randomBytes(8).toString("hex")}` };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const { provisionTestDatabase } = await import("@/tests/db/provision");
const database = await provisionTestDatabase();
const soketiPort = await freePort();
Object.assign(process.env, {
  DATABASE_URL: database.url,
  DATABASE_POOL_SIZE: database.kind === "pglite" ? "1" : "10",
  PUSHER_HOST: "127.0.0.1",
  PUSHER_PORT: String(soketiPort),
  PUSHER_USE_TLS: "false",
  PUSHER_APP_ID: app.appId,
  PUSHER_KEY: app.key,
  PUSHER_SECRET: app.secret,
  LOG_LEVEL: "warn",
  AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString("base64url"),
  // The bench measures the path, not the per-device limit.
  VITALS_DEVICE_RATE_LIMIT_PER_MINUTE: "1000000",
});
delete process.env.PUSHER_CLUSTER;

const [{ startSoketi }, { default: Pusher }, { default: PusherClient }, { db }, { newDeviceToken }, { simulateReading, seededRandom }, { patientChannel }] =
  await Promise.all([
    import("@/scripts/lib/soketi"),
    import("pusher"),
    import("pusher-js"),
    import("@/server/db"),
    import("@/server/vitals/device-token-secret"),
    import("@/scripts/lib/vitals-scenarios"),
    import("@/lib/realtime/channels"),
  ]);

const soketi = await startSoketi({ port: soketiPort, ...app });

// ─── patients, devices ───
const clinician = await db.user.create({ data: { email: `bench-${randomBytes(4).toString("hex")}@bench.local`, role: "CLINICIAN", name: "Bench" } });
const devices: { patientId: string; token: string }[] = [];
for (let i = 0; i < PATIENTS; i++) {
  const patient = await db.patient.create({
    data: { mrn: `BENCH-${i}-${randomBytes(3).toString("hex")}`, givenName: "Bench", familyName: `P${i}`, dateOfBirth: new Date("1960-01-01"), sex: "UNKNOWN", careTeam: { create: { clinicianId: clinician.id } } },
  });
  const secret = newDeviceToken();
  await db.deviceToken.create({ data: { patientId: patient.id, name: "bench", tokenHash: secret.tokenHash, prefix: secret.prefix, createdById: clinician.id } });
  devices.push({ patientId: patient.id, token: secret.token });
}

// ─── the device API in its own process ───
const apiPort = await freePort();
const apiProcess = fork(new URL("./api-server.ts", import.meta.url).pathname, [String(apiPort)], {
  execArgv: [...process.execArgv],
  env: process.env,
  stdio: "inherit",
});
await new Promise<void>((resolve, reject) => {
  apiProcess.once("message", () => resolve());
  apiProcess.once("exit", (code) => reject(new Error(`api server exited (${code})`)));
});
const agent = new Agent({ keepAlive: true, maxSockets: 128 });

function post(token: string, body: unknown): Promise<{ status: number; json: { readings?: { seq: number; status: string }[] } }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = httpRequest(
      { host: "127.0.0.1", port: apiPort, path: "/api/vitals", method: "POST", agent, headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "content-length": Buffer.byteLength(payload) } },
      (res: IncomingMessage) => {
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => parts.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(parts).toString("utf8") || "{}") }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

// ─── one subscriber for everything ───
const server = new Pusher({ ...app, host: soketi.host, port: String(soketi.port), useTLS: false });
const client = new PusherClient(app.key, {
  cluster: "local",
  wsHost: soketi.host,
  wsPort: soketi.port,
  forceTLS: false,
  enabledTransports: ["ws"],
  channelAuthorization: { endpoint: "/unused", transport: "ajax", customHandler: ({ socketId, channelName }, callback) => callback(null, server.authorizeChannel(socketId, channelName)) },
});
const received = new Map<string, number>();
const rawReceived = new Map<number, number>();
const rawPatient = `c${randomBytes(12).toString("hex")}`;
await Promise.all(
  [...devices.map((d) => d.patientId), rawPatient].map(
    (patientId) =>
      new Promise<void>((resolve, reject) => {
        const channel = client.subscribe(patientChannel(patientId));
        channel.bind("pusher:subscription_succeeded", () => resolve());
        channel.bind("pusher:subscription_error", () => reject(new Error("subscription refused")));
        channel.bind("vitals.observation", (data: { patientId: string; seq: number }) => received.set(`${data.patientId}:${data.seq}`, performance.now()));
        channel.bind("bench.raw", (data: { i: number }) => rawReceived.set(data.i, performance.now()));
      }),
  ),
);

const random = seededRandom(42);

/** Calls `send(i)` at `rate` per second for SECONDS, on schedule; resolves when all have been sent. */
async function openLoop(rate: number, send: (i: number) => void): Promise<number> {
  const total = Math.round(rate * SECONDS);
  const start = performance.now();
  let i = 0;
  while (i < total) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate) + 1;
    while (i < Math.min(due, total)) send(i++);
    await new Promise((r) => setTimeout(r, 1));
  }
  return total;
}

async function drain(done: () => boolean): Promise<void> {
  const until = performance.now() + DRAIN_MS;
  while (!done() && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
}

interface PhaseResult {
  sent: number;
  stored: number;
  delivered: number;
  lost: number;
  errors: number;
  /** Readings stored only after a resend (the API answered 503 busy, or the post failed). */
  retried: number;
  /** Readings stored per second, from the first send to the last answer. */
  throughput: number;
  p50: number;
  p99: number;
  max: number;
}

/** `batch` readings per request (a device that buffers), so `rate / batch` requests per second. */
async function appPhase(rate: number, batch = 1): Promise<PhaseResult> {
  const sentAt = new Map<string, number>();
  const pending: Promise<void>[] = [];
  let errors = 0;
  let retried = 0;
  const run = randomBytes(3).toString("hex");
  const started = performance.now();
  const requests = await openLoop(rate / batch, (i) => {
    const device = devices[i % devices.length]!;
    const t0 = performance.now();
    const readings = Array.from({ length: batch }, (_, j) => ({
      idempotencyKey: `b-${run}-${i}-${j}`,
      observedAt: new Date(Date.now() - (batch - 1 - j) * 10).toISOString(),
      ...simulateReading("stable", 0, random),
    }));
    // As a device does: a refused or failed post is sent again, same idempotency keys.
    const attempt = async (n: number): Promise<void> => {
      const result = await post(device.token, batch === 1 ? readings[0] : { readings }).catch(() => null);
      const stored = result?.json.readings ?? [];
      if (result && (result.status === 201 || result.status === 200) && stored.length === batch) {
        for (const r of stored) sentAt.set(`${device.patientId}:${r.seq}`, t0);
        if (n > 0) retried += batch;
        return;
      }
      if (n >= 5) {
        errors += batch;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500 * (n + 1)));
      return attempt(n + 1);
    };
    pending.push(attempt(0));
  });
  const sent = requests * batch;
  await Promise.all(pending);
  const storedIn = (performance.now() - started) / 1000;
  await drain(() => [...sentAt.keys()].every((k) => received.has(k)));
  const latencies = [...sentAt].filter(([k]) => received.has(k)).map(([k, t0]) => received.get(k)! - t0).sort((a, b) => a - b);
  return { sent, stored: sentAt.size, delivered: latencies.length, lost: sent - latencies.length, errors, retried, throughput: sentAt.size / storedIn, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN };
}

let rawSeq = 0;
async function rawPhase(rate: number): Promise<PhaseResult> {
  const sentAt = new Map<number, number>();
  const pending: Promise<unknown>[] = [];
  let errors = 0;
  const channel = patientChannel(rawPatient);
  const sent = await openLoop(rate, () => {
    const i = rawSeq++;
    const t0 = performance.now();
    sentAt.set(i, t0);
    const payload = { i, patientId: rawPatient, seq: i, observedAt: new Date().toISOString(), ...simulateReading("stable", 0, random), news2Total: 0, news2Risk: "LOW", news2Complete: false, source: "DEVICE" };
    pending.push(server.trigger(channel, "bench.raw", payload).catch(() => errors++));
  });
  await Promise.all(pending);
  await drain(() => [...sentAt.keys()].every((k) => rawReceived.has(k)));
  const latencies = [...sentAt].filter(([k]) => rawReceived.has(k)).map(([k, t0]) => rawReceived.get(k)! - t0).sort((a, b) => a - b);
  return { sent, stored: sent, delivered: latencies.length, lost: sent - latencies.length, errors, retried: 0, throughput: sent / SECONDS, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN };
}

const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(10);
console.log(`bench/vitals: ${PATIENTS} patients, ${BATCH} reading(s) per request, ${SECONDS} s per phase, database ${database.kind}, ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)}`);
// Warm-up: JIT, connection pools, prepared plans.
await appPhase(Math.min(50, RATES[0] ?? 50)).catch(() => undefined);
received.clear();

let failed = false;
for (const rate of RATES) {
  const raw = await rawPhase(rate);
  const appResult = await appPhase(rate, BATCH);
  const stored = await db.vitalObservation.count();
  console.log(`\n${rate} readings/s`);
  console.log(`  raw soketi   sent ${raw.sent}  delivered ${raw.delivered}  lost ${raw.lost}  p50 ${ms(raw.p50)}  p99 ${ms(raw.p99)}  max ${ms(raw.max)}`);
  console.log(
    `  app ingest   sent ${appResult.sent}  stored ${appResult.stored}  delivered ${appResult.delivered}  lost ${appResult.lost}  resent ${appResult.retried}  p50 ${ms(appResult.p50)}  p99 ${ms(appResult.p99)}  max ${ms(appResult.max)}  (stored ${appResult.throughput.toFixed(0)}/s)`,
  );
  console.log(`  ratio app/raw  p50 ×${(appResult.p50 / raw.p50).toFixed(1)}  p99 ×${(appResult.p99 / raw.p99).toFixed(1)}   (observations in the database: ${stored})`);
  if (appResult.lost > 0 || appResult.errors > 0 || raw.lost > 0) failed = true;
}
console.log(failed ? "\nFAIL: readings were lost or refused" : "\nzero readings lost");

client.disconnect();
agent.destroy();
apiProcess.kill("SIGTERM");
await db.$disconnect();
await soketi.stop();
await database.teardown();
process.exit(failed ? 1 : 0);
