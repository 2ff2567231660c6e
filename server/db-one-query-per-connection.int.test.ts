// A transaction holds one connection, and node-postgres runs one query at a time on it:
// issuing a second query while the first is still running is deprecated (pg 8 warns
// "client.query() when the client is already executing a query") and breaks in pg 9.
// So code inside `db.$transaction` awaits its queries one after another.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { recomputeVisitPayment } from "@/server/billing/recompute-visit-payment";
import { responsibleClinicianIds } from "@/server/vitals/alert-view";
import { getVitalsSummary } from "@/server/vitals/get-vitals-summary";
import { makeClinician, makePatient } from "@/tests/helpers/factories";

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;
const original = pg.Client.prototype.query as unknown as QueryFn;
let overlapping = 0;

beforeAll(() => {
  (pg.Client.prototype as unknown as { query: QueryFn }).query = function (this: pg.Client, ...args: unknown[]) {
    const state = this as unknown as { _activeQuery?: unknown; queryQueue?: unknown[] };
    if (state._activeQuery || (state.queryQueue?.length ?? 0) > 0) overlapping++;
    return original.apply(this, args);
  };
});
afterAll(() => {
  (pg.Client.prototype as unknown as { query: QueryFn }).query = original;
});

describe("one query at a time on a transaction's connection", () => {
  it("billing, alert routing and the vitals summary never overlap queries on one client", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const visit = await db.visit.create({ data: { patientId: patient.id, clinicianId: clinician.id } });
    const actor = { userId: clinician.id, role: "CLINICIAN" as const, requestId: "r-pg", ip: null };
    // The patched prototype is the one Prisma's adapter uses.
    const before = overlapping;
    await db.$queryRaw`SELECT 1`;
    expect(overlapping).toBe(before);

    await db.$transaction((tx) => recomputeVisitPayment(tx, visit.id));
    await db.$transaction((tx) => responsibleClinicianIds(tx, patient.id));
    await getVitalsSummary({ actor, patientId: patient.id });
    expect(overlapping).toBe(0);
  });
});
