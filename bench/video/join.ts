// Joining a video visit, peer-to-peer against the real LiveKit server, in one run. Each join
// is the whole path: the clinician waits in the lobby (devices checked); the patient clicks
// the emailed join link, presses "Join" on its landing page as soon as it allows (devices
// checked there) and lands in the waiting room; the clinician's lobby shows them waiting and
// the clinician presses "Start and admit" at once; both enter the call. Measured (wall clock,
// noted inside the pages): link click → waiting room; waiting → the clinician's lobby shows
// it; admit click → the first remote frame on BOTH sides (the patient sees the clinician,
// the clinician sees the patient); link click → first remote frames.
//
// Runs the end-to-end harness (e2e/server.ts: the production build twice — peer-to-peer and
// LiveKit — and the real livekit-server) and Debian's Chromium. Joins alternate P2P /
// LiveKit, so both see the same machine state; the ratio LiveKit/P2P is the figure to
// compare across machines.
//
//   npm run build && npx tsx scripts/build-livekit.ts
//   unshare -n bash -c 'ip link set lo up && npx tsx bench/video/join.ts [joins=10]'
//   BENCH_PROFILE=1 …: also prints, per join and side, each step after the admit click
//   (getUserMedia, signalling sockets, peer connections, requests and chunks loaded).
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
  console.error(
    "Run this inside a loopback-only network namespace (WebRTC between pages needs it):\n  unshare -n bash -c 'ip link set lo up && npx tsx bench/video/join.ts'",
  );
  process.exit(2);
}

const started = Date.now();
// Its own data directory: the browser suite may be running in another namespace.
process.env.E2E_DATA_DIR ??= ".data/bench-video";
// Node itself runs the harness (tsx as a loader), so SIGTERM reaches its shutdown handler.
const server = spawn(process.execPath, ["--import", "tsx", "e2e/server.ts"], {
  stdio: ["ignore", "pipe", "inherit"],
  env: { ...process.env, E2E_PORT: String(PORT) },
});
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
  new MutationObserver(scan).observe(document, { childList: true, subtree: true });
  scan();
})()`;

/**
 * BENCH_PROFILE=1: notes (wall clock) where the time after admit goes on a page — each
 * getUserMedia call and answer, each signalling WebSocket opened, each RTCPeerConnection's
 * "connected", the first remote track — to print beside the resources loaded after admit.
 * A string, like the watchers above.
 */
const watchCallSteps = `(() => {
  const steps = (window.__steps = []);
  const note = (what) => steps.push([what, Date.now()]);
  const md = navigator.mediaDevices;
  if (md && md.getUserMedia) {
    const gum = md.getUserMedia.bind(md);
    md.getUserMedia = (c) => { note("getUserMedia called"); return gum(c).then((s) => { note("getUserMedia answered"); return s; }); };
  }
  const WS = window.WebSocket;
  window.WebSocket = function (url, protocols) {
    const ws = protocols === undefined ? new WS(url) : new WS(url, protocols);
    const tag = String(url).includes("/rtc") ? "LiveKit signal" : "realtime socket";
    note(tag + " created");
    ws.addEventListener("open", () => note(tag + " open"));
    return ws;
  };
  window.WebSocket.prototype = WS.prototype;
  Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  const PC = window.RTCPeerConnection;
  let n = 0;
  window.RTCPeerConnection = function (config) {
    const pc = new PC(config);
    const k = ++n;
    note("peer connection #" + k + " created");
    pc.addEventListener("connectionstatechange", () => { if (pc.connectionState === "connected") note("peer connection #" + k + " connected"); });
    pc.addEventListener("track", (e) => { if (e.track.kind === "video") note("peer connection #" + k + " remote video track"); });
    return pc;
  };
  window.RTCPeerConnection.prototype = PC.prototype;
  Object.setPrototypeOf(window.RTCPeerConnection, PC);
})()`;

const PROFILE = process.env.BENCH_PROFILE === "1";

/** Each step after `since` on the page, in ms after it: the steps noted and the requests (name, start → end). */
async function callSteps(page: Page, since: number): Promise<string[]> {
  const { steps, resources } = await page.evaluate((t) => {
    const origin = performance.timeOrigin;
    return {
      steps: ((window as unknown as { __steps?: [string, number][] }).__steps ?? []).filter(([, at]) => at >= t - 5),
      resources: (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
        .filter((e) => origin + e.startTime >= t - 5)
        .map((e) => [e.name.replace(/^https?:\/\/[^/]+/, "").slice(0, 60), Math.round(origin + e.startTime), Math.round(origin + e.responseEnd)] as const),
    };
  }, since);
  const lines = [
    ...steps.map(([what, at]) => [at, `${String(at - since).padStart(5)} ms  ${what}`] as const),
    ...resources.map(([name, start, end]) => [start, `${String(start - since).padStart(5)} ms  request ${name} (answered at ${end - since} ms)`] as const),
  ];
  return lines.sort((a, b) => a[0] - b[0]).map(([, line]) => line);
}

async function firstRemoteFrame(page: Page): Promise<number> {
  return pageTime(page, "__firstRemoteFrame");
}

const remoteVideo = `[data-testid="${TID.callRemoteVideo}"]`;

interface JoinTimes {
  /** Link click → the patient's waiting room on screen. */
  linkToWaiting: number;
  /** The patient in the waiting room → the clinician's lobby shows them waiting. */
  arrivalNotice: number;
  /** The clinician's "Start and admit" click → the first remote frame on both sides. */
  admitToFrames: number;
  /** Link click → the first remote frame on both sides (includes the clinician's reaction: here, at once). */
  linkToFrames: number;
}

/** Notes (wall clock, in the page) when an element with `testId` first appears, as window[key]. */
const watchAppearance = (testId: string, key: string) => `(() => {
  const seen = () => { if (!window[${JSON.stringify(key)}] && document.querySelector('[data-testid="${testId}"]')) window[${JSON.stringify(key)}] = Date.now(); };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
  seen();
})()`;

async function pageTime(page: Page, key: string): Promise<number> {
  // A function, not a string: the app's Content-Security-Policy has no 'unsafe-eval', and a
  // string predicate is evaluated with eval in the page.
  const handle = await page.waitForFunction((k) => (window as unknown as Record<string, number | undefined>)[k] ?? null, key, {
    timeout: PER_JOIN_MS,
    polling: 50,
  });
  return (await handle.jsonValue()) as number;
}

async function oneJoin(browser: Browser, db: PrismaClient, provider: Provider, i: number): Promise<JoinTimes> {
  const seed = createSeeder(db, `bench-${provider.toLowerCase()}-${i}`);
  const clinician = await seed.clinician("Bench Clinician");
  const patient = await seed.patient({ clinicianId: clinician.id, given: "Bench", family: `Patient${i}` });
  const visit = await bookConsultation(db, { clinicianId: clinician.id, patientId: patient.patientId!, startInMinutes: 1 });
  // Both app instances share one database: the session names the provider this join measures.
  await db.telemedicineSession.update({ where: { id: visit.sessionId }, data: { provider } });
  const email = await rendered(db.emailMessage.findUniqueOrThrow({ where: { id: visit.patientEmailId } }));
  const linkPath = new URL(/https?:\/\/\S+\/join\/[A-Za-z0-9_-]{43}/.exec(email.text)![0]).pathname;

  const [docContext, patContext] = await Promise.all([browser.newContext({ baseURL: BASE[provider] }), browser.newContext({ baseURL: BASE[provider] })]);
  try {
    // The clinician has checked their devices and waits in the lobby, with "Start and admit".
    await signIn(docContext, clinician);
    const doc = await docContext.newPage();
    if (PROFILE) await doc.addInitScript({ content: watchCallSteps });
    await doc.goto(`/session/${visit.sessionId}`);
    await doc.getByTestId(TID.deviceCheck).filter({ visible: true }).and(doc.locator('[data-status="ready"]')).waitFor({ timeout: PER_JOIN_MS });
    await doc.getByTestId(TID.deviceCheckContinue).filter({ visible: true }).click();
    await doc.getByTestId(TID.admitButton).waitFor({ timeout: PER_JOIN_MS });
    await doc.evaluate(watchFirstRemoteFrame(remoteVideo));
    await doc.evaluate(watchAppearance(TID.waitingBadge, "__arrivalSeen"));

    // The patient clicks the emailed link, then "Join" on its landing page as soon as it allows.
    const pat = await patContext.newPage();
    if (PROFILE) await pat.addInitScript({ content: watchCallSteps });
    await pat.addInitScript({ content: watchFirstRemoteFrame(remoteVideo) });
    await pat.addInitScript({ content: watchAppearance(TID.waitingRoom, "__waitingRoomShown") });
    const clickedAt = Date.now();
    await pat.goto(linkPath);
    const join = pat.getByTestId(JOIN_TID.joinSubmit);
    await join.and(pat.locator(":enabled")).waitFor({ timeout: PER_JOIN_MS });
    await join.click();
    const waitingAt = await pageTime(pat, "__waitingRoomShown");

    // The clinician admits the moment the lobby shows the patient waiting.
    const arrivalSeenAt = await pageTime(doc, "__arrivalSeen");
    await doc.evaluate(
      `document.addEventListener("click", (e) => { if (e.target.closest('[data-testid="${TID.admitButton}"]')) window.__admitAt ??= Date.now(); }, true)`,
    );
    await doc.getByTestId(TID.admitButton).click();
    const admitAt = await pageTime(doc, "__admitAt");
    const [patientSees, clinicianSees] = await Promise.all([firstRemoteFrame(pat), firstRemoteFrame(doc)]);
    const bothAt = Math.max(patientSees, clinicianSees);
    if (PROFILE) {
      const [docSteps, patSteps] = await Promise.all([callSteps(doc, admitAt), callSteps(pat, admitAt)]);
      console.log(`${provider} #${i + 1} after admit, clinician (first remote frame at ${clinicianSees - admitAt} ms):\n  ${docSteps.join("\n  ")}`);
      console.log(`${provider} #${i + 1} after admit, patient (first remote frame at ${patientSees - admitAt} ms):\n  ${patSteps.join("\n  ")}`);
    }
    return {
      linkToWaiting: waitingAt - clickedAt,
      arrivalNotice: arrivalSeenAt - waitingAt,
      admitToFrames: bothAt - admitAt,
      linkToFrames: bothAt - clickedAt,
    };
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

  const results: Record<Provider, JoinTimes[]> = { P2P: [], LIVEKIT: [] };
  const failures: Record<Provider, number> = { P2P: 0, LIVEKIT: 0 };
  // One warm-up join each (production pages compile nothing, but caches and the SFU warm up).
  for (const provider of ["P2P", "LIVEKIT"] as const) await oneJoin(browser, db, provider, -1);
  for (let i = 0; i < JOINS && Date.now() - started < TIME_LIMIT_MS; i++) {
    for (const provider of ["P2P", "LIVEKIT"] as const) {
      let r: JoinTimes;
      try {
        r = await oneJoin(browser, db, provider, i);
      } catch (error) {
        // A join that never reached the call is a figure too: counted and shown, not averaged in.
        failures[provider] += 1;
        console.log(`${provider.padEnd(7)} #${i + 1}: FAILED: ${String(error).split("\n")[0]}`);
        continue;
      }
      results[provider].push(r);
      console.log(
        `${provider.padEnd(7)} #${i + 1}: link → waiting room ${r.linkToWaiting} ms, arrival notice ${r.arrivalNotice} ms, admit → first frames ${r.admitToFrames} ms, link → first frames ${r.linkToFrames} ms`,
      );
    }
  }

  const stat = (p: Provider, key: keyof JoinTimes) => {
    const values = results[p].map((r) => r[key]);
    return { p50: percentile(values, 50), p95: percentile(values, 95) };
  };
  const rows: [keyof JoinTimes, string][] = [
    ["linkToWaiting", "emailed-link click → waiting room"],
    ["arrivalNotice", "patient waiting → clinician's lobby shows them"],
    ["admitToFrames", "clinician's admit → first remote frame, both sides"],
    ["linkToFrames", "emailed-link click → first remote frame, both sides"],
  ];
  console.log(
    `\njoins measured: P2P ${results.P2P.length} (${failures.P2P} failed), LiveKit ${results.LIVEKIT.length} (${failures.LIVEKIT} failed); interleaved, production build (load average ${loadavg()[0]!.toFixed(1)}); ms`,
  );
  console.log(`  ${"".padEnd(52)} ${"P2P p50".padStart(8)} ${"p95".padStart(6)}   ${"LiveKit p50".padStart(11)} ${"p95".padStart(6)}   LiveKit/P2P p50`);
  for (const [key, label] of rows) {
    const a = stat("P2P", key);
    const b = stat("LIVEKIT", key);
    console.log(
      `  ${label.padEnd(52)} ${String(a.p50).padStart(8)} ${String(a.p95).padStart(6)}   ${String(b.p50).padStart(11)} ${String(b.p95).padStart(6)}   ×${(b.p50 / a.p50).toFixed(2)}`,
    );
  }
  // The figures issue #18 asks for.
  console.log("\nissue #18:");
  for (const p of ["P2P", "LIVEKIT"] as const) {
    const waiting = stat(p, "linkToWaiting");
    const admit = stat(p, "admitToFrames");
    console.log(
      `  ${p.padEnd(7)} link → waiting room p50 ${waiting.p50} ms, p95 ${waiting.p95} ms; admit → first frame p95 ${admit.p95} ms (goal ≤ 2000 ms: ${admit.p95 <= 2000 ? "met" : "NOT met"})`,
    );
  }
} finally {
  await browser?.close();
  await db?.$disconnect();
  await stopServer();
}
process.exit(0);
