import type { Bundle, Observation, OperationOutcome, Resource } from "@medplum/fhirtypes";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/server/auth/session";
import { db } from "@/server/db";
import { bookedConsultation, callerAs, ensureTelemedicineItem, makeAdmin, makeClinician, makePatient, sessionUserOf } from "@/tests/helpers/factories";
import { expectValidFhir, fhirGet } from "@/tests/helpers/fhir";
import { DETERIORATED, NORMAL, makeDeviceToken, postVitals, reading } from "@/tests/helpers/vitals";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/server/auth/session", () => ({ getSessionUser: async () => session.user }));

beforeAll(async () => {
  await ensureTelemedicineItem(4500);
  // Booking renders its email inside the booking transaction (the onehome branch moves that
  // out); the first, cold render can outlast Prisma's 5 s transaction timeout on a busy
  // machine (P2028). One booking up front warms the renderer so the tests measure FHIR, not that.
  await bookedConsultation();
}, 60_000);

/** A patient with a completed, billed consultation, vitals taken in the call and at home, and an alert. */
async function seededPatient() {
  const ctx = await bookedConsultation();
  const doc = callerAs(ctx.clinician);
  await doc.sessions.start({ sessionId: ctx.booking.sessionId });
  await doc.vitals.record({ patientId: ctx.patient.id, sessionId: ctx.booking.sessionId, reading: reading(NORMAL, 60_000) });
  await doc.sessions.end({ sessionId: ctx.booking.sessionId, notes: "Stable.", addToBill: true });
  const device = await makeDeviceToken(ctx.patient.id, ctx.clinician.id);
  const home = await postVitals(device.token, { readings: [reading({ heartRate: 80, spo2: 96 }, 30_000), reading(DETERIORATED, 10_000)] });
  expect(home.status).toBe(201);
  return ctx;
}

async function ehrToken(clinicianId: string | null = null) {
  const admin = await makeAdmin();
  const issued = await callerAs(admin).admin.issueEhrToken({ name: "Clinic EHR", clinicianId });
  return { admin, ...issued };
}

const types = (b: Bundle) => (b.entry ?? []).map((e) => e.resource!.resourceType);
const outcome = (r: { body: unknown }) => r.body as OperationOutcome;

describe("FHIR R4 API: what it returns validates against the official R4 definitions", () => {
  it("$everything of a patient with a completed consultation, vitals and a charge is a valid Bundle, and every entry reads back by id, valid and audited", async () => {
    const { patient, clinician, booking } = await seededPatient();
    const { token, id: tokenId } = await ehrToken();

    const res = await fhirGet<Bundle>(`Patient/${patient.id}/$everything`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/fhir\+json/);
    const bundle = res.body;
    expect(bundle).toMatchObject({ resourceType: "Bundle", type: "searchset" });
    expect(expectValidFhir(bundle)).toBeGreaterThan(bundle.entry!.length);
    expect(new Set(types(bundle))).toEqual(new Set(["Patient", "Practitioner", "Encounter", "Appointment", "Observation", "DetectedIssue", "ChargeItem"]));
    expect(bundle.total).toBe(bundle.entry!.length);

    const byType = <T extends Resource>(t: string) => bundle.entry!.map((e) => e.resource!).filter((r) => r.resourceType === t) as T[];
    expect(byType("Practitioner").map((p) => p.id)).toEqual([clinician.id]);
    expect(byType("Encounter")[0]).toMatchObject({ id: booking.visitId, class: { code: "VR" }, subject: { reference: `Patient/${patient.id}` } });
    expect(byType("Encounter")[0]).toHaveProperty("period.start");
    expect(byType("Appointment")[0]).toMatchObject({ status: "fulfilled" });
    expect(byType("ChargeItem")[0]).toMatchObject({
      code: { coding: [{ code: "TELEMED-001" }] },
      priceOverride: { value: 45, currency: "USD" },
      context: { reference: `Encounter/${booking.visitId}` },
    });

    const observations = byType<Observation>("Observation");
    const bp = observations.filter((o) => o.code.coding?.[0]?.code === "85354-9");
    expect(bp).toHaveLength(2);
    expect(bp[0]!.component!.map((c) => c.code.coding![0]!.code)).toEqual(["8480-6", "8462-4"]);
    expect(observations.filter((o) => o.category?.[0]?.coding?.[0]?.code === "vital-signs").every((o) => o.meta?.profile?.length === 1)).toBe(true);
    // The reading taken in the call belongs to the visit; the home readings do not.
    expect(observations.filter((o) => o.encounter?.reference === `Encounter/${booking.visitId}`).length).toBe(6);
    const news2 = observations.filter((o) => o.code.coding?.[0]?.system === "http://snomed.info/sct");
    expect(news2.map((o) => [o.code.coding![0]!.code, o.valueQuantity?.value])).toEqual([
      ["1104051000000101", 0],
      ["1104051000000101", 8],
    ]);
    // The incomplete home reading (HR + SpO2 only) has no NEWS2 Observation: a partial score is not a NEWS2.
    expect(observations).toHaveLength(6 + 2 + 6);

    for (const entry of bundle.entry!) {
      const r = entry.resource!;
      const read = await fhirGet(`${r.resourceType}/${r.id}`, { token });
      expect(read.status, `${r.resourceType}/${r.id}`).toBe(200);
      expect(read.body).toEqual(r);
      expectValidFhir(read.body);
    }
    const reads = await db.auditEvent.findMany({
      where: { action: "fhir.read", actorId: null },
      select: { entityType: true, patientId: true, metadata: true },
    });
    expect(reads).toHaveLength(bundle.entry!.length);
    expect(
      reads.every((a) => (a.metadata as { system?: string; subjectId?: string }).subjectId === tokenId && (a.metadata as { system?: string }).system === "ehr"),
    ).toBe(true);
    expect(reads.filter((a) => a.entityType !== "Practitioner").every((a) => a.patientId === patient.id)).toBe(true);
    expect(await db.auditEvent.count({ where: { action: "fhir.everything", patientId: patient.id, outcome: "SUCCESS" } })).toBe(1);
    expect((await db.fhirApiToken.findUniqueOrThrow({ where: { id: tokenId } })).lastUsedAt).not.toBeNull();
  });

  it("the CapabilityStatement is valid and needs no sign-in; searches answer valid searchset Bundles", async () => {
    const meta = await fhirGet("metadata");
    expect(meta.status).toBe(200);
    expectValidFhir(meta.body);
    expect(meta.body).toMatchObject({ resourceType: "CapabilityStatement", fhirVersion: "4.0.1" });

    const { patient } = await seededPatient();
    const { token } = await ehrToken();
    for (const q of [
      `Observation?patient=${patient.id}&category=vital-signs&code=http://loinc.org|85354-9&date=ge2000-01-01&date=le2100-01-01&_count=5&_sort=-date`,
      `Observation?subject=Patient/${patient.id}&category=survey`,
      `Encounter?patient=${patient.id}`,
      `Appointment?patient=${patient.id}&date=ge2000-01-01`,
    ]) {
      const res = await fhirGet<Bundle>(q, { token });
      expect(res.status, q).toBe(200);
      expectValidFhir(res.body);
      expect(res.body.total, q).toBeGreaterThan(0);
    }
    const bp = await fhirGet<Bundle>(`Observation?patient=${patient.id}&code=85354-9`, { token });
    expect(bp.body.total).toBe(2);
    expect(bp.body.entry!.every((e) => (e.resource as Observation).code.coding![0]!.code === "85354-9")).toBe(true);
  });
});

describe("FHIR R4 API: access is the app's, and answers like a missing record", () => {
  it("patient A cannot read patient B's resources by id or by search: 404 / empty Bundle exactly as for missing ones, refusals audited", async () => {
    const b = await seededPatient();
    const { patient: a, user: aUser } = await makePatient({ clinicianIds: [] });
    const { token } = await ehrToken();
    const everything = (await fhirGet<Bundle>(`Patient/${b.patient.id}/$everything`, { token })).body;
    const bResources = everything.entry!.map((e) => e.resource!).filter((r) => r.resourceType !== "Practitioner" && r.resourceType !== "DetectedIssue");

    session.user = sessionUserOf(aUser!);
    expect((await fhirGet(`Patient/${a.id}`)).status).toBe(200);
    const missing = await fhirGet(`Patient/does-not-exist`);
    expect(missing.status).toBe(404);
    for (const r of bResources) {
      const res = await fhirGet(`${r.resourceType}/${r.id}`);
      const gone = await fhirGet(`${r.resourceType}/${r.resourceType === "Observation" ? "nope0000-hr" : "nope0000"}`);
      expect(res.status, `${r.resourceType}/${r.id}`).toBe(404);
      expect(res.body).toEqual(gone.body);
      expectValidFhir(res.body as Resource);
    }
    expect((await fhirGet(`Patient/${b.patient.id}/$everything`)).body).toEqual((await fhirGet(`Patient/nope0000/$everything`)).body);
    for (const q of [`Observation?patient=${b.patient.id}`, `Encounter?patient=${b.patient.id}`, `Appointment?patient=${b.patient.id}`]) {
      const res = await fhirGet<Bundle>(q);
      const none = await fhirGet<Bundle>(q.replace(b.patient.id, "nope0000"));
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(0);
      expect(res.body.entry).toEqual([]);
      expect(res.body.total).toBe(none.body.total);
    }
    const denied = await db.auditEvent.count({ where: { actorId: aUser!.id, patientId: b.patient.id, outcome: "DENIED" } });
    expect(denied).toBe(bResources.length + 1 + 3);
    expect(await db.auditEvent.count({ where: { actorId: aUser!.id, patientId: b.patient.id, outcome: "SUCCESS" } })).toBe(0);

    // A clinician outside B's care team is an outsider too; B's own clinician reads.
    session.user = sessionUserOf(await makeClinician());
    expect((await fhirGet(`Patient/${b.patient.id}`)).status).toBe(404);
    session.user = sessionUserOf(b.clinician);
    expect((await fhirGet(`Patient/${b.patient.id}`)).status).toBe(200);
    // The patient reads their own record, without the care team's alerts.
    session.user = sessionUserOf(b.patientUser);
    const own = (await fhirGet<Bundle>(`Patient/${b.patient.id}/$everything`)).body;
    expect(types(own)).not.toContain("DetectedIssue");
    expect(types(own)).toContain("ChargeItem");
    session.user = null;
  });

  it("a token scoped to one clinician reads that clinician's patients only", async () => {
    const b = await seededPatient();
    const other = await seededPatient();
    const { token } = await ehrToken(b.clinician.id);
    expect((await fhirGet(`Patient/${b.patient.id}`, { token })).status).toBe(200);
    expect((await fhirGet(`Patient/${other.patient.id}`, { token })).status).toBe(404);
    expect(await db.auditEvent.count({ where: { action: "fhir.read", patientId: other.patient.id, outcome: "DENIED", actorId: null } })).toBe(1);
  });

  it("a revoked token, an unknown token and no credentials are refused with 401 OperationOutcomes; issuing and revoking are audited", async () => {
    const { patient } = await makePatient();
    const { token, id, admin } = await ehrToken();
    expect((await fhirGet(`Patient/${patient.id}`, { token })).status).toBe(200);
    const revoked = await callerAs(admin).admin.revokeEhrToken({ tokenId: id });
    expect(revoked.revokedAt).not.toBeNull();
    const refused = await fhirGet(`Patient/${patient.id}`, { token });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(outcome(refused).issue[0]).toMatchObject({ severity: "error", code: "login", diagnostics: expect.stringContaining("revoked") });
    expectValidFhir(refused.body as Resource);
    expect((await fhirGet(`Patient/${patient.id}`, { token: "bfh_not-a-real-token" })).status).toBe(401);
    expect((await fhirGet(`Patient/${patient.id}`)).status).toBe(401);
    expect(await db.auditEvent.count({ where: { action: { in: ["fhir.token.issue", "fhir.token.revoke"] }, entityId: id, actorId: admin.id } })).toBe(2);
    const list = await callerAs(admin).admin.ehrTokens();
    expect(list.find((t) => t.id === id)).toMatchObject({ revokedAt: expect.any(Date), lastUsedAt: expect.any(Date), scope: { kind: "clinic" } });
    await expect(callerAs(await makeClinician()).admin.ehrTokens()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("FHIR R4 API: a runaway EHR is slowed down", () => {
  it("a token over its per-minute budget gets 429 with Retry-After, as a throttled OperationOutcome", async () => {
    const { patient } = await makePatient();
    const { token, id } = await ehrToken();
    await db.rateLimitBucket.create({ data: { key: `fhir-token:${id}`, windowStart: new Date(), count: 1200 } });
    const res = await fhirGet(`Patient/${patient.id}`, { token });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(outcome(res).issue[0]).toMatchObject({ code: "throttled", diagnostics: expect.stringContaining("_count") });
    expectValidFhir(res.body as Resource);
  });
});

describe("FHIR R4 API: errors and search rules", () => {
  it("refuses unknown search parameters, bad dates, a zero _count and writes with 400/405 OperationOutcomes; bounds _count", async () => {
    const { patient } = await seededPatient();
    const { token } = await ehrToken();
    for (const q of [
      `Observation?patient=${patient.id}&value-quantity=gt100`,
      `Observation?patient=${patient.id}&date=yesterday`,
      `Observation?patient=${patient.id}&_count=0`,
      `Observation?category=vital-signs`,
      `Patient?name=Smith`,
    ]) {
      const res = await fhirGet(q, { token });
      expect(res.status, q).toBe(400);
      expect(outcome(res).issue[0]!.diagnostics!.length).toBeGreaterThan(20);
      expectValidFhir(res.body as Resource);
    }
    expect(outcome(await fhirGet(`Observation?patient=${patient.id}&value-quantity=gt100`, { token })).issue[0]!.diagnostics).toContain(
      '"value-quantity" is not supported',
    );
    const write = await fhirGet(`Patient/${patient.id}`, { token, method: "POST" });
    expect(write.status).toBe(405);
    const big = await fhirGet<Bundle>(`Observation?patient=${patient.id}&_count=100000`, { token });
    expect(big.status).toBe(200);
    expect(big.body.entry!.length).toBe(big.body.total);
    expect(big.body.entry!.length).toBeLessThanOrEqual(200);
  });
});

describe("FHIR R4 API: paging", () => {
  it.each(["-date", "date"] as const)("_sort=%s returns each Observation exactly once across pages while new readings stream in", async (sort) => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const device = await makeDeviceToken(patient.id, clinician.id);
    const sameInstant = new Date(Date.now() - 3_600_000).toISOString();
    // 20 sets of two readings (HR + SpO2: 2 Observations each), 6 of them at the very same instant.
    const first = [
      ...Array.from({ length: 14 }, (_, i) => reading({ heartRate: 60 + i, spo2: 95 }, 7_200_000 - i * 60_000)),
      ...Array.from({ length: 6 }, (_, i) => ({ ...reading({ heartRate: 90 + i, spo2: 97 }), observedAt: sameInstant })),
    ];
    expect((await postVitals(device.token, { readings: first })).status).toBe(201);
    const existing = new Set(
      (await db.vitalObservation.findMany({ where: { patientId: patient.id }, select: { id: true } })).flatMap((r) => [`${r.id}-hr`, `${r.id}-spo2`]),
    );
    expect(existing.size).toBe(40);

    const { token } = await ehrToken();
    const seen: string[] = [];
    let url: string | undefined = `Observation?patient=${patient.id}&_count=7&_sort=${sort}`;
    let pages = 0;
    let streamed = 0;
    while (url) {
      const res: { status: number; body: Bundle } = await fhirGet<Bundle>(url.replace(/^.*\/api\/fhir\/R4\//, ""), { token });
      expect(res.status).toBe(200);
      expectValidFhir(res.body);
      seen.push(...res.body.entry!.map((e) => e.resource!.id!));
      pages++;
      // New readings arrive between pages: some now, one exactly at the tied instant, one an hour and a half ago.
      const streaming = [
        reading({ heartRate: 100 + pages, spo2: 99 }, 0),
        { ...reading({ heartRate: 120 + pages, spo2: 98 }), observedAt: sameInstant },
        reading({ heartRate: 130, spo2: 96 }, 5_400_000 + pages),
      ];
      expect((await postVitals(device.token, { readings: streaming })).status).toBe(201);
      streamed += streaming.length;
      url = res.body.link?.find((l) => l.relation === "next")?.url;
      expect(pages).toBeLessThan(40);
    }
    expect(new Set(seen).size).toBe(seen.length); // nothing twice
    for (const id of existing) expect(seen).toContain(id); // everything that existed, once
    expect(streamed).toBeGreaterThan(0);
    expect(pages).toBeGreaterThanOrEqual(6);
    // Each page was a search, each audited.
    expect(await db.auditEvent.count({ where: { action: "fhir.search", patientId: patient.id } })).toBe(pages);
  });
});
