// Issue 19: the faults and forgeries found by probing the app from outside, one test each.
import { randomBytes } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { createContextInner, createTRPCRouter, publicProcedure, retryAfterHeader } from "@/server/api/trpc";
import { db } from "@/server/db";
import { callerAs, makeBookedConsultation, makeClinician, makePatient, makeVisitSession, scopedCallerAs, sessionUserOf } from "@/tests/helpers/factories";

const cuidLike = () => `c${randomBytes(12).toString("hex").slice(0, 24)}`;
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as { code: string; message: string },
  );

async function httpQuery(path: string, input: unknown, user: Parameters<typeof sessionUserOf>[0]) {
  const url = `http://localhost/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(url),
    router: appRouter,
    createContext: () => createContextInner({ user: sessionUserOf(user) }),
  });
  return { status: res.status, body: (await res.json()) as { error?: { json: { message: string; data: { issues: { path: string }[] | null } } } } };
}

describe("7. someone else's record answers exactly like a missing one", () => {
  it("joinLinks.revoke: another clinician's link and a missing link give the same code and message", async () => {
    const a = await makeBookedConsultation({ start: new Date(Date.now() + 60 * 60_000) });
    const outsider = await makeClinician();
    const link = await db.joinLink.create({
      data: {
        tokenHash: randomBytes(16).toString("hex"),
        consultationId: a.consultation.id,
        userId: a.patientUser.id,
        role: "PATIENT",
        expiresAt: new Date(Date.now() + 864e5),
        createdById: a.clinician.id,
      },
    });
    const other = await failure(callerAs(outsider).joinLinks.revoke({ joinLinkId: link.id }));
    const missing = await failure(callerAs(outsider).joinLinks.revoke({ joinLinkId: cuidLike() }));
    expect(other).toMatchObject({ code: "NOT_FOUND" });
    expect(other?.message).toBe(missing?.message);
    expect((await db.joinLink.findUniqueOrThrow({ where: { id: link.id } })).revokedAt).toBeNull();
  });

  it("patients.list and visits.list with a cursor naming an invisible record return what a missing cursor returns", async () => {
    const mine = await makeClinician();
    const other = await makeClinician();
    for (let i = 0; i < 3; i++) {
      const { patient } = await makePatient({ clinicianIds: [mine.id], family: `Aaa${i}` });
      await db.visit.create({ data: { patientId: patient.id, clinicianId: mine.id } });
    }
    const { patient: hidden } = await makePatient({ clinicianIds: [other.id], family: "Aaa0" });
    const hiddenVisit = await db.visit.create({ data: { patientId: hidden.id, clinicianId: other.id } });
    const caller = callerAs(mine);
    const missingPatients = await caller.patients.list({ cursor: cuidLike() });
    expect(await caller.patients.list({ cursor: hidden.id })).toEqual(missingPatients);
    const missingVisits = await caller.visits.list({ cursor: cuidLike() });
    expect(await caller.visits.list({ cursor: hiddenVisit.id })).toEqual(missingVisits);
  });
});

describe("8. a join-link sign-in stays in its session", () => {
  it("cannot record vitals against the same patient's other session (answers like a missing session)", async () => {
    const clinician = await makeClinician();
    const { patient, user } = await makePatient({ clinicianIds: [clinician.id] });
    const s1 = await makeVisitSession({ clinicianId: clinician.id, patientId: patient.id, status: "IN_PROGRESS" });
    const s2 = await makeVisitSession({ clinicianId: clinician.id, patientId: patient.id, status: "IN_PROGRESS" });
    const scoped = scopedCallerAs(user!, s1.session.id);
    const reading = () => ({ idempotencyKey: randomBytes(8).toString("hex"), heartRate: 72, observedAt: new Date().toISOString() });
    const other = await failure(scoped.vitals.record({ patientId: patient.id, sessionId: s2.session.id, reading: reading() }));
    const missing = await failure(scoped.vitals.record({ patientId: patient.id, sessionId: cuidLike(), reading: reading() }));
    expect(other).toMatchObject({ code: "NOT_FOUND" });
    expect(other?.message).toBe(missing?.message);
    expect(await db.vitalObservation.count({ where: { sessionId: s2.session.id } })).toBe(0);
    // In its own session it works, and a reading without a session is filed under it.
    await scoped.vitals.record({ patientId: patient.id, reading: reading() });
    expect(await db.vitalObservation.count({ where: { sessionId: s1.session.id } })).toBe(1);
  });
});

describe("9. input that would reach the database unchecked answers 400 naming the field", () => {
  it("a NUL in an id: 400 with the field, and an innocent call in the same batch still succeeds", async () => {
    const a = await makeBookedConsultation({ start: new Date(Date.now() + 60 * 60_000) });
    const nul = await httpQuery("visits.get", { visitId: "\u0000" }, a.clinician);
    expect(nul.status).toBe(400);
    expect(nul.body.error?.json.data.issues?.[0]?.path).toBe("visitId");
    const batch = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request(
        `http://localhost/api/trpc/visits.get,visits.get?batch=1&input=${encodeURIComponent(
          JSON.stringify({ 0: superjson.serialize({ visitId: a.visit.id }), 1: superjson.serialize({ visitId: "x\u0000" }) }),
        )}`,
      ),
      router: appRouter,
      createContext: () => createContextInner({ user: sessionUserOf(a.clinician) }),
    });
    const results = (await batch.json()) as { result?: unknown; error?: { json: { data: { httpStatus: number } } } }[];
    expect(results[0]?.result).toBeDefined();
    expect(results[1]?.error?.json.data.httpStatus).toBe(400);
  });

  it("a lone surrogate in audit filters: 400, not a 500 writing the audit row", async () => {
    const admin = await db.user.create({ data: { email: `admin-${randomBytes(4).toString("hex")}@int.test`, name: "Admin", role: "ADMIN" } });
    const res = await httpQuery("admin.auditEvents", { filter: { action: "\ud800" } }, admin);
    expect(res.status).toBe(400);
    expect(res.body.error?.json.data.issues?.[0]?.path).toBe("filter.action");
  });

  it("sessions.create with a date of 8.64e15 answers 400 and creates nothing (the visit stays readable)", async () => {
    const a = await makeBookedConsultation({ start: new Date(Date.now() + 60 * 60_000) });
    const before = await db.telemedicineSession.count({ where: { visitId: a.visit.id } });
    const err = await failure(callerAs(a.clinician).sessions.create({ visitId: a.visit.id, scheduledStart: new Date(8.64e15) }));
    expect(err).toMatchObject({ code: "BAD_REQUEST" });
    const epoch = await failure(callerAs(a.clinician).sessions.create({ visitId: a.visit.id, scheduledStart: 8.64e15 as unknown as Date }));
    expect(epoch).toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.telemedicineSession.count({ where: { visitId: a.visit.id } })).toBe(before);
    await expect(callerAs(a.clinician).visits.get({ visitId: a.visit.id })).resolves.toMatchObject({ id: a.visit.id });
  });

  it("consultations.book and reschedule with a date beyond PostgreSQL's range answer 400", async () => {
    const a = await makeBookedConsultation({ start: new Date(Date.now() + 60 * 60_000) });
    // Far in the past is refused as "not in the future" anyway; far in the future reached the database.
    for (const at of [-8.64e15, 8.64e15]) {
      const err = await failure(callerAs(a.clinician).consultations.book({ patientId: a.patient.id, scheduledStart: new Date(at), durationMinutes: 15 }));
      expect(err).toMatchObject({ code: "BAD_REQUEST" });
      const moved = await failure(callerAs(a.clinician).consultations.reschedule({ consultationId: a.consultation.id, scheduledStart: new Date(at) }));
      expect(moved).toMatchObject({ code: "BAD_REQUEST" });
    }
    await expect(callerAs(a.clinician).consultations.upcoming({})).resolves.toBeDefined();
  });
});

describe("11. pool exhaustion is one mapping: 503 + Retry-After in tRPC too", () => {
  it("a P2028 (no connection in time) thrown inside a procedure answers 503 with Retry-After", async () => {
    const router = createTRPCRouter({
      busy: publicProcedure.query(() => {
        throw Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), {
          code: "P2028",
          name: "PrismaClientKnownRequestError",
        });
      }),
    });
    // The status comes from the error mapping alone; the header from the route's responseMeta.
    const plain = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request("http://localhost/api/trpc/busy"),
      router,
      createContext: () => createContextInner(),
    });
    expect(plain.status).toBe(503);
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request("http://localhost/api/trpc/busy"),
      router,
      createContext: () => createContextInner(),
      responseMeta: ({ errors }) => ({ headers: retryAfterHeader(errors) }),
    });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await res.json()) as { error: { json: { message: string; data: { retryAfterSeconds: number } } } };
    expect(body.error.json.message).toMatch(/database/i);
    expect(body.error.json.data.retryAfterSeconds).toBeGreaterThan(0);
  });
});
