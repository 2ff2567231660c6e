// Faults and forgeries against the production build, as production runs it: the in-process
// scheduler ON (its jobs create the video provider first, in instrumentation's bundle), a
// LiveKit configuration whose API is down (a dead loopback port), and an instance whose
// database is unreachable. These are the bugs that only the built app showed: errors made
// by one bundle's copy of the error classes were not recognised by another's, so forged
// webhooks answered 500 instead of 401 and `sessions.start` 500 instead of 503.
//
// Self-contained: its own embedded database (so the scheduler's leases are not shared with
// the suite's main instance) and two extra `next start` processes of the same build, on
// ports next to the suite's. It does not touch e2e/server.ts.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { PrismaPg } from "@prisma/adapter-pg";
import { SignJWT } from "jose";
import { AccessToken } from "livekit-server-sdk";
import { startServices, type Services } from "../../../scripts/lib/services";
import { PrismaClient } from "../../../server/generated/prisma/client";
import { seedVideoSession } from "../../fixtures/video-seed";
import { readRuntime } from "../../fixtures/runtime";
import { createSeeder, type SeededUser } from "../../fixtures/seed";

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

const basePort = Number(process.env.E2E_PORT ?? 3100);
const livekitDownPort = basePort + 7;
const databaseDownPort = basePort + 8;
const livekit = { apiKey: "faults-livekit-key", apiSecret: "faults-livekit-secret-0123456789ab" };
const dataDir = resolve(".data/e2e-faults");

let services: Services;
let db: PrismaClient;
const children: ChildProcess[] = [];

function startNext(port: number, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  children.push(child);
  return child;
}

async function waitUntilAnswering(url: string, child: ChildProcess) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: next start exited with ${child.exitCode}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`${url} did not answer within a minute`);
}

test.beforeAll(async () => {
  // Migrating a fresh embedded database and starting two servers takes a while on a busy machine.
  test.setTimeout(240_000);
  const runtime = readRuntime();
  await rm(dataDir, { recursive: true, force: true });
  const base: NodeJS.ProcessEnv = { ...process.env, ...runtime.env, EMBEDDED_DB_PORT: String(basePort + 9), EMBEDDED_REALTIME: "false" };
  delete base.DATABASE_URL;
  services = await startServices({ dataDir, seed: false, baseEnv: base, log: () => undefined });
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: services.databaseUrl, max: 2 }) });
  const common: NodeJS.ProcessEnv = {
    ...base,
    ...services.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "fatal",
    LIVEKIT_URL: "http://127.0.0.1:9",
    LIVEKIT_API_KEY: livekit.apiKey,
    LIVEKIT_API_SECRET: livekit.apiSecret,
  };
  const a = startNext(livekitDownPort, {
    ...common,
    APP_URL: `http://localhost:${livekitDownPort}`,
    SCHEDULER_IN_PROCESS: "true",
    SCHEDULER_TICK_SECONDS: "1",
  });
  const b = startNext(databaseDownPort, {
    ...common,
    APP_URL: `http://localhost:${databaseDownPort}`,
    SCHEDULER_IN_PROCESS: "false",
    DATABASE_URL: "postgresql://postgres@127.0.0.1:9/bedside",
  });
  await Promise.all([
    waitUntilAnswering(`http://127.0.0.1:${livekitDownPort}/api/trpc/account.me`, a),
    waitUntilAnswering(`http://127.0.0.1:${databaseDownPort}/api/trpc/account.me`, b),
  ]);
});

test.afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await db?.$disconnect();
  await services?.stop();
});

async function signIn(baseURL: string, user: SeededUser): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL });
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { email: user.email, password: user.password, csrfToken, callbackUrl: "/" },
    headers: { "X-Auth-Return-Redirect": "1", Origin: baseURL },
  });
  expect(res.status(), await res.text()).toBe(200);
  return ctx;
}

/** Waits until the scheduler of the LiveKit-down instance has run its video reconcile job. */
async function reconcileHasRun() {
  await expect
    .poll(async () => (await db.schedulerLease.findUnique({ where: { name: "job:video.reconcile" } }))?.holder ?? null, { timeout: 30_000 })
    .not.toBeNull();
}

const sha256 = (body: string) => createHash("sha256").update(body).digest("base64");
async function signed(body: string, opts: { secret?: string; ttl?: string | number } = {}) {
  const token = new AccessToken(livekit.apiKey, opts.secret ?? livekit.apiSecret, { ttl: opts.ttl ?? "5m" });
  token.sha256 = sha256(body);
  return token.toJwt();
}

test("forged LiveKit webhooks answer 401 after the scheduler created the video provider", async () => {
  await reconcileHasRun();
  const event = (name: string) => JSON.stringify({ event: "room_finished", id: `EV_${randomBytes(6).toString("hex")}`, room: { name } });
  const key = new TextEncoder().encode(livekit.apiSecret);
  const body = event("nope");
  const participantBody = JSON.stringify({
    event: "participant_joined",
    id: "EV_forged_identity",
    room: { name: "room-x" },
    participant: { sid: "PA_1", identity: "clinician:someone" },
  });
  const forgeries: { name: string; body: string; authorization?: string }[] = [
    { name: "no Authorization header", body },
    { name: "tampered body", body: event("tampered"), authorization: await signed(body) },
    { name: "wrong secret", body, authorization: await signed(body, { secret: "another-secret-0123456789abcdef01" }) },
    {
      name: "expired token",
      body,
      authorization: await new SignJWT({ sha256: sha256(body), video: {} })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer(livekit.apiKey)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 600)
        .sign(key),
    },
    {
      name: "token without exp",
      body,
      authorization: await new SignJWT({ sha256: sha256(body), video: {} }).setProtectedHeader({ alg: "HS256" }).setIssuer(livekit.apiKey).sign(key),
    },
    { name: "edited identity", body: participantBody.replace("clinician:someone", "clinician:admin"), authorization: await signed(participantBody) },
    { name: "signed non-JSON", body: "this is not json", authorization: await signed("this is not json") },
    {
      name: "malformed field",
      body: '{"event":"room_finished","createdAt":"yesterday"}',
      authorization: await signed('{"event":"room_finished","createdAt":"yesterday"}'),
    },
  ];
  for (const forgery of forgeries) {
    const res = await fetch(`http://127.0.0.1:${livekitDownPort}/api/webhooks/livekit`, {
      method: "POST",
      headers: { "content-type": "application/webhook+json", ...(forgery.authorization ? { authorization: forgery.authorization } : {}) },
      body: forgery.body,
    });
    expect(res.status, forgery.name).toBe(401);
  }
});

test("with LiveKit down, sessions.start answers 503 + Retry-After saying the video service is not responding", async () => {
  await reconcileHasRun();
  const seed = createSeeder(db, "faults");
  const clinician = await seed.clinician();
  const patient = await seed.patient({ clinicianId: clinician.id });
  const session = await seedVideoSession(db, { clinician, patient, provider: "LIVEKIT", status: "SCHEDULED" });
  const api = await signIn(`http://localhost:${livekitDownPort}`, clinician);
  const res = await api.post("/api/trpc/sessions.start", {
    data: { json: { sessionId: session.id } },
    headers: { Origin: `http://localhost:${livekitDownPort}` },
  });
  const body = (await res.json()) as { error?: { json: { message: string; data: { httpStatus: number } } } };
  expect(res.status(), JSON.stringify(body)).toBe(503);
  expect(body.error?.json.message).toMatch(/video service is not responding/i);
  expect(Number(res.headers()["retry-after"])).toBeGreaterThan(0);
  await api.dispose();
});

test("with the database unreachable, device ingest and tRPC answer 503 + Retry-After (never 500)", async () => {
  const origin = `http://localhost:${databaseDownPort}`;
  const vitals = await fetch(`http://127.0.0.1:${databaseDownPort}/api/vitals`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${randomBytes(24).toString("hex")}` },
    body: JSON.stringify({ observedAt: new Date().toISOString(), heartRate: 72, idempotencyKey: "k-1" }),
  });
  expect(vitals.status, await vitals.text()).toBe(503);
  expect(Number(vitals.headers.get("retry-after"))).toBeGreaterThan(0);

  // A signed-in browser (its cookie is valid: both instances share AUTH_SECRET).
  const seed = createSeeder(db, "faults");
  const clinician = await seed.clinician();
  const api = await signIn(`http://localhost:${livekitDownPort}`, clinician);
  const cookie = (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  await api.dispose();
  const me = await fetch(`http://127.0.0.1:${databaseDownPort}/api/trpc/account.me`, { headers: { cookie } });
  expect(me.status, await me.text()).toBe(503);
  expect(Number(me.headers.get("retry-after"))).toBeGreaterThan(0);
  const mutation = await fetch(`http://127.0.0.1:${databaseDownPort}/api/trpc/patients.list?input=${encodeURIComponent('{"json":{}}')}`, {
    headers: { cookie, origin },
  });
  expect(mutation.status).toBe(503);
  const csv = await fetch(`http://127.0.0.1:${databaseDownPort}/api/admin/audit.csv`, { headers: { cookie } });
  expect(csv.status).toBe(503);
  expect(Number(csv.headers.get("retry-after"))).toBeGreaterThan(0);

  // Signing in reads the database too (rate limit, accounts): 503 + Retry-After, not 500.
  const anon = await request.newContext({ baseURL: origin });
  const { csrfToken } = (await (await anon.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const signin = await anon.post("/api/auth/callback/credentials", {
    form: { email: clinician.email, password: clinician.password, csrfToken, callbackUrl: "/" },
    headers: { "X-Auth-Return-Redirect": "1", Origin: origin },
  });
  expect(signin.status(), await signin.text()).toBe(503);
  expect(Number(signin.headers()["retry-after"])).toBeGreaterThan(0);
  await anon.dispose();
});
