// What each page costs a browser: JavaScript transferred (compressed bytes on the wire, as
// Chromium's resource timing reports them), LCP and TBT, for the pages clinicians and
// patients open most, on the production server (`next build` + `next start`). The baseline
// in the same run is the smallest page Next serves with this layout (/forbidden: the
// framework, React and the root layout), so the ratio shows what each page adds.
// Exits 1 when a page is over its JS budget (call room ≤ 350 KiB gz, every other ≤ 150).
//
//   npm run build && TEST_DATABASE_URL=postgresql://… npx tsx bench/pages/weights.ts [--rounds 3] [--chunks] [--sources] [--builds "<dir A>|<dir B>"]
//
// --builds measures the production server of each project directory holding a build (a copy of
// another tree with its `.next`, generated Prisma client and a node_modules link, e.g. the same
// commit built with another bundler), the builds taking turns within each round, one table each.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Browser } from "playwright-core";
import { ensureReactServerCondition, onFailure, median, printTable, signIn, startProductionServer, type Row } from "../lib/harness";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../e2e/chromium";
import { attribute } from "../lib/chunk-sources";

ensureReactServerCondition();
// --chunks: also list each page's scripts with their compressed size (the profile of a miss).
// --sources: what each page's JavaScript is made of, by npm package and by our own folders (the
// frame every page shares, then each page beyond it), from the source maps of a build made with
// `BEDSIDE_BROWSER_SOURCE_MAPS=1 npm run build` (bench/lib/chunk-sources.ts).
// --page /path@role (repeatable; role clinician, admin or patient, or none): measure another page
// too against the 150 KiB budget, e.g. a signed-in page with nothing but the frame (the floor
// of an area).
const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    chunks: { type: "boolean", default: false },
    sources: { type: "boolean", default: false },
    page: { type: "string", multiple: true, default: [] },
    builds: { type: "string" },
  },
});
const ROUNDS = Math.min(9, Math.max(1, Number(args.rounds)));

const { provisionTestDatabase } = await import("@/tests/db/provision");
const database = await provisionTestDatabase();
onFailure(() => database.teardown());
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: database.url,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  LOG_LEVEL: "warn",
  SCHEDULER_IN_PROCESS: "false",
  SIGNIN_RATE_LIMIT_PER_IP: "100000",
  PUSHER_HOST: "127.0.0.1",
  PUSHER_PORT: "9",
  PUSHER_USE_TLS: "false",
  PUSHER_APP_ID: "bench",
  PUSHER_KEY: "bench-key",
  PUSHER_SECRET: "bench-secret-0123456789",
};
Object.assign(process.env, env);
const { db } = await import("@/server/db");
const { hashPassword } = await import("@/server/auth/password");

const password = `bench-${randomBytes(6).toString("hex")}`;
const passwordHash = await hashPassword(password);
const mk = (role: "CLINICIAN" | "ADMIN" | "PATIENT") =>
  db.user.create({
    data: {
      email: `${role.toLowerCase()}-${randomBytes(3).toString("hex")}@bench.local`,
      name: `Bench ${role}`,
      role,
      passwordHash,
      title: role === "CLINICIAN" ? "Dr" : null,
    },
  });
const clinician = await mk("CLINICIAN");
const admin = await mk("ADMIN");
const patientUser = await mk("PATIENT");
const patient = await db.patient.create({
  data: {
    mrn: `W-${randomBytes(3).toString("hex")}`,
    givenName: "Bench",
    familyName: "Patient",
    dateOfBirth: new Date("1960-01-01"),
    sex: "UNKNOWN",
    userId: patientUser.id,
    careTeam: { create: { clinicianId: clinician.id } },
  },
});
const start = new Date(Date.now() + 2 * 60_000);
const visit = await db.visit.create({ data: { patientId: patient.id, clinicianId: clinician.id } });
const consultation = await db.consultation.create({
  data: {
    clinicianId: clinician.id,
    patientId: patient.id,
    visitId: visit.id,
    scheduledStart: start,
    scheduledEnd: new Date(start.getTime() + 20 * 60_000),
    durationMinutes: 20,
    createdById: clinician.id,
    reason: "Follow-up",
  },
});
const session = await db.telemedicineSession.create({
  data: {
    visitId: visit.id,
    consultationId: consultation.id,
    roomName: `r-${randomBytes(6).toString("hex")}`,
    provider: "P2P",
    scheduledStart: start,
    createdById: clinician.id,
  },
});

const BUILDS = args.builds === undefined ? ["."] : args.builds.split("|").map((dir) => dir.trim());
const apps: { dir: string; url: string; stop(): Promise<void>; cookies: Record<"clinician" | "admin" | "patient", string> }[] = [];
for (const dir of BUILDS) {
  const server = await startProductionServer(env, undefined, "serve", dir);
  onFailure(() => server.stop());
  apps.push({
    dir,
    url: server.url,
    stop: server.stop,
    cookies: {
      clinician: await signIn(server.url, clinician.email, password),
      admin: await signIn(server.url, admin.email, password),
      patient: await signIn(server.url, patientUser.email, password),
    },
  });
}
type Role = keyof (typeof apps)[number]["cookies"];
const KiB = 1024;
const pages: { name: string; path: string; as: Role | null; budget: number }[] = [
  { name: "sign-in", path: "/signin", as: null, budget: 150 * KiB },
  { name: "clinician home", path: "/clinician", as: "clinician", budget: 150 * KiB },
  { name: "call room", path: `/session/${session.id}`, as: "clinician", budget: 350 * KiB },
  { name: "patient home", path: "/patient", as: "patient", budget: 150 * KiB },
  { name: "admin overview", path: "/admin", as: "admin", budget: 150 * KiB },
  { name: "vitals page", path: `/clinician/patients/${patient.id}/vitals`, as: "clinician", budget: 150 * KiB },
  ...args.page.map((spec) => {
    const [path = "/", role = "none"] = spec.split("@");
    if (role !== "none" && !["clinician", "admin", "patient"].includes(role)) throw new Error(`--page ${spec}: role must be clinician, admin, patient or none`);
    return { name: path, path, as: role === "none" ? null : (role as Role), budget: 150 * KiB };
  }),
];

interface Sample {
  js: number;
  lcp: number;
  tbt: number;
  scripts: { name: string; bytes: number }[];
}
async function measure(browser: Browser, app: (typeof apps)[number], path: string, as: Role | null): Promise<Sample> {
  const context = await browser.newContext();
  if (as) {
    const [name, ...value] = app.cookies[as].split("=");
    await context.addCookies([{ name: name!, value: value.join("="), url: app.url }]);
  }
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __lcp: number; __tbt: number };
    w.__lcp = 0;
    w.__tbt = 0;
    new PerformanceObserver((l) => l.getEntries().forEach((e) => (w.__lcp = e.startTime))).observe({ type: "largest-contentful-paint", buffered: true });
    new PerformanceObserver((l) => l.getEntries().forEach((e) => (w.__tbt += Math.max(0, e.duration - 50)))).observe({ type: "longtask", buffered: true });
  });
  const response = await page.goto(`${app.url}${path}`, { waitUntil: "networkidle" });
  // /forbidden answers 403 by design; every other page must load.
  if (!response || (response.status() >= 400 && path !== "/forbidden") || !page.url().includes(path))
    throw new Error(`${path}: ${response?.status()} at ${page.url()}`);
  // Chunks loaded after hydration (next/dynamic, data-dependent charts) count too: wait until
  // no new resource has started for 1.5 s (networkidle alone can fire while hydration still
  // blocks the main thread, before the page's queries and their lazy chunks go out).
  for (let count = -1, until = Date.now() + 15_000; Date.now() < until;) {
    const now = await page.evaluate(() => performance.getEntriesByType("resource").length);
    if (now === count) break;
    count = now;
    await page.waitForTimeout(1_500);
  }
  const sample = await page.evaluate(() => {
    const w = window as unknown as { __lcp: number; __tbt: number };
    const scripts = performance
      .getEntriesByType("resource")
      .filter((e) => (e as PerformanceResourceTiming).initiatorType === "script" || e.name.endsWith(".js"))
      .map((e) => ({ name: new URL(e.name).pathname, bytes: (e as PerformanceResourceTiming).transferSize }));
    return { js: scripts.reduce((n, s) => n + s.bytes, 0), lcp: w.__lcp, tbt: w.__tbt, scripts };
  });
  await context.close();
  return sample;
}

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const results = apps.map(() => ({ samples: new Map<string, Sample[]>(), baseline: [] as Sample[] }));
for (let round = 0; round < ROUNDS; round++) {
  // The builds take turns, each round starting with the next one.
  for (let k = 0; k < apps.length; k++) {
    const i = (round + k) % apps.length;
    const app = apps[i]!;
    const { samples, baseline } = results[i]!;
    baseline.push(await measure(browser, app, "/forbidden", null));
    for (const p of pages) samples.set(p.name, [...(samples.get(p.name) ?? []), await measure(browser, app, p.path, p.as)]);
  }
}
let ok = true;
for (const [i, app] of apps.entries()) {
  const { samples, baseline: baselineSamples } = results[i]!;
  const base = { js: median(baselineSamples.map((s) => s.js)), lcp: median(baselineSamples.map((s) => s.lcp)) };
  const rows: Row[] = pages.map((p) => {
    const s = samples.get(p.name)!;
    const js = median(s.map((x) => x.js));
    return {
      name: `${p.name} JS gz (LCP ${median(s.map((x) => x.lcp)).toFixed(0)} ms, TBT ${median(s.map((x) => x.tbt)).toFixed(0)} ms)`,
      baseline: `${(base.js / KiB).toFixed(0)} KiB (LCP ${base.lcp.toFixed(0)} ms)`,
      bedside: `${(js / KiB).toFixed(0)} KiB`,
      ratio: `×${(js / base.js).toFixed(2)}`,
      budget: `≤ ${p.budget / KiB} KiB`,
      met: js <= p.budget,
    };
  });
  const build = apps.length > 1 ? ` [build: ${app.dir}]` : "";
  // Scripts every page shares with the baseline page are the framework; the rest is the page's own.
  const floor = new Set(baselineSamples[0]!.scripts.map((s) => s.name));
  if (args.chunks) {
    console.log(`\nbaseline (/forbidden)${build}: ${(baselineSamples[0]!.js / KiB).toFixed(1)} KiB`);
    for (const s of [...baselineSamples[0]!.scripts].sort((a, b) => b.bytes - a.bytes))
      console.log(`  ${(s.bytes / KiB).toFixed(1).padStart(6)} KiB  ${s.name}`);
    for (const p of pages) {
      const scripts = samples.get(p.name)![0]!.scripts.sort((a, b) => b.bytes - a.bytes);
      console.log(`\n${p.name} (${p.path})${build}: scripts beyond the baseline page's, compressed`);
      for (const s of scripts.filter((x) => !floor.has(x.name))) console.log(`  ${(s.bytes / KiB).toFixed(1).padStart(6)} KiB  ${s.name}`);
      const shared = scripts.filter((x) => floor.has(x.name)).reduce((n, x) => n + x.bytes, 0);
      console.log(`  ${(shared / KiB).toFixed(1).padStart(6)} KiB  (shared with the baseline page: framework, React, root layout)`);
    }
  }
  if (args.sources) {
    // Our chunks live in the build's .next/static; the browser fetched them as /_next/static/….
    const files = (scripts: Sample["scripts"]) =>
      scripts
        .filter((s) => s.name.startsWith("/_next/static/"))
        .map((s) => ({ file: path.join(app.dir, ".next", s.name.slice("/_next".length)), compressed: s.bytes }));
    const print = (title: string, scripts: Sample["scripts"]) => {
      const { groups, unmapped } = attribute(files(scripts));
      const total = [...groups.values()].reduce((n, b) => n + b, 0);
      console.log(`\n${title}: ${(total / KiB).toFixed(1)} KiB compressed, by source (each chunk's size split by its minified bytes)`);
      for (const [group, bytes] of [...groups].sort((a, b) => b[1] - a[1]).filter(([, b]) => b >= 0.05 * KiB))
        console.log(`  ${(bytes / KiB).toFixed(1).padStart(6)} KiB  ${group}`);
      if (unmapped.length > 0) console.log(`  (${unmapped.length} chunk(s) without a source map: build with BEDSIDE_BROWSER_SOURCE_MAPS=1 npm run build)`);
    };
    print(`baseline (/forbidden)${build}`, baselineSamples[0]!.scripts);
    for (const p of pages)
      print(
        `${p.name} beyond the baseline page${build}`,
        samples.get(p.name)![0]!.scripts.filter((s) => !floor.has(s.name)),
      );
  }
  ok = printTable(`Page weight${build} (median of rounds; baseline: /forbidden, framework + root layout only)`, rows) && ok;
}
await browser.close();
for (const app of apps) await app.stop();
await db.$disconnect();
await database.teardown();
process.exit(ok ? 0 : 1);
