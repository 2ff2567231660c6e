// Fuzz of every route handler that is not tRPC (tRPC's procedures have their own fuzz in
// server/api/authorization-matrix.int.test.ts): device ingest, LiveKit and realtime webhooks, realtime
// channel grants, the leave beacon, the audit CSV, recording playback, FHIR, cron and Auth.js
// (/session-ended and the pages need Next's request scope: e2e/specs/robust/headers.spec.ts
// sends the same paths and queries to them through the production server). Each is called exactly as Next calls it (a NextRequest and
// its params) by anonymous, patient, clinician and admin callers, with wrong types, 1 MB
// bodies, deep nesting, `__proto__` keys, NaN/Infinity, malformed JSON, wrong content types,
// hostile headers, and NUL / lone surrogates / broken escapes in path and query.
// Nothing may answer 5xx or throw (Next turns a throw into a 500).
import { createHmac, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import type { SessionUser } from "@/server/auth/session";

const session = vi.hoisted(() => {
  // env.js reads these on first import: LiveKit configured (so signed webhooks reach the
  // handler) and the cron route enabled (so it checks its secret instead of answering 503).
  process.env.LIVEKIT_URL = "http://127.0.0.1:9";
  process.env.LIVEKIT_API_KEY = "fuzz-livekit-key";
  process.env.LIVEKIT_API_SECRET = "fuzz-livekit-secret-0123456789abcdef";
  process.env.CRON_SECRET = "fuzz-cron-secret-0123456789";
  return { user: null as SessionUser | null };
});
vi.mock("@/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/server/auth/session")>()),
  getSessionUser: async () => session.user,
}));

const { env } = await import("@/env");
const { db } = await import("@/server/db");
const { makeAdmin, makeClinician, makePatient, makeSession, makeConsultation, sessionUserOf } = await import("@/tests/helpers/factories");
const { makeDeviceToken } = await import("@/tests/helpers/vitals");
const { signWebhook } = await import("@/tests/helpers/livekit-webhooks");

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, unknown>> }) => Promise<Response> | Response;
type Methods = Partial<Record<"GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>;
const load = async (path: string) => (await import(/* @vite-ignore */ path)) as Methods;

// ── hostile material ──

const MB = 1024 * 1024;
const deepArray = (n: number) => "[".repeat(n) + "]".repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);
/** Raw bodies, sent as they are (several are not valid JSON on purpose). */
const RAW_BODIES: [string, string][] = [
  ["empty", ""],
  ["malformed JSON", "{not json"],
  ["truncated JSON", '{"readings":[{"heartRate":'],
  ["NaN literal", '{"heartRate":NaN,"stintId":NaN}'],
  ["Infinity literal", '{"heartRate":Infinity}'],
  ["1e999 (Infinity once parsed)", '{"heartRate":1e999,"observedAt":1e999,"readings":[{"heartRate":1e999,"idempotencyKey":"k","observedAt":1e999}]}'],
  ["number", "42"],
  ["string", '"hello"'],
  ["null", "null"],
  ["true", "true"],
  ["array of junk", '[1,"a",null,{}]'],
  ["1 MB JSON string", JSON.stringify({ a: "x".repeat(MB) })],
  ["1 MB raw", "a".repeat(MB)],
  ["deep array (100k)", deepArray(100_000)],
  ["deep object (5k)", deepObject(5_000)],
  ["__proto__ keys", '{"__proto__":{"isAdmin":true,"role":"ADMIN"},"constructor":{"prototype":{"polluted":1}}}'],
  ["NUL escapes", '{"stintId":"\\u0000","socket_id":"\\u0000","channel_name":"private-\\u0000","event":"\\u0000"}'],
  ["lone surrogates", '{"stintId":"\\ud800","socket_id":"\\udc00","channel_name":"private-\\ud800","event":"room_finished","room":{"name":"\\ud800"}}'],
  ["raw NUL bytes", "\u0000\u0000{\u0000}"],
  ["form with NUL and bad escapes", "socket_id=%00&channel_name=%ED%A0%80&x=%E0%A4%A&__proto__[a]=1"],
  ["binary", String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i))],
];
const CONTENT_TYPES: (string | null)[] = [
  "application/json",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/webhook+json",
  null,
];
/** Values put in place of one field of a valid body. */
const BAD_VALUES: [string, unknown][] = [
  ["NUL", "\u0000"],
  ["lone surrogate", "\ud800"],
  ["1 MB string", "a".repeat(MB)],
  ["number", 42],
  ["negative", -1],
  ["huge", 1e308],
  ["null", null],
  ["boolean", true],
  ["array", ["a", 1]],
  ["object", { a: 1 }],
  ["deep nesting", JSON.parse(deepArray(500)) as unknown],
  ["far-future epoch", 8.64e15],
  ["empty", ""],
];
/** Path segments, as Next hands them to the handler (already decoded once). */
const BAD_SEGMENTS = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udc00",
  "%",
  "%E0%A4%A",
  "%00",
  "..",
  "../../etc/passwd",
  "__proto__",
  "constructor",
  "a".repeat(10_000),
  "",
  " ",
  "😀",
];
/** Query strings, raw. */
const BAD_QUERIES = [
  "?x=%00",
  "?action=%00&patientId=%00&from=%00",
  "?action=%ED%A0%80&to=%ED%A0%80",
  "?from=275760-09-14&to=-271821-04-19",
  "?from=NaN&to=Infinity&limit=1e999",
  "?__proto__[isAdmin]=1&constructor[prototype][x]=1",
  "?patient=%00&_count=NaN&date=ge8.64e15&_id=%E0%A4%A",
  "?_count=-1&_offset=1e999&_sort=%00&code=%ED%A0%80",
  `?x=${"a".repeat(8_000)}`,
  "?%=%&%%=%%",
];

// ── callers and targets ──

interface Caller {
  name: string;
  user: SessionUser | null;
}
interface Target {
  name: string;
  module: string;
  /** The URL path and the params object Next would pass for a segment value. */
  url: (segment?: string) => string;
  params?: (segment: string) => Record<string, unknown>;
  /** A body that passes the handler's checks, so that replacing one field reaches deeper. */
  validBody?: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  validContentType?: string;
  /** Header sets to try, besides none. */
  headers?: () => Promise<Record<string, string>[]> | Record<string, string>[];
  /** The methods to fuzz, when not every exported one (FHIR answers 405 to writes). */
  methods?: (keyof Methods)[];
  /** Sign each body like the provider does (LiveKit webhooks). */
  sign?: (body: string) => Promise<Record<string, string>>;
}

const livekit = { apiKey: "fuzz-livekit-key", apiSecret: "fuzz-livekit-secret-0123456789abcdef" };
let deviceToken: string;
let sessionId: string;
let fhirToken: string;
let callers: Caller[];

const TARGETS: Target[] = [
  {
    name: "vitals ingest",
    module: "@/app/api/vitals/route",
    url: () => "/api/vitals",
    validBody: () => ({ readings: [{ idempotencyKey: randomBytes(6).toString("hex"), heartRate: 72, observedAt: new Date().toISOString() }] }),
    validContentType: "application/json",
    headers: () => [
      { authorization: `Bearer ${deviceToken}` },
      { authorization: "Bearer " },
      { authorization: `Bearer ${"x".repeat(10_000)}` },
      { authorization: "Basic Zm9vOmJhcg==" },
    ],
  },
  {
    name: "LiveKit webhook",
    module: "@/app/api/webhooks/livekit/route",
    url: () => "/api/webhooks/livekit",
    validBody: () => ({
      id: `EV_${randomBytes(4).toString("hex")}`,
      event: "participant_joined",
      room: { name: `session-${sessionId}` },
      participant: { identity: "x", sid: "PA_x", joinedAt: "1" },
      createdAt: "1",
    }),
    validContentType: "application/webhook+json",
    headers: () => [{ authorization: "not-a-jwt" }, { authorization: `Bearer ${"x".repeat(10_000)}` }],
    sign: async (body) => ({ authorization: await signWebhook(body, livekit) }),
  },
  {
    name: "realtime presence webhook",
    module: "@/app/api/webhooks/realtime/route",
    url: () => "/api/webhooks/realtime",
    validBody: () => ({
      time_ms: Date.now(),
      events: [{ name: "member_removed", channel: `presence-signal-${sessionId}`, user_id: "cfuzzuser00000000000000" }],
    }),
    validContentType: "application/json",
    headers: (): Record<string, string>[] => [
      { "x-pusher-key": env.PUSHER_KEY, "x-pusher-signature": "0".repeat(64) },
      { "x-pusher-signature": "x".repeat(10_000) },
    ],
    // Signed as the realtime server signs (HMAC-SHA256 of the body with the app secret).
    sign: async (body) => ({
      "x-pusher-key": env.PUSHER_KEY,
      "x-pusher-signature": createHmac("sha256", env.PUSHER_SECRET).update(body).digest("hex"),
    }),
  },
  {
    name: "realtime channel grant",
    module: "@/app/api/pusher/auth/route",
    url: () => "/api/pusher/auth",
    validBody: () => ({ socket_id: "123.456", channel_name: `private-session-${sessionId}` }),
    validContentType: "application/x-www-form-urlencoded",
  },
  {
    name: "leave beacon",
    module: "@/app/api/sessions/[sessionId]/leave/route",
    url: (s = sessionId) => `/api/sessions/${encodeURIComponent(s)}/leave`,
    params: (s) => ({ sessionId: s }),
    validBody: () => ({ stintId: crypto.randomUUID() }),
    validContentType: "text/plain",
  },
  {
    name: "audit CSV",
    module: "@/app/api/admin/audit.csv/route",
    url: () => "/api/admin/audit.csv",
  },
  {
    name: "recording playback",
    module: "@/app/api/admin/recordings/[recordingId]/route",
    url: (s = "crecording000000000000000") => `/api/admin/recordings/${encodeURIComponent(s)}`,
    params: (s) => ({ recordingId: s }),
    headers: () => [
      { range: "bytes=abc" },
      { range: "bytes=99999999999999999999999-" },
      { range: "bytes=5-1" },
      { range: "bytes=-0" },
      { range: "bytes=0-1,2-3,".repeat(500) },
    ],
  },
  {
    name: "FHIR",
    module: "@/app/api/fhir/R4/[[...path]]/route",
    url: (s = "Patient") => `/api/fhir/R4/${encodeURIComponent(s)}`,
    params: (s) => ({ path: [s] }),
    methods: ["GET", "POST", "DELETE"],
    headers: (): Record<string, string>[] => [
      { authorization: `Bearer ${fhirToken}` },
      { authorization: "Bearer " },
      { authorization: `Bearer ${"x".repeat(10_000)}` },
      { accept: "application/xml" },
    ],
  },
  {
    name: "FHIR (three segments)",
    module: "@/app/api/fhir/R4/[[...path]]/route",
    url: (s = "x") => `/api/fhir/R4/Patient/${encodeURIComponent(s)}/$everything`,
    params: (s) => ({ path: ["Patient", s, "$everything"] }),
    methods: ["GET", "POST"],
    headers: () => [{ authorization: `Bearer ${fhirToken}` }],
  },
  {
    name: "cron tick",
    module: "@/app/api/cron/tick/route",
    url: () => "/api/cron/tick",
    headers: () => [{ authorization: "Bearer wrong" }, { authorization: `Bearer ${"x".repeat(10_000)}` }],
  },
  {
    name: "Auth.js",
    module: "@/app/api/auth/[...nextauth]/route",
    url: (s = "session") => `/api/auth/${encodeURIComponent(s)}`,
    params: (s) => ({ nextauth: [s] }),
    validBody: () => ({ email: "nobody@fuzz.test", password: "wrong-password", csrfToken: "x", callbackUrl: "/" }),
    validContentType: "application/x-www-form-urlencoded",
  },
  {
    name: "Auth.js credentials callback",
    module: "@/app/api/auth/[...nextauth]/route",
    url: (s = "credentials") => `/api/auth/callback/${encodeURIComponent(s)}`,
    params: (s) => ({ nextauth: ["callback", s] }),
    validBody: () => ({ email: "nobody@fuzz.test", password: "wrong-password", csrfToken: "x" }),
    validContentType: "application/x-www-form-urlencoded",
  },
];

const BASE = "http://localhost:3000";
const encodeBody = (body: Record<string, unknown>, contentType: string | undefined) =>
  contentType === "application/x-www-form-urlencoded"
    ? new URLSearchParams(Object.entries(body).map(([k, v]) => [k, typeof v === "string" ? v : (JSON.stringify(v) ?? "")])).toString()
    : JSON.stringify(body);

// ── the run ──

const fiveHundreds: string[] = [];
const statuses = new Map<number, number>();
let sent = 0;

async function send(
  target: Target,
  method: keyof Methods,
  handler: Handler,
  caller: Caller,
  label: string,
  init: { url?: string; segment?: string; body?: string; headers?: Record<string, string> },
) {
  sent++;
  session.user = caller.user;
  const segment = init.segment;
  let url: string;
  try {
    url = init.url ?? `${BASE}${target.url(segment)}`;
    new URL(url);
  } catch {
    url = `${BASE}${target.url()}`;
  }
  const where = `${caller.name} ${method} ${target.name} ${label}`;
  let req: NextRequest;
  try {
    req = new NextRequest(url, {
      method,
      headers: { host: "localhost:3000", ...(init.headers ?? {}) },
      ...(init.body !== undefined && method !== "GET" && method !== "HEAD" ? { body: init.body } : {}),
    });
  } catch {
    return; // Not a request an HTTP client could send (e.g. a header Node refuses).
  }
  const params = Promise.resolve(target.params ? target.params(segment ?? "x") : {});
  try {
    const res = await handler(req, { params });
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    // Read the whole body: a streamed response (the audit CSV) can fail mid-stream.
    await res.arrayBuffer();
    if (res.status >= 500) fiveHundreds.push(`${where} → ${res.status}`);
  } catch (error) {
    fiveHundreds.push(`${where} → threw ${(error as Error)?.message?.slice(0, 200)}`);
  }
}

beforeAll(async () => {
  const clinician = await makeClinician();
  const { patient, user: patientUser } = await makePatient({ clinicianIds: [clinician.id] });
  const admin = await makeAdmin();
  const { visit, consultation } = await makeConsultation({ clinicianId: clinician.id, patientId: patient.id, start: new Date(Date.now() + 10 * 60_000) });
  const s = await makeSession({ visitId: visit.id, consultationId: consultation.id, createdById: clinician.id, scheduledStart: consultation.scheduledStart });
  sessionId = s.id;
  deviceToken = (await makeDeviceToken(patient.id, clinician.id)).token;
  const { callerAs } = await import("@/tests/helpers/factories");
  fhirToken = (await callerAs(admin).admin.issueEhrToken({ name: "Fuzz EHR", clinicianId: null })).token;
  const patientRow = await db.user.findUniqueOrThrow({ where: { id: patientUser!.id } });
  callers = [
    { name: "anonymous", user: null },
    { name: "patient", user: sessionUserOf(patientRow) },
    { name: "clinician", user: sessionUserOf(clinician) },
    { name: "admin", user: sessionUserOf(admin) },
  ];
}, 120_000);

describe("route fuzz (every route handler outside tRPC)", () => {
  it("malformed bodies, content types, headers, paths and queries to every route: 0 × 5xx", async () => {
    const perTarget: string[] = [];
    for (const target of TARGETS) {
      const before = sent;
      const methods = await load(target.module);
      const extraHeaders = target.headers ? await target.headers() : [];
      for (const [method, handler] of Object.entries(methods) as [keyof Methods, Handler][]) {
        if (typeof handler !== "function" || !["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"].includes(method)) continue;
        if (target.methods && !target.methods.includes(method)) continue;
        const hasBody = method !== "GET" && method !== "HEAD";
        for (const caller of callers) {
          // Raw bodies × content types.
          if (hasBody) {
            for (const [name, body] of RAW_BODIES) {
              for (const contentType of CONTENT_TYPES) {
                const signed = target.sign ? await target.sign(body) : {};
                await send(target, method, handler, caller, `body ${name} as ${contentType ?? "no content type"}`, {
                  body,
                  headers: { ...(contentType ? { "content-type": contentType } : {}), ...signed, ...(extraHeaders[0] ?? {}) },
                });
              }
            }
            // One field of a valid body at a time.
            if (target.validBody) {
              const valid = await target.validBody();
              for (const key of Object.keys(valid)) {
                for (const [name, bad] of BAD_VALUES) {
                  const body = encodeBody({ ...valid, [key]: bad }, target.validContentType);
                  const signed = target.sign ? await target.sign(body) : {};
                  await send(target, method, handler, caller, `${key}=${name}`, {
                    body,
                    headers: { "content-type": target.validContentType ?? "application/json", ...signed, ...(extraHeaders[0] ?? {}) },
                  });
                }
              }
              const body = encodeBody(valid, target.validContentType);
              const signed = target.sign ? await target.sign(body) : {};
              await send(target, method, handler, caller, "valid body", {
                body,
                headers: { "content-type": target.validContentType ?? "application/json", ...signed, ...(extraHeaders[0] ?? {}) },
              });
            }
          }
          // Hostile headers.
          for (const headers of extraHeaders)
            await send(target, method, handler, caller, `headers ${Object.keys(headers).join(",")}`, { headers, body: hasBody ? "{}" : undefined });
          // Path segments (routes with dynamic segments) and query strings.
          if (target.params) {
            for (const segment of BAD_SEGMENTS) {
              await send(target, method, handler, caller, `segment ${JSON.stringify(segment.slice(0, 20))}`, {
                segment,
                body: hasBody ? "{}" : undefined,
                headers: extraHeaders[0],
              });
            }
          }
          for (const query of BAD_QUERIES) {
            await send(target, method, handler, caller, `query ${query.slice(0, 40)}`, {
              url: `${BASE}${target.url()}${query}`,
              body: hasBody ? "{}" : undefined,
              headers: extraHeaders[0],
            });
          }
        }
      }
      perTarget.push(`${target.name}: ${sent - before}`);
    }
    expect(({} as Record<string, unknown>).isAdmin, "prototype polluted").toBeUndefined();
    expect(({} as Record<string, unknown>).polluted, "prototype polluted").toBeUndefined();
    const byStatus = [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(" ");
    console.info(
      `route fuzz: ${sent} requests to ${TARGETS.length} routes × ${callers.length} callers (${perTarget.join("; ")}); statuses ${byStatus}; 5xx: ${fiveHundreds.length}`,
    );
    expect(fiveHundreds).toEqual([]);
  }, 900_000);
});
