// The authorization matrix and the fuzz test, generated from the router: every tRPC
// procedure × {anonymous, patient, other patient, clinician, other clinician, admin, guest,
// join-link session} × {own record, someone else's, missing}, over HTTP exactly as the
// route serves it. A procedure added to the router without a row in INPUTS fails the first
// test. Someone else's record must answer exactly like a missing one (same status, same
// message); nothing may answer 5xx; and no query may be issued on a connection already
// running one (pg 9 refuses that; the integration setup's guard counts them).
import { randomBytes, randomUUID } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { createContextInner } from "@/server/api/trpc";
import type { SessionUser } from "@/server/auth/session";
import { db } from "@/server/db";
import { takeOverlappingQueries } from "@/tests/helpers/one-query-per-connection";
import {
  ensureTelemedicineItem,
  makeAdmin,
  makeClinician,
  makeConsultation,
  makePatient,
  makeSession,
  makeUser,
  sessionUserOf,
} from "@/tests/helpers/factories";

// ── the two worlds: A and B each have a clinician, a patient with a visit, a consultation and its session ──

interface World {
  patientId: string;
  patientUserId: string;
  clinicianId: string;
  visitId: string;
  consultationId: string;
  sessionId: string;
  catalogItemId: string;
}

const cuidLike = () => `c${randomBytes(12).toString("hex").slice(0, 24)}`;
const missingWorld = (catalogItemId: string): World => ({
  patientId: cuidLike(),
  patientUserId: cuidLike(),
  clinicianId: cuidLike(),
  visitId: cuidLike(),
  consultationId: cuidLike(),
  sessionId: cuidLike(),
  catalogItemId,
});

async function makeWorld(catalogItemId: string) {
  const clinician = await makeClinician();
  const { patient, user } = await makePatient({ clinicianIds: [clinician.id] });
  const { visit, consultation } = await makeConsultation({ clinicianId: clinician.id, patientId: patient.id, start: new Date(Date.now() + 5 * 60_000) });
  const session = await makeSession({
    visitId: visit.id,
    consultationId: consultation.id,
    createdById: clinician.id,
    scheduledStart: consultation.scheduledStart,
  });
  await db.sessionParticipant.createMany({
    data: [
      { sessionId: session.id, userId: clinician.id, role: "CLINICIAN", displayName: "Dr A" },
      { sessionId: session.id, userId: user!.id, role: "PATIENT", displayName: "Pat" },
    ],
    skipDuplicates: true,
  });
  const world: World = {
    patientId: patient.id,
    patientUserId: user!.id,
    clinicianId: clinician.id,
    visitId: visit.id,
    consultationId: consultation.id,
    sessionId: session.id,
    catalogItemId,
  };
  return { world, clinician, patientUser: user! };
}

// ── one row per procedure: a valid input naming records of a world ──
// Ids the worlds do not hold (charges, alerts, tokens…) are fresh in every case, so for those
// procedures the matrix checks roles, refusals and the absence of 5xx, not the oracle.

const soon = () => new Date(Date.now() + 3 * 24 * 60 * 60_000 + Math.floor(Math.random() * 1e6));
const INPUTS: Record<string, (w: World) => unknown> = {
  "account.me": () => undefined,
  "admin.overview": () => undefined,
  "admin.auditEvents": (w) => ({ filter: { patientId: w.patientId } }),
  "admin.stats": () => ({ from: new Date(Date.now() - 7 * 864e5), to: new Date() }),
  "admin.verifyAuditChain": () => undefined,
  "admin.staff": () => undefined,
  "admin.patients": () => undefined,
  "admin.inviteStaff": () => ({ email: `staff-${randomBytes(4).toString("hex")}@int.test`, name: "New Staff", role: "CLINICIAN" }),
  "admin.resendInvitation": (w) => ({ userId: w.clinicianId }),
  "admin.deactivateUser": () => ({ userId: cuidLike() }),
  "admin.recordings": () => undefined,
  "admin.transcript": () => ({ recordingId: cuidLike() }),
  "admin.retryTranscript": () => ({ recordingId: cuidLike() }),
  "admin.ehrTokens": () => undefined,
  "admin.issueEhrToken": (w) => ({ name: "Matrix EHR", clinicianId: w.clinicianId }),
  "admin.revokeEhrToken": () => ({ tokenId: cuidLike() }),
  "admin.clinicHours": () => undefined,
  // The harness's own hours (open around the clock): later bookings in this file stay bookable at any hour.
  "admin.updateClinicHours": () => ({ opens: "00:00", closes: "24:00", slotMinutes: 20, weekdays: [0, 1, 2, 3, 4, 5, 6] }),
  "billing.catalog": () => ({ includeInactive: true }),
  "billing.catalogCreate": () => ({ code: `T-${randomBytes(3).toString("hex").toUpperCase()}`, name: "Test item", priceMinor: 100, currency: "USD" }),
  "billing.catalogUpdate": (w) => ({ id: w.catalogItemId, name: "Telemedicine consultation" }),
  "billing.addCharge": (w) => ({ visitId: w.visitId, catalogItemId: w.catalogItemId }),
  "billing.voidCharge": () => ({ chargeId: cuidLike(), reason: "matrix test" }),
  "billing.recordPayment": (w) => ({ visitId: w.visitId, amountMinor: 100, method: "CASH" }),
  "billing.waive": (w) => ({ visitId: w.visitId, reason: "matrix test" }),
  "billing.invoice": (w) => ({ visitId: w.visitId }),
  "chat.send": (w) => ({ sessionId: w.sessionId, body: "hello" }),
  "chat.list": (w) => ({ sessionId: w.sessionId }),
  "consultations.upcoming": () => ({ days: 7 }),
  "consultations.slots": (w) => ({ clinicianId: w.clinicianId, days: 1 }),
  "consultations.openVisits": (w) => ({ patientId: w.patientId, clinicianId: w.clinicianId }),
  "consultations.book": (w) => ({ patientId: w.patientId, clinicianId: w.clinicianId, scheduledStart: soon(), durationMinutes: 15 }),
  "consultations.reschedule": (w) => ({ consultationId: w.consultationId, scheduledStart: soon() }),
  "consultations.cancel": (w) => ({ consultationId: w.consultationId, reason: "matrix test" }),
  "joinLinks.list": (w) => ({ sessionId: w.sessionId }),
  "joinLinks.revoke": () => ({ joinLinkId: cuidLike() }),
  "joinLinks.revokeInvitee": (w) => ({ sessionId: w.sessionId, userId: w.patientUserId }),
  "joinLinks.resend": (w) => ({ consultationId: w.consultationId }),
  "notifications.failedEmails": () => ({ limit: 10 }),
  "notifications.emailCounts": () => undefined,
  "notifications.retryEmails": () => ({ emailIds: [cuidLike()] }),
  "patients.list": (w) => ({ cursor: w.patientId }),
  "patients.get": (w) => ({ patientId: w.patientId }),
  "sessions.create": (w) => ({ visitId: w.visitId }),
  "sessions.room": (w) => ({ sessionId: w.sessionId }),
  "sessions.start": (w) => ({ sessionId: w.sessionId }),
  "sessions.arrive": (w) => ({ sessionId: w.sessionId }),
  "sessions.join": (w) => ({ sessionId: w.sessionId }),
  "sessions.waitingConnection": (w) => ({ sessionId: w.sessionId }),
  "sessions.leave": (w) => ({ sessionId: w.sessionId, stintId: randomUUID() }),
  "sessions.markConnected": (w) => ({ sessionId: w.sessionId, stintId: randomUUID() }),
  "sessions.reportPresenceDrop": (w) => ({ sessionId: w.sessionId, userId: w.patientUserId }),
  "sessions.end": (w) => ({ sessionId: w.sessionId, addToBill: false }),
  "sessions.inviteGuest": (w) => ({ sessionId: w.sessionId, email: `guest-${randomBytes(3).toString("hex")}@int.test`, name: "Guest" }),
  "sessions.consentToRecording": (w) => ({ sessionId: w.sessionId }),
  "sessions.reportIssue": (w) => ({ sessionId: w.sessionId, category: "AUDIO", description: "matrix test" }),
  "sessions.resolveIssue": () => ({ issueId: cuidLike(), note: "ok" }),
  "sessions.admit": (w) => ({ sessionId: w.sessionId, userId: w.patientUserId }),
  "sessions.notesDraft.get": (w) => ({ sessionId: w.sessionId }),
  "sessions.notesDraft.save": (w) => ({ sessionId: w.sessionId, notes: "Matrix draft note" }),
  "waitingRoom.status": (w) => ({ sessionId: w.sessionId }),
  "waitingRoom.runningLate": (w) => ({ sessionId: w.sessionId, minutes: 10 }),
  "waitingRoom.message": (w) => ({ sessionId: w.sessionId, body: "Matrix message" }),
  "waitingRoom.list": () => undefined,
  "visits.open": (w) => ({ patientId: w.patientId }),
  "visits.close": (w) => ({ visitId: w.visitId }),
  "visits.list": (w) => ({ patientId: w.patientId, cursor: w.visitId }),
  "visits.get": (w) => ({ visitId: w.visitId }),
  "recordings.start": (w) => ({ sessionId: w.sessionId }),
  "recordings.stop": (w) => ({ sessionId: w.sessionId }),
  "vitals.mine": () => undefined,
  "vitals.summary": (w) => ({ patientId: w.patientId }),
  "vitals.history": (w) => ({ patientId: w.patientId, range: "24h" }),
  "vitals.record": (w) => ({
    patientId: w.patientId,
    reading: { idempotencyKey: randomBytes(8).toString("hex"), heartRate: 70, observedAt: new Date().toISOString() },
  }),
  "vitals.alerts.list": (w) => ({ patientId: w.patientId }),
  "vitals.alerts.acknowledge": () => ({ alertId: cuidLike() }),
  "vitals.thresholds.list": (w) => ({ patientId: w.patientId }),
  "vitals.thresholds.set": (w) => ({ patientId: w.patientId, vital: "heartRate", low: 40, high: 130 }),
  "vitals.thresholds.remove": (w) => ({ patientId: w.patientId, vital: "heartRate" }),
  "vitals.devices.list": (w) => ({ patientId: w.patientId }),
  "vitals.devices.issue": (w) => ({ patientId: w.patientId, label: "Cuff" }),
  "vitals.devices.revoke": () => ({ tokenId: cuidLike() }),
  "vitals.requests.create": (w) => ({ patientId: w.patientId, sessionId: w.sessionId }),
  "vitals.requests.pending": (w) => ({ patientId: w.patientId }),
  "vitals.requests.cancel": () => ({ requestId: cuidLike() }),
};

const procedures = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: "query" | "mutation" | "subscription" } }> } })._def
  .procedures;
const paths = Object.keys(procedures).sort();

// ── HTTP, as app/api/trpc/[trpc]/route.ts serves it ──

interface Outcome {
  status: number;
  message: string | null;
  code: string | null;
}

async function http(req: Request, user: SessionUser | null): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContextInner({ user, requestId: `req-matrix-${randomBytes(3).toString("hex")}` }),
  });
}

function requestFor(path: string, input: unknown): Request {
  const type = procedures[path]!._def.type;
  const payload = input === undefined ? undefined : superjson.serialize(input);
  if (type === "query") {
    const query = payload === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(payload))}`;
    return new Request(`http://localhost/api/trpc/${path}${query}`);
  }
  return new Request(`http://localhost/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: payload === undefined ? "" : JSON.stringify(payload),
  });
}

async function call(path: string, input: unknown, user: SessionUser | null): Promise<Outcome> {
  const res = await http(requestFor(path, input), user);
  const body = (await res.json().catch(() => null)) as { error?: { json?: { message?: string; data?: { code?: string } } } } | null;
  return { status: res.status, message: body?.error?.json?.message ?? null, code: body?.error?.json?.data?.code ?? null };
}

const fiveHundreds: string[] = [];
let sent = 0;
function note(label: string, outcome: Outcome) {
  sent++;
  if (outcome.status >= 500) fiveHundreds.push(`${label} → ${outcome.status} ${outcome.message ?? ""}`);
}

let A: World;
let B: World;
let callers: { name: string; user: SessionUser | null; own: World; other: World; ownsNothing?: boolean }[];

beforeAll(async () => {
  const item = await ensureTelemedicineItem();
  const a = await makeWorld(item.id);
  const b = await makeWorld(item.id);
  A = a.world;
  B = b.world;
  const admin = await makeAdmin();
  const guest = await makeUser("GUEST");
  await db.sessionParticipant.create({ data: { sessionId: A.sessionId, userId: guest.id, role: "GUEST", displayName: "Guest", invitedAt: new Date() } });
  const patientA = await db.user.findUniqueOrThrow({ where: { id: a.patientUser.id } });
  const patientB = await db.user.findUniqueOrThrow({ where: { id: b.patientUser.id } });
  callers = [
    { name: "anonymous", user: null, own: A, other: B, ownsNothing: true },
    { name: "patient", user: sessionUserOf(patientA), own: A, other: B },
    { name: "other patient", user: sessionUserOf(patientB), own: B, other: A },
    { name: "clinician", user: sessionUserOf(a.clinician), own: A, other: B },
    { name: "other clinician", user: sessionUserOf(b.clinician), own: B, other: A },
    { name: "admin", user: sessionUserOf(admin), own: A, other: B, ownsNothing: true },
    { name: "guest", user: sessionUserOf(guest), own: A, other: B },
    { name: "join-link session", user: { ...sessionUserOf(patientA), scopeSessionId: A.sessionId }, own: A, other: B },
  ];
}, 120_000);

describe("authorization matrix (generated from the router)", () => {
  it("every procedure has a row, and every row a procedure", () => {
    expect(
      paths.filter((p) => !(p in INPUTS)),
      "procedures without a row in INPUTS",
    ).toEqual([]);
    expect(
      Object.keys(INPUTS).filter((p) => !paths.includes(p)),
      "rows for procedures that no longer exist",
    ).toEqual([]);
  });

  it("every procedure × 8 callers × {someone else's, missing, own}: outsiders answer exactly like missing, never 5xx", async () => {
    const oracles: string[] = [];
    let cases = 0;
    for (const caller of callers) {
      for (const path of paths) {
        const build = INPUTS[path]!;
        // Missing and someone else's first: "own" may change state (end a session, close a visit).
        const missing = await call(path, build(missingWorld(A.catalogItemId)), caller.user);
        const other = await call(path, build(caller.other), caller.user);
        const own = await call(path, build(caller.own), caller.user);
        cases += 3;
        note(`${caller.name} ${path} missing`, missing);
        note(`${caller.name} ${path} other`, other);
        note(`${caller.name} ${path} own`, own);
        if (caller.user === null) {
          for (const o of [missing, other, own]) if (o.status !== 401) oracles.push(`anonymous ${path}: ${o.status} (expected 401)`);
          continue;
        }
        // Admins see everyone's records: for them "someone else's" is not an outsider's.
        if (caller.name === "admin") continue;
        const otherIsError = other.status >= 400;
        const missingIsError = missing.status >= 400;
        if (otherIsError !== missingIsError || (otherIsError && (other.status !== missing.status || other.message !== missing.message))) {
          oracles.push(`${caller.name} ${path}: someone else's → ${other.status} "${other.message}" but missing → ${missing.status} "${missing.message}"`);
        }
        // A refusal by role (the procedure ladder's) comes before any record is looked up.
        if (own.status === 403 && own.message === "Your account cannot do this." && (other.status !== 403 || missing.status !== 403)) {
          oracles.push(`${caller.name} ${path}: role refusal depends on the record (own 403, other ${other.status}, missing ${missing.status})`);
        }
      }
    }
    console.info(`authorization matrix: ${paths.length} procedures × ${callers.length} callers × 3 cases = ${cases} calls; 5xx: ${fiveHundreds.length}`);
    expect(cases).toBe(paths.length * callers.length * 3);
    expect(oracles).toEqual([]);
    expect(fiveHundreds).toEqual([]);
    // Every nested include read inside a transaction used to send its relation queries at
    // once on the transaction's connection (731 here before server/db-adapter.ts).
    const overlapping = takeOverlappingQueries();
    console.info(`authorization matrix: queries issued on a connection already running one: ${overlapping.length}`);
    expect(overlapping.map((o) => o.sql)).toEqual([]);
  }, 600_000);
});

// ── fuzz: malformed input of every kind, to every procedure ──

const deep = (n: number): unknown => {
  let v: unknown = "x";
  for (let i = 0; i < n; i++) v = [v];
  return v;
};
const BAD_VALUES: [string, unknown][] = [
  ["NUL", "\u0000"],
  ["NUL inside", "abc\u0000def"],
  ["lone high surrogate", "\ud800"],
  ["lone low surrogate", "x\udc00"],
  ["1 MB string", "a".repeat(1024 * 1024)],
  ["number", 42],
  ["negative", -1],
  ["huge number", 1e308],
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["-Infinity", Number.NEGATIVE_INFINITY],
  ["boolean", true],
  ["null", null],
  ["array", ["a", 1]],
  ["object", { a: 1 }],
  ["deep nesting", deep(200)],
  ["date far future", new Date(8.64e15)],
  ["date far past", new Date(-8.64e15)],
  ["invalid date", new Date(Number.NaN)],
  ["epoch ms out of range", 8.64e15],
  ["bigint", 2n ** 70n],
  ["empty string", ""],
  ["sql-ish", "' OR 1=1 --"],
];

describe("fuzz (every procedure and the HTTP edge)", () => {
  it("sends malformed input of every kind to every procedure: 0 × 5xx", async () => {
    const before = sent;
    const startFailures = fiveHundreds.length;
    for (const path of paths) {
      // The caller most likely to get past the role check, so the input reaches the procedure.
      const tries = [callers[3]!, callers[5]!, callers[1]!];
      let caller = tries[0]!;
      for (const c of tries) {
        const o = await call(path, INPUTS[path]!(c.own), c.user);
        if (o.status !== 403) {
          caller = c;
          break;
        }
      }
      const valid = INPUTS[path]!(caller.own);
      const keys = valid && typeof valid === "object" ? Object.keys(valid as object) : [];
      for (const [name, bad] of BAD_VALUES) {
        note(`${path} whole input ${name}`, await call(path, bad, caller.user));
        for (const key of keys) note(`${path}.${key} ${name}`, await call(path, { ...(valid as object), [key]: bad }, caller.user));
      }
      // Extra and hostile keys.
      const hostile = `{"json":{"__proto__":{"isAdmin":true,"role":"ADMIN"},"constructor":{"prototype":{"x":1}}}}`;
      const proto = await http(
        procedures[path]!._def.type === "query"
          ? new Request(`http://localhost/api/trpc/${path}?input=${encodeURIComponent(hostile)}`)
          : new Request(`http://localhost/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: hostile }),
        caller.user,
      );
      note(`${path} __proto__`, { status: proto.status, message: null, code: null });
      expect(({} as Record<string, unknown>).isAdmin, "prototype polluted").toBeUndefined();
      note(`${path} NUL key`, await call(path, { ...(valid as object), ["k\u0000"]: 1 }, caller.user));
      // The HTTP edge: malformed JSON, wrong content types, wrong methods.
      const type = procedures[path]!._def.type;
      const url = `http://localhost/api/trpc/${path}`;
      const raw: Request[] = [
        new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" }),
        new Request(url, { method: "POST", headers: { "content-type": "text/plain" }, body: "hello" }),
        new Request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=1&b=%00" }),
        new Request(url, { method: "POST", headers: { "content-type": "multipart/form-data; boundary=x" }, body: "--x\r\n\r\n--x--" }),
        new Request(`${url}?input=%7Bnot%20json`),
        new Request(`${url}?input=${encodeURIComponent('{"json":1,"meta":{"values":["Date"]}}')}`),
        new Request(`${url}?input=${encodeURIComponent('{"json":{"a":"x"},"meta":{"values":{"a":["custom","nope"]}}}')}`),
        new Request(`${url}?input=${encodeURIComponent('{"json":"x","meta":{"values":["set"]}}')}`),
        type === "query" ? new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }) : new Request(url),
        // A batch mixing a good call, a NUL and garbage.
        new Request(
          `http://localhost/api/trpc/${path},${path},${path}?batch=1&input=${encodeURIComponent(
            JSON.stringify({ 0: superjson.serialize(valid), 1: superjson.serialize({ ...(valid as object), x: "\u0000" }), 2: "garbage" }),
          )}`,
          type === "query"
            ? {}
            : {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ 0: superjson.serialize(valid), 1: { json: "\u0000" }, 2: 5 }),
              },
        ),
      ];
      for (const req of raw) {
        const res = await http(req, caller.user);
        note(`${path} raw ${req.method} ${req.headers.get("content-type") ?? ""}`, {
          status: res.status,
          message: await res.text().catch(() => ""),
          code: null,
        });
      }
    }
    const unknown = await http(new Request("http://localhost/api/trpc/nope.nothing?input=%7B%7D"), callers[5]!.user);
    note("unknown procedure", { status: unknown.status, message: null, code: null });
    console.info(`fuzz: ${sent - before} inputs sent to ${paths.length} procedures; 5xx: ${fiveHundreds.length - startFailures}`);
    expect(fiveHundreds.slice(startFailures)).toEqual([]);
  }, 900_000);
});
