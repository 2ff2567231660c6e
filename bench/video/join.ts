// Joining a video visit, peer-to-peer against the real LiveKit server, in one run: from the
// patient's click on the emailed join link to the first remote video frame on BOTH sides
// (the patient sees the clinician, the clinician sees the patient). The clinician is
// already in the call, waiting. Each join is the whole path a patient takes: the link's
// landing page → "Join" → the session room → device check → into the call.
//
// Runs the end-to-end harness (e2e/server.ts: the production build twice — peer-to-peer and
// LiveKit — and the real livekit-server) and Debian's Chromium. Joins alternate P2P /
// LiveKit, so both see the same machine state; the ratio LiveKit/P2P is the figure to
// compare across machines.
//
//   npm run build && npx tsx scripts/build-livekit.ts
//   unshare -n bash -c 'ip link set lo up && npx tsx bench/video/join.ts [joins=10]'
//
// Bounded: `joins` per provider (at most 50), 60 s per join, 20 minutes in all.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../server/generated/prisma/client";
import { bookConsultation } from "../../e2e/fixtures/notifications";
import { readRuntime } from "../../e2e/fixtures/runtime";
import { createSeeder, type SeededUser } from "../../e2e/fixtures/seed";
import { TID, JOIN_TID } from "../../lib/test-ids";
import { rendered } from "../../tests/helpers/emails";
import { CHROMIUM_ARGS, CHROMIUM_PATH, LOOPBACK_PEER_CONNECTION_ARG } from "../../e2e/chromium";

const JOINS = Math.max(1, Math.min(50, Number(process.argv[2] ?? 10)));
const PER_JOIN_MS = 60_000;
const TIME_LIMIT_MS = 20 * 60_000;
const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE = { P2P: `http://localhost:${PORT}`, LIVEKIT: `http://localhost:${PORT + 1}` } as const;
type Provider = keyof typeof BASE;

const onlyLoopback = readFileSync("/proc/net/dev", "utf8")
  .split("\n")
  .slice(2)
  .filter((l) => l.trim())
  .every((l) => l.trim().startsWith("lo:"));
if (!onlyLoopback) {
  console.error("Run this inside a loopback-only network namespace (WebRTC between pages needs it):\n  unshare -n bash -c 'ip link set lo up && npx tsx bench/video/join.ts'");
  process.exit(2);
}

const started = Date.now();
// Its own data directory: the browser suite may be running in another namespace.
process.env.E2E_DATA_DIR ??= ".data/bench-video";
// Node itself runs the harness (tsx as a loader), so SIGTERM reaches its shutdown handler.
const server = spawn(process.execPath, ["--import", "tsx", "e2e/server.ts"], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, E2E_PORT: String(PORT) } });
server.stdout!.on("data", () => undefined);
const stopServer = () =>
  new Promise<void>((resolve) => {
    if (server.exitCode !== null) return resolve();
    server.once("exit", () => resolve());
    server.kill("SIGTERM");
  });

async function waitUp(url: string) {
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error("e2e/server.ts exited (is there a production build? `npm run build`)");
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up`);
}

async function signIn(context: BrowserContext, user: SeededUser) {
  const { csrfToken } = (await (await context.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await context.request.post("/api/auth/callback/credentials", {
    form: { email: user.email, password: user.password, csrfToken, callbackUrl: "/" },
    headers: { "X-Auth-Return-Redirect": "1" },
  });
  if (res.status() !== 200) throw new Error(`sign-in failed: ${res.status()}`);
}

/**
 * Notes (wall clock) the first frame presented by any remote video on the page from now on.
 * A string, not a function: tsx's transform would add helpers the page does not have.
 */
const watchFirstRemoteFrame = (selector: string) => `(() => {
  const watch = (video) => {
    if (video.__watched) return;
    video.__watched = true;
    video.requestVideoFrameCallback(() => { window.__firstRemoteFrame ??= Date.now(); });
  };
  const scan = () => document.querySelectorAll(${JSON.stringify(selector)}).forEach(watch);
  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
  scan();
})()`;

async function firstRemoteFrame(page: Page): Promise<number> {
  const handle = await page.waitForFunction("window.__firstRemoteFrame ?? null", undefined, {
    timeout: PER_JOIN_MS,
    polling: 50,
  });
  return (await handle.jsonValue()) as number;
}

const remoteVideo = `[data-testid="${TID.callRemoteVideo}"]`;

async function oneJoin(browser: Browser, db: PrismaClient, provider: Provider, i: number) {
  const seed = createSeeder(db, `bench-${provider.toLowerCase()}-${i}`);
  const clinician = await seed.clinician("Bench Clinician");
  const patient = await seed.patient({ clinicianId: clinician.id, given: "Bench", family: `Patient${i}` });
  const visit = await bookConsultation(db, { clinicianId: clinician.id, patientId: patient.patientId!, startInMinutes: 1 });
  // The clinician has started the session and waits in the call.
  await db.telemedicineSession.update({ where: { id: visit.sessionId }, data: { provider, status: "IN_PROGRESS", startedAt: new Date() } });
  await db.consultation.update({ where: { id: visit.consultationId }, data: { status: "IN_PROGRESS" } });
  const email = await rendered(db.emailMessage.findUniqueOrThrow({ where: { id: visit.patientEmailId } }));
  const linkPath = new URL(/https?:\/\/\S+\/join\/[A-Za-z0-9_-]{43}/.exec(email.text)![0]).pathname;

  const [docContext, patContext] = await Promise.all([browser.newContext({ baseURL: BASE[provider] }), browser.newContext({ baseURL: BASE[provider] })]);
  try {
    await signIn(docContext, clinician);
    const doc = await docContext.newPage();
    await doc.goto(`/session/${visit.sessionId}`);
    await doc.getByTestId(TID.deviceCheck).filter({ visible: true }).and(doc.locator('[data-status="ready"]')).waitFor({ timeout: PER_JOIN_MS });
    await doc.getByTestId(TID.deviceCheckContinue).filter({ visible: true }).click();
    await doc.locator(`[data-testid="${TID.callConnectionState}"][data-state="waiting"]`).waitFor({ timeout: PER_JOIN_MS });
    await doc.evaluate(watchFirstRemoteFrame(remoteVideo));

    const pat = await patContext.newPage();
    await pat.addInitScript({ content: watchFirstRemoteFrame(remoteVideo) });
    const clickedAt = Date.now();
    await pat.goto(linkPath);
    await pat.getByTestId(JOIN_TID.joinSubmit).click();
    await pat.getByTestId(TID.deviceCheck).filter({ visible: true }).and(pat.locator('[data-status="ready"]')).waitFor({ timeout: PER_JOIN_MS });
    await pat.getByTestId(TID.deviceCheckContinue).filter({ visible: true }).click();
    const [patientSees, clinicianSees] = await Promise.all([firstRemoteFrame(pat), firstRemoteFrame(doc)]);
    return { patient: patientSees - clickedAt, clinician: clinicianSees - clickedAt, both: Math.max(patientSees, clinicianSees) - clickedAt };
  } finally {
    await Promise.all([docContext.close(), patContext.close()]);
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

let browser: Browser | undefined;
let db: PrismaClient | undefined;
try {
  await waitUp(`${BASE.P2P}/signin`);
  await waitUp(`${BASE.LIVEKIT}/signin`);
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: readRuntime().databaseUrl, max: 2 }) });
  await db.serviceCatalogItem.upsert({
    where: { code: "TELEMED-001" },
    create: { code: "TELEMED-001", name: "Telemedicine consultation", priceMinor: 4500, currency: "USD" },
    update: {},
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, LOOPBACK_PEER_CONNECTION_ARG],
  });

  const results: Record<Provider, { patient: number; clinician: number; both: number }[]> = { P2P: [], LIVEKIT: [] };
  // One warm-up join each (first page loads compile nothing in production, but warm caches).
  for (const provider of ["P2P", "LIVEKIT"] as const) await oneJoin(browser, db, provider, -1);
  for (let i = 0; i < JOINS && Date.now() - started < TIME_LIMIT_MS; i++) {
    for (const provider of ["P2P", "LIVEKIT"] as const) {
      const r = await oneJoin(browser, db, provider, i);
      results[provider].push(r);
      console.log(`${provider.padEnd(7)} #${i + 1}: both ${r.both} ms (patient sees clinician ${r.patient} ms, clinician sees patient ${r.clinician} ms)`);
    }
  }

  console.log(`\nemailed-link click → first remote frame on both sides, ${results.P2P.length} joins each (load average ${loadavg()[0]!.toFixed(1)})`);
  const row = (p: Provider) => {
    const both = results[p].map((r) => r.both);
    return { p50: percentile(both, 50), p95: percentile(both, 95) };
  };
  const p2p = row("P2P");
  const lk = row("LIVEKIT");
  console.log(`  P2P      p50 ${p2p.p50} ms   p95 ${p2p.p95} ms`);
  console.log(`  LiveKit  p50 ${lk.p50} ms   p95 ${lk.p95} ms`);
  console.log(`  LiveKit / P2P: p50 ×${(lk.p50 / p2p.p50).toFixed(2)}   p95 ×${(lk.p95 / p2p.p95).toFixed(2)}`);
} finally {
  await browser?.close();
  await db?.$disconnect();
  await stopServer();
}
process.exit(0);
