import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { callerAs, makeClinician, makePatient } from "@/tests/helpers/factories";
import { recordAudit, recordDenied } from "./record-audit";

describe("recordAudit", () => {
  it("writes the audit row in the same transaction as the change", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const actor = { userId: clinician.id, role: "CLINICIAN" as const, requestId: "req-commit" };
    await db.$transaction(async (tx) => {
      await tx.patient.update({ where: { id: patient.id }, data: { phone: "+1 555 0199" } });
      await recordAudit(tx, actor, { action: "patient.update", entityType: "Patient", entityId: patient.id, patientId: patient.id });
    });
    const rows = await db.auditEvent.findMany({ where: { requestId: "req-commit" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: clinician.id, actorRole: "CLINICIAN", action: "patient.update", patientId: patient.id, outcome: "SUCCESS" });
  });

  it("leaves no audit row when the change rolls back", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const actor = { userId: clinician.id, role: "CLINICIAN" as const, requestId: "req-rollback" };
    await expect(
      db.$transaction(async (tx) => {
        await tx.patient.update({ where: { id: patient.id }, data: { phone: "+1 555 0100" } });
        await recordAudit(tx, actor, { action: "patient.update", entityType: "Patient", entityId: patient.id, patientId: patient.id });
        throw new Error("validation failed after the write");
      }),
    ).rejects.toThrow("validation failed");
    expect(await db.auditEvent.count({ where: { requestId: "req-rollback" } })).toBe(0);
    expect((await db.patient.findUniqueOrThrow({ where: { id: patient.id } })).phone).toBeNull();
  });

  it("keeps a refusal even though the refused operation rolled back (written by the transport after rollback)", async () => {
    const outsider = await makeClinician();
    const { patient } = await makePatient();
    await expect(callerAs(outsider).patients.get({ patientId: patient.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const rows = await db.auditEvent.findMany({ where: { actorId: outsider.id, patientId: patient.id } });
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([["patient.read", "DENIED"]]);
    // recordDenied itself writes outside any transaction.
    await recordDenied({ userId: outsider.id, role: "CLINICIAN", requestId: "req-denied" }, { action: "x.read", entityType: "X" });
    expect(await db.auditEvent.count({ where: { requestId: "req-denied", outcome: "DENIED" } })).toBe(1);
  });

  it("refuses to delete or rewrite audit rows (append-only, enforced by the database)", async () => {
    const clinician = await makeClinician();
    await recordAudit(db, { userId: clinician.id, role: "CLINICIAN", requestId: "req-append" }, { action: "x.read", entityType: "X" });
    const row = await db.auditEvent.findFirstOrThrow({ where: { requestId: "req-append" } });
    await expect(db.auditEvent.update({ where: { id: row.id }, data: { action: "x.write" } })).rejects.toThrow();
    await expect(db.auditEvent.delete({ where: { id: row.id } })).rejects.toThrow();
    expect((await db.auditEvent.findUniqueOrThrow({ where: { id: row.id } })).action).toBe("x.read");
  });
});
