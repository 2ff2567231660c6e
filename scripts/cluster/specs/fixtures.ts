// What the cluster specs share: the database, people and devices, browsers pinned to hosts.
import { randomBytes } from "node:crypto";
import { chromium, type Browser, type Page } from "@playwright/test";
import { PrismaPg } from "@prisma/adapter-pg";
import bcrypt from "bcryptjs";
import { PrismaClient } from "../../../server/generated/prisma/client";
import { newDeviceToken } from "../../../server/vitals/device-token-secret";
import { APP_PORT, APP_URL, DATABASE_URL, HOSTS, LIVEKIT_PORT, PUBLIC, SOKETI_PORT } from "../topology";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../../e2e/chromium";
import { subscribedTo as subscribedToChannel } from "../../../e2e/fixtures/realtime";

export const PASSWORD = "correct-horse-battery";
let db: PrismaClient | undefined;
export const database = () => (db ??= new PrismaClient({ adapter: new PrismaPg({ connectionString: DATABASE_URL, max: 3 }) }));

const uid = () => randomBytes(4).toString("hex");

export async function clinicianWithPatient() {
  const hash = await bcrypt.hash(PASSWORD, 4);
  const d = database();
  const clinician = await d.user.create({
    data: { email: `clin-${uid()}@cluster.test`, name: "Dr Cluster", role: "CLINICIAN", title: "Dr", passwordHash: hash },
  });
  const patientUser = await d.user.create({ data: { email: `pat-${uid()}@cluster.test`, name: "Pat Cluster", role: "PATIENT", passwordHash: hash } });
  const patient = await d.patient.create({
    data: {
      mrn: `CL-${uid().toUpperCase()}`,
      givenName: "Pat",
      familyName: `Cluster${uid()}`,
      dateOfBirth: new Date("1970-05-05T00:00:00Z"),
      sex: "FEMALE",
      email: patientUser.email,
      userId: patientUser.id,
      careTeam: { create: { clinicianId: clinician.id } },
    },
  });
  const visit = await d.visit.create({ data: { patientId: patient.id, clinicianId: clinician.id } });
  const secret = newDeviceToken();
  await d.deviceToken.create({
    data: { patientId: patient.id, name: `Cluster device ${uid()}`, tokenHash: secret.tokenHash, prefix: secret.prefix, createdById: clinician.id },
  });
  return { clinician, patientUser, patient, visit, deviceToken: secret.token };
}

export const NORMAL = {
  heartRate: 72,
  systolicBp: 122,
  diastolicBp: 78,
  respiratoryRate: 15,
  spo2: 97,
  supplementalOxygen: false,
  temperature: 36.8,
  consciousness: "alert",
} as const;
export const DETERIORATED = { ...NORMAL, respiratoryRate: 26, heartRate: 135, systolicBp: 95 } as const;

export function reading(values: Record<string, unknown> = NORMAL, agoMs = 500) {
  return { idempotencyKey: `cl-${uid()}${uid()}`, observedAt: new Date(Date.now() - agoMs).toISOString(), ...values };
}

export const appOrigin = (host: "app-a" | "app-b" | "lb") => `http://${HOSTS[host]}:${APP_PORT}`;

/** POST /api/vitals as a device would. */
export async function postReading(origin: string, token: string, body: unknown, timeoutMs = 10_000) {
  const res = await fetch(`${origin}/api/vitals`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return {
    status: res.status,
    headers: res.headers,
    json: (await res.json().catch(() => null)) as { readings?: { seq: number; status: string; id: string }[] } | null,
  };
}

export type Route = "a" | "b" | "lb";
/**
 * A Chromium whose public names (app, realtime, LiveKit) resolve to instance A and its
 * soketi and LiveKit nodes, to B's, or to the load balancer. Pages use the production
 * names; only the mapping differs.
 */
export async function pinnedBrowser(route: Route): Promise<Browser> {
  const target = {
    a: { app: HOSTS["app-a"], realtime: HOSTS["sk-a"], livekit: HOSTS["lk-a"] },
    b: { app: HOSTS["app-b"], realtime: HOSTS["sk-b"], livekit: HOSTS["lk-b"] },
    lb: { app: HOSTS.lb, realtime: HOSTS.lb, livekit: HOSTS["lk-a"] },
  }[route];
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      // Every other name fails at once, without a DNS query: Chromium looks names up at start
      // (the machine's resolver is outside the test network; the kernel refused each attempt
      // for want of a route, 752 in one run, counted by run.sh's no-route report).
      `--host-resolver-rules=MAP ${PUBLIC.app} ${target.app}, MAP ${PUBLIC.realtime} ${target.realtime}, MAP ${PUBLIC.livekit} ${target.livekit}, MAP * ~NOTFOUND, EXCLUDE localhost`,
      // Camera and microphone need a secure context; TLS is the proxy's job in production.
      `--unsafely-treat-insecure-origin-as-secure=${APP_URL},http://${PUBLIC.realtime}:${SOKETI_PORT},http://${PUBLIC.livekit}:${LIVEKIT_PORT}`,
    ],
  });
}

/** Signs in through Auth.js's API from inside the page (its cookies, its host mapping). */
export async function signIn(page: Page, email: string) {
  await page.goto(`${APP_URL}/signin`);
  const status = await page.evaluate(
    async ({ email, password }) => {
      const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
      const res = await fetch("/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1" },
        body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/" }),
      });
      return res.status;
    },
    { email, password: PASSWORD },
  );
  if (status !== 200) throw new Error(`sign-in answered ${status}`);
}

/**
 * Resolves once the page's realtime connection has subscribed to `channel` (the e2e suite's
 * check, with a longer wait). Start it before the navigation; the time includes loading the
 * page, which on a loaded 2-core machine has taken 10–25 s before the page's script even
 * created its socket (traces of earlier runs).
 */
export function subscribedTo(page: Page, channel: string, timeoutMs = 60_000): Promise<void> {
  return subscribedToChannel(page, channel, timeoutMs);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export interface SocketLog {
  /** When the page created each WebSocket (before it opened). */
  created: { at: number; url: string }[];
  opens: { at: number; url: string }[];
  closes: { at: number; url: string; code: number }[];
  frames: { at: number; text: string }[];
}

/** Records, inside the page, when its WebSockets open and close and what they receive. */
export async function recordSockets(page: Page) {
  await page.addInitScript(() => {
    const log: SocketLog = { created: [], opens: [], closes: [], frames: [] };
    (window as unknown as { socketLog: SocketLog }).socketLog = log;
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        const url = String(args[0]);
        log.created.push({ at: Date.now(), url });
        this.addEventListener("open", () => log.opens.push({ at: Date.now(), url }));
        this.addEventListener("close", (e) => log.closes.push({ at: Date.now(), url, code: e.code }));
        this.addEventListener("message", (e) => log.frames.push({ at: Date.now(), text: String(e.data) }));
      }
    };
  });
}

export const socketLog = (page: Page) => page.evaluate(() => (window as unknown as { socketLog: SocketLog }).socketLog);
