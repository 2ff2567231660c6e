import { beforeEach, describe, expect, it } from "vitest";
import { callerAs, makeAdmin, makeClinician, makePatient } from "@/tests/helpers/factories";
import { resetDatabase } from "@/tests/db/reset";
import { db } from "@/server/db";
import { run as sealAuditChain } from "@/server/audit-trail/seal-audit-chain";
import { env } from "@/env";

const later = () => new Date(Date.now() + 5 * 60_000);

async function auditRow(data: {
  action: string;
  entityType?: string;
  entityId?: string | null;
  patientId?: string | null;
  actorId?: string | null;
  occurredAt?: Date;
}) {
  return db.auditEvent.create({
    data: {
      action: data.action,
      entityType: data.entityType ?? "Visit",
      entityId: data.entityId ?? null,
      patientId: data.patientId ?? null,
      actorId: data.actorId ?? null,
      outcome: "SUCCESS",
      occurredAt: data.occurredAt ?? new Date(),
      metadata: { b: 2, a: "x" },
    },
  });
}

/** Change a sealed row behind the append-only trigger's back, as someone with database access could. */
async function tamper(id: bigint, action: string) {
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT set_config('session_replication_role', 'replica', true)`);
    await tx.$executeRaw`UPDATE "AuditEvent" SET "action" = ${action} WHERE "id" = ${id}`;
  });
}

describe("admin.overview", () => {
  it("counts clinicians, patients and open visits", async () => {
    await resetDatabase(env.DATABASE_URL!);
    const admin = await makeAdmin();
    const c1 = await makeClinician();
    await makeClinician();
    await makePatient({ clinicianIds: [c1.id] });
    const overview = await callerAs(admin).admin.overview();
    expect(overview).toMatchObject({ clinicians: 2, admins: 1, patients: 1, openVisits: 0 });
  });

  it("is for admins only", async () => {
    const clinician = await makeClinician();
    await expect(callerAs(clinician).admin.overview()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("admin.auditEvents", () => {
  beforeEach(async () => {
    await resetDatabase(env.DATABASE_URL!);
  });

  it("filters by actor, patient, action, entity and date range, newest first", async () => {
    const admin = await makeAdmin();
    const clinician = await makeClinician();
    const { patient } = await makePatient();
    const other = await makePatient();
    const t0 = new Date("2026-03-01T10:00:00Z");
    const at = (min: number) => new Date(t0.getTime() + min * 60_000);
    await auditRow({ action: "visit.read", patientId: patient.id, actorId: clinician.id, entityId: "v1", occurredAt: at(0) });
    await auditRow({ action: "visit.update", patientId: patient.id, actorId: clinician.id, entityId: "v1", occurredAt: at(10) });
    await auditRow({ action: "visit.read", patientId: other.patient.id, actorId: clinician.id, entityId: "v2", occurredAt: at(20) });
    await auditRow({ action: "consultation.book", entityType: "Consultation", entityId: "c1", patientId: patient.id, actorId: admin.id, occurredAt: at(30) });
    const caller = callerAs(admin);

    const byPatient = await caller.admin.auditEvents({ filter: { patientId: patient.id } });
    expect(byPatient.items.map((e) => e.action)).toEqual(["consultation.book", "visit.update", "visit.read"]);

    const byActorAndAction = await caller.admin.auditEvents({ filter: { actorId: clinician.id, action: "visit.read" } });
    expect(byActorAndAction.items.map((e) => e.entityId)).toEqual(["v2", "v1"]);

    const byEntity = await caller.admin.auditEvents({ filter: { entityType: "Consultation", entityId: "c1" } });
    expect(byEntity.items).toHaveLength(1);

    const byRange = await caller.admin.auditEvents({ filter: { from: at(5), to: at(25) } });
    expect(byRange.items.map((e) => e.action)).toEqual(["visit.read", "visit.update"]);
    expect(byRange.items[0]!.metadata).toBe('{"a":"x","b":2}');
  });

  it("pages with a cursor without skipping or repeating rows", async () => {
    const admin = await makeAdmin();
    const same = new Date("2026-03-01T10:00:00Z");
    for (let i = 0; i < 5; i++) await auditRow({ action: `thing.${i}`, entityType: "Thing", occurredAt: same });
    const caller = callerAs(admin);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const r = await caller.admin.auditEvents({ filter: { entityType: "Thing" }, limit: 2, cursor });
      seen.push(...r.items.map((e) => e.action));
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    expect(seen).toEqual(["thing.4", "thing.3", "thing.2", "thing.1", "thing.0"]);
  });

  it("records that the trail was searched, with the filter ids", async () => {
    const admin = await makeAdmin();
    const { patient } = await makePatient();
    await callerAs(admin).admin.auditEvents({ filter: { patientId: patient.id } });
    const row = await db.auditEvent.findFirst({ where: { action: "audit.list", actorId: admin.id } });
    expect(row).toMatchObject({ patientId: patient.id, metadata: { patientId: patient.id } });
  });

  it("rejects a range that ends before it starts", async () => {
    const admin = await makeAdmin();
    await expect(callerAs(admin).admin.auditEvents({ filter: { from: new Date("2026-03-02"), to: new Date("2026-03-01") } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("is for admins only — a clinician is refused and the refusal is audited", async () => {
    const clinician = await makeClinician();
    await expect(callerAs(clinician).admin.auditEvents({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    const { user } = await makePatient();
    await expect(callerAs(user!).admin.auditEvents({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(null).admin.auditEvents({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await db.auditEvent.count({ where: { actorId: clinician.id, outcome: "DENIED", action: "rpc.admin.auditEvents" } })).toBe(1);
  });
});

describe("admin.auditEvents, readable (issue 18)", () => {
  beforeEach(async () => {
    await resetDatabase(env.DATABASE_URL!);
  });

  it("names people and patients and links the visit, keeping the ids", async () => {
    const admin = await makeAdmin();
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id], given: "Maria", family: "Garcia" });
    const visit = await db.visit.create({ data: { patientId: patient.id, clinicianId: clinician.id } });
    await auditRow({ action: "visit.read", entityId: visit.id, patientId: patient.id, actorId: clinician.id });
    const [row] = (await callerAs(admin).admin.auditEvents({ filter: { action: "visit.read" } })).items;
    const user = await db.user.findUniqueOrThrow({ where: { id: clinician.id } });
    expect(row).toMatchObject({
      actorId: clinician.id,
      actorName: [user.title, user.name].filter(Boolean).join(" ") || user.email,
      patientId: patient.id,
      patientName: `Maria Garcia (${patient.mrn})`,
      entityId: visit.id,
      entityHref: `/visits/${visit.id}`,
    });
  });

  it("filters by action family, by patient name or MRN, and by a person's name or email", async () => {
    const admin = await makeAdmin();
    const clinician = await makeClinician();
    const { patient } = await makePatient({ given: "Maria", family: "Garcia" });
    const other = await makePatient({ given: "Tom", family: "Okoro" });
    await auditRow({ action: "visit.read", entityId: "v1", patientId: patient.id, actorId: clinician.id });
    await auditRow({ action: "visit.close", entityId: "v1", patientId: patient.id, actorId: clinician.id });
    await auditRow({ action: "vitals.read", entityType: "Patient", patientId: other.patient.id, actorId: admin.id });
    await auditRow({ action: "visitor.count", entityType: "Thing", actorId: admin.id });
    const caller = callerAs(admin);
    const actions = async (filter: Record<string, string>) => (await caller.admin.auditEvents({ filter })).items.map((e) => e.action).sort();

    expect(await actions({ action: "visit" })).toEqual(["visit.close", "visit.read"]);
    expect(await actions({ action: "visit.*" })).toEqual(["visit.close", "visit.read"]);
    expect(await actions({ action: "visit.read" })).toEqual(["visit.read"]);
    expect(await actions({ patient: "garcia" })).toEqual(["visit.close", "visit.read"]);
    expect(await actions({ patient: other.patient.mrn })).toEqual(["vitals.read"]);
    expect(await actions({ patient: "Nobody Atall" })).toEqual([]);
    const clinicianUser = await db.user.findUniqueOrThrow({ where: { id: clinician.id } });
    expect(await actions({ actor: clinicianUser.email.toUpperCase() })).toEqual(["visit.close", "visit.read"]);
  });

  it("folds an idle tab's polling reads into one row per read window, and loses none of them", async () => {
    const admin = await makeAdmin();
    const clinician = await makeClinician();
    const { patient } = await makePatient();
    const t0 = new Date("2026-03-01T10:00:00Z");
    // A tab polling every 20 s for 20 minutes (61 reads), then the clinician closes the visit.
    for (let i = 0; i <= 60; i++)
      await auditRow({ action: "visit.read", entityId: "v1", patientId: patient.id, actorId: clinician.id, occurredAt: new Date(t0.getTime() + i * 20_000) });
    await auditRow({ action: "visit.close", entityId: "v1", patientId: patient.id, actorId: clinician.id, occurredAt: new Date(t0.getTime() + 21 * 60_000) });
    const caller = callerAs(admin);
    // (Searching the trail is itself audited under the patient: the action family keeps those rows out.)

    const folded = await caller.admin.auditEvents({ filter: { patientId: patient.id, action: "visit" } });
    expect(folded.items.map((e) => [e.action, e.count])).toEqual([
      ["visit.close", 1],
      ["visit.read", 46],
      ["visit.read", 15],
    ]);
    expect(folded.items[1]!.oldestAt).toEqual(new Date(t0.getTime() + 5 * 60_000));
    expect(folded.items[2]!.oldestAt).toEqual(t0);

    // Every stored read is still there, one row each, when folding is off (and in the export).
    const all = await caller.admin.auditEvents({ filter: { patientId: patient.id, action: "visit" }, fold: false, limit: 200 });
    expect(all.items).toHaveLength(62);
    expect(await db.auditEvent.count({ where: { patientId: patient.id, action: "visit.read" } })).toBe(61);

    // Paging through folded rows: nothing repeated, nothing skipped.
    let cursor: string | undefined;
    let total = 0;
    for (let page = 0; page < 10; page++) {
      const r = await caller.admin.auditEvents({ filter: { patientId: patient.id, action: "visit" }, limit: 1, cursor });
      total += r.items.reduce((n, e) => n + e.count, 0);
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    expect(total).toBe(62);
  });
});

describe("admin.verifyAuditChain", () => {
  beforeEach(async () => {
    await resetDatabase(env.DATABASE_URL!);
  });

  it("reports an intact chain once rows are sealed", async () => {
    const admin = await makeAdmin();
    for (let i = 0; i < 3; i++) await auditRow({ action: `visit.read` });
    const { sealed } = await sealAuditChain({ now: later() });
    expect(sealed).toBe(3);
    const report = await callerAs(admin).admin.verifyAuditChain();
    expect(report).toEqual({ ok: true, checked: 3, firstBreak: null, unsealed: 0 });
  });

  it("finds the first edited row", async () => {
    const admin = await makeAdmin();
    const rows = [];
    for (let i = 0; i < 4; i++) rows.push(await auditRow({ action: "visit.read" }));
    await sealAuditChain({ now: later() });
    await tamper(rows[2]!.id, "visit.nothing-to-see");
    const report = await callerAs(admin).admin.verifyAuditChain();
    expect(report).toMatchObject({ ok: false, checked: 2, firstBreak: { id: String(rows[2]!.id), reason: "hash_mismatch" } });
    const recorded = await db.auditEvent.findFirst({ where: { action: "audit.verify" } });
    expect(recorded).toMatchObject({ outcome: "FAILURE", entityId: String(rows[2]!.id) });
  });

  it("is for admins only", async () => {
    const clinician = await makeClinician();
    await expect(callerAs(clinician).admin.verifyAuditChain()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
