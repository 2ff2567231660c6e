// The two background jobs issue 17 named for Prisma's transaction timeout (P2028), under a
// concurrent load on the app's small pool: the escalation job and the audit chain sealer
// keep their transactions short (one alert / one batch each, nothing rendered or sent
// inside), so both finish while device readings and chart reads compete for connections;
// each alert is escalated exactly once and the chain stays whole.
import { describe, expect, it } from "vitest";
import { checkAuditChain } from "@/server/audit-trail/verify-audit-chain";
import { SEAL_GRACE_MS, run as sealAuditChain } from "@/server/audit-trail/seal-audit-chain";
import { db } from "@/server/db";
import { callerAs, makeClinician, makePatient } from "@/tests/helpers/factories";
import { DETERIORATED, makeDeviceToken, NORMAL, postVitals, reading, recordRealtime } from "@/tests/helpers/vitals";
import { run as escalateAlerts } from "./escalate-alerts";

const PATIENTS = 12;
const READS = 60;

describe("the escalation job and the audit sealer under concurrent load", () => {
  it("escalate every overdue alert exactly once and seal a whole chain while readings and chart reads compete for the pool", async () => {
    const realtime = recordRealtime();
    try {
      const clinician = await makeClinician("Dr Load");
      const doc = callerAs(clinician);
      const patients = await Promise.all(Array.from({ length: PATIENTS }, () => makePatient({ clinicianIds: [clinician.id] })));
      const tokens = await Promise.all(patients.map(({ patient }) => makeDeviceToken(patient.id, clinician.id)));
      // One critical reading each: an open alert per patient (some raise two conditions).
      for (const t of tokens) expect((await postVitals(t.token, reading(DETERIORATED, 2_000))).status).toBe(201);
      const alerts = await db.vitalAlert.findMany({ where: { patientId: { in: patients.map((p) => p.patient.id) }, status: "OPEN" }, select: { id: true } });
      expect(alerts.length).toBeGreaterThanOrEqual(PATIENTS);

      // Ten minutes on: every alert is overdue for its first reminder, every audit row past the grace.
      const later = new Date(Date.now() + 10 * 60_000);
      const load = (round: number): Promise<unknown>[] => [
        ...tokens.map((t, i) => postVitals(t.token, reading(i % 2 ? NORMAL : DETERIORATED, 1_000 + round))),
        ...Array.from({ length: READS }, (_, i) => doc.vitals.summary({ patientId: patients[i % PATIENTS]!.patient.id })),
      ];
      const failures: string[] = [];
      const jobs: { escalated: number }[] = [];
      for (let round = 0; round < 3; round++) {
        // The sealers run "a grace period after the round began": they seal every row written
        // before it (all committed) while the round's own transactions are in flight. Sealing
        // those too, as "ten minutes later" did, could seal a row committed early past one with a
        // lower id still in flight, which then stays outside the chain (the grace period exists
        // for exactly that; seal-audit-chain.ts).
        const sealAsOf = new Date(Date.now() + SEAL_GRACE_MS);
        const settled = await Promise.allSettled([
          escalateAlerts({ now: later, escalationMinutes: 6 }).then((r) => jobs.push(r)),
          escalateAlerts({ now: later, escalationMinutes: 6 }).then((r) => jobs.push(r)),
          sealAuditChain({ now: sealAsOf }),
          sealAuditChain({ now: sealAsOf }),
          ...load(round),
        ]);
        for (const s of settled) if (s.status === "rejected") failures.push(`${(s.reason as { code?: string }).code}: ${(s.reason as Error).message}`);
      }
      expect(failures).toEqual([]);

      // Each alert escalated once, whichever runner got it; one reminder per recipient. The
      // load's critical readings may raise further alerts meanwhile (10 minutes "later", they
      // are overdue too): those count as well, and none may be escalated twice.
      const all = await db.vitalAlert.findMany({
        where: { patientId: { in: patients.map((p) => p.patient.id) } },
        select: { id: true, escalationCount: true },
      });
      const escalated = all.filter((a) => a.escalationCount > 0);
      expect(all.filter((a) => a.escalationCount > 1)).toEqual([]);
      expect(alerts.filter((a) => !escalated.some((e) => e.id === a.id))).toEqual([]);
      // The job escalates every overdue alert in the database, also other test files' running
      // beside this one: its count covers at least this test's alerts.
      expect(jobs.reduce((n, r) => n + r.escalated, 0)).toBeGreaterThanOrEqual(escalated.length);
      expect(await db.auditEvent.count({ where: { action: "vitals.alert.escalate", entityId: { in: escalated.map((a) => a.id) } } })).toBe(escalated.length);

      // Whatever the load wrote meanwhile is sealed by the next run, into one unbroken chain.
      await sealAuditChain({ now: new Date(Date.now() + 10 * 60_000) });
      const report = await checkAuditChain();
      expect(report).toMatchObject({ ok: true, firstBreak: null, unsealed: 0 });
    } finally {
      realtime.restore();
    }
  });
});
