import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/server/auth/session";
import { db } from "@/server/db";
import { makeAdmin, makeClinician, makePatient, sessionUserOf } from "@/tests/helpers/factories";
import { resetDatabase } from "@/tests/db/reset";
import { env } from "@/env";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/server/auth/session", () => ({ getSessionUser: async () => session.user }));

const { GET } = await import("./route");

const get = (query = "") => GET(new Request(`http://localhost/api/admin/audit.csv${query}`));

describe("GET /api/admin/audit.csv", () => {
  beforeEach(async () => {
    await resetDatabase(env.DATABASE_URL!);
    session.user = null;
  });

  it("streams the filtered trail as CSV with fields escaped, and audits the export", async () => {
    const admin = await makeAdmin();
    const { patient } = await makePatient();
    await db.auditEvent.create({
      data: { action: "visit.read", entityType: "Visit", entityId: "v,1", patientId: patient.id, outcome: "SUCCESS", metadata: { note: 'say "hi"' } },
    });
    await db.auditEvent.create({ data: { action: "visit.read", entityType: "Visit", entityId: "=cmd()", outcome: "SUCCESS" } });
    session.user = sessionUserOf(admin);

    const res = await get(`?patientId=${patient.id}&from=&to=`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="audit-.*\.csv"/);
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,occurredAt,actorId,actorRole,action,entityType,entityId,patientId,outcome,requestId,ip,metadata,sealed");
    // Newest first: the export's own audit row (written before streaming), then the read.
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`,audit.export,AuditEvent,,${patient.id},SUCCESS,`);
    expect(lines[2]).toContain(`,visit.read,Visit,"v,1",${patient.id},SUCCESS,`);
    expect(lines[2]).toContain(`"{""note"":""say \\""hi\\""""}"`);

    const all = (await (await get()).text()).split("\r\n");
    expect(all.some((l) => l.includes(",'=cmd(),"))).toBe(true);

    expect(await db.auditEvent.count({ where: { action: "audit.export", actorId: admin.id, patientId: patient.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "audit.export", actorId: admin.id } })).toBe(2);
  });

  it("refuses a clinician with 403 and records the refusal", async () => {
    const clinician = await makeClinician();
    session.user = sessionUserOf(clinician);
    const res = await get();
    expect(res.status).toBe(403);
    expect(await db.auditEvent.count({ where: { action: "audit.export", actorId: clinician.id, outcome: "DENIED" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "audit.export", outcome: "SUCCESS" } })).toBe(0);
  });

  it("checks the role before the filters: a clinician with malformed filters gets 403, not a validation message", async () => {
    session.user = sessionUserOf(await makeClinician());
    for (const query of ["?from=not-a-date", "?action=%00", "?to=275760-09-13"]) expect((await get(query)).status).toBe(403);
  });

  it("answers 400 to an admin for a NUL or a date beyond any clinical range (never a 500 mid-stream)", async () => {
    session.user = sessionUserOf(await makeAdmin());
    expect((await get("?action=%00")).status).toBe(400);
    expect((await get("?from=275760-09-13")).status).toBe(400);
  });

  it("answers 401 without a session and 400 for a malformed date", async () => {
    expect((await get()).status).toBe(401);
    session.user = sessionUserOf(await makeAdmin());
    expect((await get("?from=not-a-date")).status).toBe(400);
  });
});
