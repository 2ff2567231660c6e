// Streams realistic vital signs for one patient through the real device API
// (POST /api/vitals), with a device token like any home device.
//
//   npm run simulate:vitals -- --patient maria.garcia@example.com --rate 1 --scenario deteriorating
//
// Options:
//   --patient <email>    the patient (their portal email, or the email on their record);
//                        a device token named "Simulator" is issued for them in the
//                        database and revoked when the simulator stops
//   --token <bdv_…>      use an existing device token instead (no database access at all)
//   --rate <n>           readings per second (default 1; fractions allowed, e.g. 0.2)
//   --scenario <name>    stable | deteriorating | critical (default stable)
//   --ramp <seconds>     how long "deteriorating" takes to go from well to NEWS2 ~11 (default 120)
//   --count <n>          stop after n readings;  --duration <seconds>  stop after this long
//   --observed           also send consciousness (as if a person assessed it), for complete NEWS2 sets
//   --url <base>         the app (default APP_URL, else http://localhost:3000)
//   --json               one JSON object per reading on stdout (for scripts and tests)
//   --seed <n>           repeatable noise
//
// The database is DATABASE_URL, else the embedded one `npm run dev` starts (EMBEDDED_DB_PORT,
// default 54329). Failed posts are retried with the same idempotency key, so nothing is
// ever stored twice.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../server/generated/prisma/client";
import { newDeviceToken } from "../server/vitals/device-token-secret";
import { SCENARIOS, seededRandom, simulateReading, type Scenario } from "./lib/vitals-scenarios";

const { values: args } = parseArgs({
  options: {
    patient: { type: "string" },
    token: { type: "string" },
    rate: { type: "string", default: "1" },
    scenario: { type: "string", default: "stable" },
    ramp: { type: "string", default: "120" },
    count: { type: "string" },
    duration: { type: "string" },
    observed: { type: "boolean", default: false },
    url: { type: "string" },
    json: { type: "boolean", default: false },
    seed: { type: "string" },
    help: { type: "boolean", default: false },
  },
  allowPositionals: false,
});

function fail(message: string): never {
  console.error(`simulate:vitals: ${message}\nUsage: npm run simulate:vitals -- --patient <email> [--rate 1] [--scenario stable|deteriorating|critical]`);
  process.exit(2);
}

if (args.help) {
  console.log(
    "npm run simulate:vitals -- --patient <email> [--rate 1] [--scenario stable|deteriorating|critical] [--ramp 120] [--count n] [--duration s] [--observed] [--url http://localhost:3000] [--json] [--token bdv_…]",
  );
  process.exit(0);
}
const scenario = args.scenario as Scenario;
if (!SCENARIOS.includes(scenario)) fail(`unknown scenario "${args.scenario}" (use ${SCENARIOS.join(", ")})`);
const rate = Number(args.rate);
if (!(rate > 0 && rate <= 1000)) fail("--rate must be a number of readings per second, above 0 and at most 1000");
const rampMs = Number(args.ramp) * 1000;
if (!(rampMs > 0)) fail("--ramp must be a positive number of seconds");
const count = args.count ? Number(args.count) : Infinity;
const durationMs = args.duration ? Number(args.duration) * 1000 : Infinity;
if (!args.patient && !args.token) fail("give --patient <email> (or --token <device token>)");
const baseUrl = (args.url ?? process.env.APP_URL ?? "http://localhost:3000").replace(/\/$/, "");
const random = seededRandom(args.seed ? Number(args.seed) : Date.now());
const log = (line: string) => (args.json ? undefined : console.log(line));

let prisma: PrismaClient | null = null;
let issuedTokenId: string | null = null;

async function issueToken(email: string): Promise<string> {
  const url = process.env.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${process.env.EMBEDDED_DB_PORT ?? 54329}/postgres?sslmode=disable`;
  prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 1 }) });
  const address = email.trim().toLowerCase();
  const patient = await prisma.patient.findFirst({
    where: { OR: [{ user: { email: address } }, { email: { equals: address, mode: "insensitive" } }] },
    select: { id: true, userId: true, careTeam: { select: { clinicianId: true }, take: 1 } },
  });
  if (!patient) fail(`no patient with the email ${email}`);
  const secret = newDeviceToken();
  const requestId = `simulate-vitals-${randomBytes(4).toString("hex")}`;
  const token = await prisma.$transaction(async (tx) => {
    const row = await tx.deviceToken.create({
      data: {
        patientId: patient.id,
        name: `Simulator (${scenario})`,
        tokenHash: secret.tokenHash,
        prefix: secret.prefix,
        createdById: patient.userId ?? patient.careTeam[0]?.clinicianId ?? "simulator",
      },
    });
    await tx.auditEvent.create({
      data: {
        action: "vitals.device.issue",
        entityType: "DeviceToken",
        entityId: row.id,
        patientId: patient.id,
        outcome: "SUCCESS",
        requestId,
        metadata: { system: "seed", subjectId: "simulate-vitals" },
      },
    });
    return row;
  });
  issuedTokenId = token.id;
  return secret.token;
}

async function stop(code: number) {
  if (prisma && issuedTokenId) {
    await prisma.deviceToken.update({ where: { id: issuedTokenId }, data: { revokedAt: new Date() } }).catch(() => undefined);
  }
  await prisma?.$disconnect().catch(() => undefined);
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

interface ReadingResult {
  status: "created" | "duplicate";
  seq: number;
  news2: { total: number; risk: string; complete: boolean };
  alertsRaised: string[];
}

async function post(token: string, body: unknown): Promise<ReadingResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${baseUrl}/api/vitals`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { readings?: ReadingResult[]; error?: { message: string; issues?: unknown } };
      if (res.ok && json.readings?.[0]) return json.readings[0];
      // Client errors will not get better by retrying.
      if (res.status >= 400 && res.status < 500 && res.status !== 429) {
        throw Object.assign(new Error(`${res.status}: ${json.error?.message ?? "refused"} ${json.error?.issues ? JSON.stringify(json.error.issues) : ""}`), {
          fatal: true,
        });
      }
      if (attempt >= 5) throw new Error(`${res.status}: ${json.error?.message ?? "failed"}`);
      await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") ?? 0) * 1000 || 200 * attempt));
    } catch (error) {
      if ((error as { fatal?: boolean }).fatal || attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

const token = args.token ?? (await issueToken(args.patient!));
const runId = randomBytes(4).toString("hex");
const intervalMs = 1000 / rate;
const started = Date.now();
log(
  `simulate:vitals → ${baseUrl}/api/vitals · scenario ${scenario} · ${rate}/s${scenario === "deteriorating" ? ` · ramp ${rampMs / 1000} s` : ""} · Ctrl+C to stop`,
);

let sent = 0;
try {
  while (sent < count && Date.now() - started < durationMs) {
    const due = started + sent * intervalMs;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const values = simulateReading(scenario, (Date.now() - started) / rampMs, random, args.observed);
    const reading = { idempotencyKey: `sim-${runId}-${sent}`, observedAt: new Date().toISOString(), ...values };
    const postedAt = Date.now();
    const result = await post(token, reading);
    sent++;
    if (args.json) {
      console.log(JSON.stringify({ i: sent, postedAt, answeredAt: Date.now(), ...result, values }));
    } else {
      const alerts = result.alertsRaised.length ? `  ⚠ alert raised: ${result.alertsRaised.join(", ")}` : "";
      log(
        `#${String(result.seq).padStart(5)}  NEWS2 ${String(result.news2.total).padStart(2)} ${result.news2.risk.padEnd(10)}${result.news2.complete ? "" : " (incomplete)"}  HR ${values.heartRate}  BP ${values.systolicBp}/${values.diastolicBp}  RR ${values.respiratoryRate}  SpO₂ ${values.spo2}  T ${values.temperature.toFixed(1)}${alerts}`,
      );
    }
  }
} catch (error) {
  console.error(`simulate:vitals: ${(error as Error).message}`);
  await stop(1);
}
log(`sent ${sent} readings in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await stop(0);
