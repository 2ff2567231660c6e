import { beforeEach, describe, expect, it } from "vitest";
import { callerAs, makeAdmin, makeClinician, makePatient } from "@/tests/helpers/factories";
import { resetDatabase } from "@/tests/db/reset";
import { db } from "@/server/db";
import { run as sealAuditChain } from "@/server/admin/seal-audit-chain";
import { env } from "@/env";

const later = () => new Date(Date.now() + 5 * 60_000);

async function auditRow(data: { action: string; entityType?: string; entityId?: string | null; patientId?: string | null; actorId?: string | null; occurredAt?: Date }) {
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
    await expect(
      callerAs(admin).admin.auditEvents({ filter: { from: new Date("2026-03-02"), to: new Date("2026-03-01") } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
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
