// Faults and forgeries against the production build, as production runs it: the in-process
// scheduler ON (its jobs create the video provider first, in instrumentation's bundle), a
// LiveKit configuration whose API is down (a dead loopback port), and an instance whose
// database is unreachable. These are the bugs that only the built app showed: errors made
// by one bundle's copy of the error classes were not recognised by another's, so forged
// webhooks answered 500 instead of 401 and `sessions.start` 500 instead of 503.
//
// Self-contained: its own embedded database (so the scheduler's leases are not shared with
// the suite's main instance), a second one for the outage instance that is stopped and
// started again for real, and two extra `next start` processes of the same build, on ports
// next to the suite's. It does not touch e2e/server.ts.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { SignJWT } from "jose";
import { AccessToken } from "livekit-server-sdk";
import { applyMigrations } from "../../../scripts/db/migrate";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../../scripts/lib/embedded-postgres";
import { startServices, type Services } from "../../../scripts/lib/services";
import { JOIN_TID } from "../../../lib/test-ids";
import { createPgAdapter } from "../../../server/db-adapter";
import { PrismaClient } from "../../../server/generated/prisma/client";
import { newJoinToken } from "../../../server/join-links/token";
import { seedVideoSession } from "../../fixtures/video-seed";
import { readRuntime } from "../../fixtures/runtime";
import { createSeeder, type SeededUser } from "../../fixtures/seed";

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

const basePort = Number(process.env.E2E_PORT ?? 3100);
const livekitDownPort = basePort + 7;
const databaseDownPort = basePort + 8;
const outageDbPort = basePort + 10;
const livekit = { apiKey: "faults-livekit-key", apiSecret: "faults-livekit-secret-0123456789ab" };
const dataDir = resolve(".data/e2e-faults");

let services: Services;
let db: PrismaClient;
const children: ChildProcess[] = [];

// The outage instance's own database: migrated and seeded, then stopped before the instance
// starts; the page test starts it again on the same port and files.
let outageDb: EmbeddedPostgres | null = null;
const outageDbDir = resolve(dataDir, "outage-pglite");
const startOutageDb = () => startEmbeddedPostgres({ dataDir: outageDbDir, port: outageDbPort });
let outageClient: PrismaClient;
const outage = { token: "", linkId: "", sessionId: "", patientName: "" };
/** Everything the outage instance writes to stdout and stderr. */
let outageInstanceOutput = "";

function startNext(port: number, env: NodeJS.ProcessEnv, opts: { capture?: (chunk: string) => void } = {}): ChildProcess {
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    env,
    stdio: ["ignore", opts.capture ? "pipe" : "inherit", opts.capture ? "pipe" : "inherit"],
  });
  if (opts.capture) {
    child.stdout?.on("data", (chunk: Buffer) => opts.capture!(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => opts.capture!(chunk.toString()));
  }
  children.push(child);
  return child;
}

/** A clinician, a patient, their visit's session and the patient's join link, in the outage database. */
async function seedOutageDb(url: string) {
  await applyMigrations({ url });
  outageClient = new PrismaClient({ adapter: createPgAdapter({ connectionString: url, max: 2 }) });
  const seed = createSeeder(outageClient, "outage");
  const clinician = await seed.clinician();
  const patient = await seed.patient({ clinicianId: clinician.id, given: "Ottilie", family: "Outagewood" });
  const session = await seedVideoSession(outageClient, { clinician, patient, provider: "P2P", status: "SCHEDULED" });
  const { token, tokenHash } = newJoinToken();
  const link = await outageClient.joinLink.create({
    data: {
      tokenHash,
      sessionId: session.id,
      consultationId: session.consultationId,
      userId: patient.id,
      role: "PATIENT",
      expiresAt: new Date(Date.now() + 24 * 3600_000),
      createdById: clinician.id,
    },
  });
  Object.assign(outage, { token, linkId: link.id, sessionId: session.id, patientName: patient.name });
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
  db = new PrismaClient({ adapter: createPgAdapter({ connectionString: services.databaseUrl, max: 2 }) });
  outageDb = await startOutageDb();
  await seedOutageDb(outageDb.url);
  await outageDb.stop();
  outageDb = null;
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
  // Its database is stopped: connections are refused, as with PostgreSQL down.
  const b = startNext(
    databaseDownPort,
    {
      ...common,
      APP_URL: `http://localhost:${databaseDownPort}`,
      SCHEDULER_IN_PROCESS: "false",
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${outageDbPort}/postgres`,
      LOG_LEVEL: "info",
    },
    { capture: (chunk) => (outageInstanceOutput += chunk) },
  );
  await Promise.all([
    waitUntilAnswering(`http://127.0.0.1:${livekitDownPort}/api/trpc/account.me`, a),
    waitUntilAnswering(`http://127.0.0.1:${databaseDownPort}/api/trpc/account.me`, b),
  ]);
});

test.afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await db?.$disconnect();
  await outageClient?.$disconnect();
  await outageDb?.stop();
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

test("with PostgreSQL stopped, pages answer 503 + Retry-After with a page that retries the same address, and show the page once it is back", async ({
  browser,
}) => {
  const origin = `http://localhost:${databaseDownPort}`;
  const joinPath = `/join/${outage.token}`;
  const seed = createSeeder(db, "faults");
  const signedIn = async (user: SeededUser) => {
    const api = await signIn(`http://localhost:${livekitDownPort}`, user);
    const cookie = (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    await api.dispose();
    return cookie;
  };
  const clinicianCookie = await signedIn(await seed.clinician());
  const adminCookie = await signedIn(await seed.admin());
  // The instance has seen no failure for longer than Retry-After: each page below is rendered
  // and meets the outage itself (the first of them at least; the rest may be answered from
  // the outage the first one saw).
  await new Promise((r) => setTimeout(r, 6_000));
  const pages: { path: string; cookie?: string }[] = [
    { path: joinPath },
    { path: "/clinician", cookie: clinicianCookie },
    { path: `/session/${outage.sessionId}`, cookie: clinicianCookie },
    { path: "/admin", cookie: adminCookie },
  ];
  for (const { path, cookie } of pages) {
    // Followed as a browser follows it: the answer is for the same address.
    const res = await fetch(`${origin}${path}`, { headers: { accept: "text/html", ...(cookie ? { cookie } : {}) } });
    const html = await res.text();
    expect(res.status, `${path}: ${html.slice(0, 300)}`).toBe(503);
    expect(new URL(res.url).pathname, path).toBe(path);
    expect(Number(res.headers.get("retry-after")), path).toBeGreaterThan(0);
    expect(res.headers.get("cache-control"), path).toContain("no-store");
    expect(res.headers.get("referrer-policy"), path).toBe("no-referrer");
    expect(html, path).toContain("Bedside can't reach its records right now");
    expect(html, path).toMatch(/retry in \d+ seconds/);
    expect(html, path).toMatch(/<meta http-equiv="refresh" content="\d+">/);
    // No stack, no token, no patient.
    expect(html, path).not.toContain(outage.token);
    expect(html, path).not.toContain(outage.patientName);
    expect(html, path).not.toMatch(/\bat .+:\d+:\d+|ECONNREFUSED|prisma/i);
  }
  // Client-side navigations and scanners get it too (RSC request, HEAD).
  const rsc = await fetch(`${origin}/clinician`, { headers: { rsc: "1", cookie: clinicianCookie } });
  expect(rsc.status).toBe(503);
  const head = await fetch(`${origin}${joinPath}`, { method: "HEAD" });
  expect(head.status).toBe(503);

  // A person opens their join link during the outage: the page says so, loads nothing else
  // (no Referer can carry the token anywhere), and keeps the address.
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  const otherRequests: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname !== joinPath) otherRequests.push(r.url());
  });
  const first = await page.goto(joinPath);
  expect(first?.status()).toBe(503);
  await expect(page.getByRole("heading", { name: "Bedside can't reach its records right now" })).toBeVisible();
  await expect(page.getByText(/This page will retry in \d+ seconds/)).toBeVisible();
  expect(otherRequests).toEqual([]);

  // PostgreSQL comes back: the page reloads itself, at the same address, into the join page.
  outageDb = await startOutageDb();
  await expect(page.getByTestId(JOIN_TID.joinPage)).toBeVisible({ timeout: 30_000 });
  expect(page.url()).toBe(`${origin}${joinPath}`);
  await context.close();

  // Looking at the link consumed nothing, and the token never reached the logs.
  const link = await outageClient.joinLink.findUniqueOrThrow({ where: { id: outage.linkId } });
  expect(link.useCount).toBe(0);
  expect(link.lastUsedAt).toBeNull();
  expect(outageInstanceOutput).not.toContain(outage.token);
});
