import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { callerAs, makeAdmin, makeClinician, makePatient } from "@/tests/helpers/factories";

describe("patients.list", () => {
  it("shows a clinician only the patients in their care, and audits each row read", async () => {
    const mine = await makeClinician();
    const other = await makeClinician();
    const { patient: p1 } = await makePatient({ clinicianIds: [mine.id], family: "Aardvark" });
    const { patient: p2 } = await makePatient({ clinicianIds: [other.id], family: "Zebra" });

    const res = await callerAs(mine).patients.list({});
    const ids = res.items.map((p) => p.id);
    expect(ids).toContain(p1.id);
    expect(ids).not.toContain(p2.id);
    expect(await db.auditEvent.count({ where: { actorId: mine.id, action: "patient.list", patientId: p1.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { actorId: mine.id, patientId: p2.id } })).toBe(0);
  });

  it("lets an admin see every patient and search by name or MRN", async () => {
    const admin = await makeAdmin();
    const { patient } = await makePatient({ family: "Quixote" });
    const byName = await callerAs(admin).patients.list({ search: "quix" });
    expect(byName.items.map((p) => p.id)).toEqual([patient.id]);
    const byMrn = await callerAs(admin).patients.list({ search: patient.mrn.toLowerCase() });
    expect(byMrn.items.map((p) => p.id)).toEqual([patient.id]);
  });

  it("pages with a cursor without repeating or skipping anyone", async () => {
    const clinician = await makeClinician();
    for (let i = 0; i < 5; i++) await makePatient({ clinicianIds: [clinician.id] });
    const caller = callerAs(clinician);
    const first = await caller.patients.list({ limit: 2 });
    const second = await caller.patients.list({ limit: 2, cursor: first.nextCursor! });
    const third = await caller.patients.list({ limit: 2, cursor: second.nextCursor! });
    const all = [...first.items, ...second.items, ...third.items].map((p) => p.id);
    expect(new Set(all).size).toBe(5);
    expect(third.nextCursor).toBeNull();
  });

  it("refuses patients (FORBIDDEN) and anonymous callers (UNAUTHORIZED)", async () => {
    const { user } = await makePatient();
    await expect(callerAs(user!).patients.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(null).patients.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await db.auditEvent.count({ where: { actorId: user!.id, action: "rpc.patients.list", outcome: "DENIED" } })).toBe(1);
  });

  it("rejects bad input as BAD_REQUEST naming the field", async () => {
    const clinician = await makeClinician();
    await expect(callerAs(clinician).patients.list({ limit: 1000 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { issues: [expect.objectContaining({ path: ["limit"] })] },
    });
  });
});

describe("patients.get", () => {
  it("returns the record to the care team, the patient themself and admins, auditing each read", async () => {
    const clinician = await makeClinician();
    const admin = await makeAdmin();
    const { patient, user } = await makePatient({ clinicianIds: [clinician.id] });
    for (const who of [clinician, admin, user!]) {
      const got = await callerAs(who).patients.get({ patientId: patient.id });
      expect(got.id).toBe(patient.id);
      expect(await db.auditEvent.count({ where: { actorId: who.id, action: "patient.read", patientId: patient.id, outcome: "SUCCESS" } })).toBe(1);
    }
  });

  it("answers another clinician's or patient's request exactly like a missing record, and audits the denial", async () => {
    const outsider = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [(await makeClinician()).id] });
    const { user: otherPatient } = await makePatient();

    const missing = await callerAs(outsider)
      .patients.get({ patientId: "does-not-exist" })
      .catch((e: unknown) => e);
    const foreign = await callerAs(outsider)
      .patients.get({ patientId: patient.id })
      .catch((e: unknown) => e);
    const foreignToPatient = await callerAs(otherPatient!)
      .patients.get({ patientId: patient.id })
      .catch((e: unknown) => e);
    for (const e of [foreign, foreignToPatient]) {
      expect(e).toMatchObject({ code: "NOT_FOUND", message: (missing as Error).message });
    }
    expect(await db.auditEvent.count({ where: { actorId: outsider.id, patientId: patient.id, outcome: "DENIED" } })).toBe(1);
  });
});
