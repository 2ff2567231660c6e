import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { callerAs, makeAdmin, makeClinician, makeConsultation, makePatient } from "@/tests/helpers/factories";
import { resetDatabase } from "@/tests/db/reset";
import { env } from "@/env";

const T = (iso: string) => new Date(`2026-03-${iso}Z`);
const range = { from: T("01T00:00:00"), to: T("03T00:00:00") };

type Fixture = Awaited<ReturnType<typeof seed>>;
let f: Fixture;

/**
 * A hand-counted clinic, 1–2 March 2026 (expected figures are in the tests):
 * Ana: 01 09:00 completed (600 s, patient waited 120 s, 2 stints both connected),
 *      01 10:00 completed (1200 s, waited 60 s, 2 stints, 1 connected), 02 12:00 no-show.
 * Ben: 02 09:00 completed (1800 s), 02 11:00 cancelled (session cancelled), 02 13:00 still scheduled.
 * An ad-hoc session created 02 15:00 (no schedule). Outside the range: Ana 05 09:00 completed
 * (9999 s, one stint not connected), an issue and a payment on 03-03 00:00 (end is exclusive).
 */
async function seed() {
  await resetDatabase(env.DATABASE_URL!);
  const admin = await makeAdmin();
  const ana = await makeClinician("Ana Alvarez");
  const ben = await makeClinician("Ben Brook");
  const { patient, user } = await makePatient({ clinicianIds: [ana.id, ben.id] });

  async function consultation(clinicianId: string, start: Date, status: "COMPLETED" | "CANCELLED" | "NO_SHOW" | "SCHEDULED") {
    const { visit, consultation } = await makeConsultation({ clinicianId, patientId: patient.id, start });
    if (status !== "SCHEDULED") await db.consultation.update({ where: { id: consultation.id }, data: { status } });
    return { visit, consultation };
  }

  async function session(opts: {
    clinicianId: string;
    visitId: string;
    consultationId?: string;
    start: Date | null;
    createdAt?: Date;
    end: "COMPLETED" | "CANCELLED" | "IN_PROGRESS";
    durationSeconds?: number;
    wait?: { arrivedAt: Date; admittedAt: Date };
    stints?: boolean[];
  }) {
    const s = await db.telemedicineSession.create({
      data: {
        visitId: opts.visitId,
        consultationId: opts.consultationId ?? null,
        roomName: `room-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`,
        provider: "P2P",
        status: "IN_PROGRESS",
        scheduledStart: opts.start,
        startedAt: opts.start,
        createdById: opts.clinicianId,
        ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
      },
    });
    if (opts.wait || opts.stints) {
      const p = await db.sessionParticipant.create({
        data: {
          sessionId: s.id,
          userId: user!.id,
          role: "PATIENT",
          displayName: "Patient",
          arrivedAt: opts.wait?.arrivedAt,
          admittedAt: opts.wait?.admittedAt,
        },
      });
      for (const [i, connected] of (opts.stints ?? []).entries()) {
        const joinedAt = new Date((opts.start ?? new Date()).getTime() + i * 60_000);
        await db.participantStint.create({ data: { participantId: p.id, joinedAt, connectionId: `c${i}`, connectedAt: connected ? joinedAt : null } });
      }
    }
    if (opts.end !== "IN_PROGRESS") {
      await db.telemedicineSession.update({
        where: { id: s.id },
        data: { status: opts.end, durationSeconds: opts.durationSeconds ?? null, endedAt: opts.start },
      });
    }
    return s;
  }

  const a1 = await consultation(ana.id, T("01T09:00:00"), "COMPLETED");
  const s1 = await session({
    clinicianId: ana.id,
    visitId: a1.visit.id,
    consultationId: a1.consultation.id,
    start: T("01T09:00:00"),
    end: "COMPLETED",
    durationSeconds: 600,
    wait: { arrivedAt: T("01T08:58:00"), admittedAt: T("01T09:00:00") },
    stints: [true, true],
  });
  const a2 = await consultation(ana.id, T("01T10:00:00"), "COMPLETED");
  const s2 = await session({
    clinicianId: ana.id,
    visitId: a2.visit.id,
    consultationId: a2.consultation.id,
    start: T("01T10:00:00"),
    end: "COMPLETED",
    durationSeconds: 1200,
    wait: { arrivedAt: T("01T09:59:00"), admittedAt: T("01T10:00:00") },
    stints: [false, true],
  });
  await consultation(ana.id, T("02T12:00:00"), "NO_SHOW");
  const b1 = await consultation(ben.id, T("02T09:00:00"), "COMPLETED");
  const s3 = await session({
    clinicianId: ben.id,
    visitId: b1.visit.id,
    consultationId: b1.consultation.id,
    start: T("02T09:00:00"),
    end: "COMPLETED",
    durationSeconds: 1800,
  });
  const b2 = await consultation(ben.id, T("02T11:00:00"), "CANCELLED");
  await session({ clinicianId: ben.id, visitId: b2.visit.id, consultationId: b2.consultation.id, start: T("02T11:00:00"), end: "CANCELLED" });
  await consultation(ben.id, T("02T13:00:00"), "SCHEDULED");
  await session({ clinicianId: ben.id, visitId: b2.visit.id, start: null, createdAt: T("02T15:00:00"), end: "IN_PROGRESS" });
  // Outside the range.
  const late = await consultation(ana.id, T("05T09:00:00"), "COMPLETED");
  const s7 = await session({
    clinicianId: ana.id,
    visitId: late.visit.id,
    consultationId: late.consultation.id,
    start: T("05T09:00:00"),
    end: "COMPLETED",
    durationSeconds: 9999,
    wait: { arrivedAt: T("05T08:00:00"), admittedAt: T("05T09:00:00") },
    stints: [false],
  });

  const issue = (sessionId: string, category: "AUDIO" | "VIDEO" | "CONNECTION", createdAt: Date) =>
    db.technicalIssue.create({ data: { sessionId, reporterId: user!.id, category, description: "x", createdAt } });
  await issue(s1.id, "AUDIO", T("01T09:05:00"));
  await issue(s2.id, "AUDIO", T("01T10:05:00"));
  await issue(s3.id, "VIDEO", T("02T09:05:00"));
  await issue(s7.id, "CONNECTION", T("03T00:00:00"));

  const pay = (visitId: string, amountMinor: number, receivedAt: Date) =>
    db.payment.create({ data: { visitId, amountMinor, currency: "USD", method: "CARD", receivedById: admin.id, receivedAt } });
  await pay(a1.visit.id, 4500, T("01T09:30:00"));
  await pay(a2.visit.id, 500, T("01T23:59:59"));
  await pay(b1.visit.id, 4500, T("02T09:30:00"));
  await pay(late.visit.id, 4500, T("03T00:00:00"));

  return { admin, ana, ben };
}

describe("admin.stats", () => {
  beforeAll(async () => {
    f = await seed();
  });

  it("counts sessions per UTC day, ad-hoc sessions by the day they were created", async () => {
    const s = await callerAs(f.admin).admin.stats(range);
    expect(s.sessionsPerDay).toEqual([
      { day: "2026-03-01", total: 2, completed: 2 },
      { day: "2026-03-02", total: 3, completed: 1 },
    ]);
  });

  it("gives completed, cancelled and no-show rates over the consultations in the range", async () => {
    const { consultations } = await callerAs(f.admin).admin.stats(range);
    expect(consultations).toEqual({ total: 6, completed: 3, cancelled: 1, noShow: 1, completedRate: 0.5, cancelledRate: 1 / 6, noShowRate: 1 / 6 });
  });

  it("averages durations and interpolates the 90th percentile (600, 1200, 1800 → 1200 and 1680)", async () => {
    const { duration } = await callerAs(f.admin).admin.stats(range);
    expect(duration.sessions).toBe(3);
    expect(duration.avgSeconds).toBeCloseTo(1200, 6);
    expect(duration.p90Seconds).toBeCloseTo(1680, 6);
  });

  it("averages the patients' wait from arrival to admission", async () => {
    const { wait } = await callerAs(f.admin).admin.stats(range);
    expect(wait.patients).toBe(2);
    expect(wait.avgSeconds).toBeCloseTo(90, 6);
  });

  it("gives the share of joins whose media connected", async () => {
    const { joins } = await callerAs(f.admin).admin.stats(range);
    expect(joins).toEqual({ total: 4, connected: 3, connectedShare: 0.75 });
  });

  it("counts technical issues by category and sums revenue per day, excluding the range's end", async () => {
    const s = await callerAs(f.admin).admin.stats(range);
    expect(s.issuesByCategory).toEqual([
      { category: "AUDIO", count: 2 },
      { category: "VIDEO", count: 1 },
    ]);
    expect(s.revenuePerDay).toEqual([
      { day: "2026-03-01", currency: "USD", amountMinor: 5000, payments: 2 },
      { day: "2026-03-02", currency: "USD", amountMinor: 4500, payments: 1 },
    ]);
  });

  it("tabulates each clinician's consultations and average completed duration", async () => {
    const { clinicians } = await callerAs(f.admin).admin.stats(range);
    expect(clinicians).toEqual([
      { clinicianId: f.ana.id, name: "Ana Alvarez", total: 3, completed: 2, cancelled: 0, noShow: 1, avgDurationSeconds: 900 },
      { clinicianId: f.ben.id, name: "Ben Brook", total: 3, completed: 1, cancelled: 1, noShow: 0, avgDurationSeconds: 1800 },
    ]);
  });

  it("averages a clinician's ad-hoc sessions too, and lists a clinician who had only those", async () => {
    const cara = await makeClinician("Cara Cole");
    const { patient } = await makePatient({ clinicianIds: [cara.id] });
    const visit = await db.visit.create({ data: { patientId: patient.id, clinicianId: cara.id } });
    const at = new Date("2026-04-01T10:00:00Z");
    const s = await db.telemedicineSession.create({
      data: {
        visitId: visit.id,
        roomName: `room-cara-${Date.now()}`,
        provider: "P2P",
        status: "IN_PROGRESS",
        startedAt: at,
        createdAt: at,
        createdById: cara.id,
      },
    });
    await db.telemedicineSession.update({ where: { id: s.id }, data: { status: "COMPLETED", endedAt: at, durationSeconds: 300 } });
    const { clinicians } = await callerAs(f.admin).admin.stats({ from: new Date("2026-04-01T00:00:00Z"), to: new Date("2026-04-02T00:00:00Z") });
    expect(clinicians).toEqual([{ clinicianId: cara.id, name: "Cara Cole", total: 0, completed: 0, cancelled: 0, noShow: 0, avgDurationSeconds: 300 }]);
  });

  it("answers with empty figures for a quiet range and audits the view", async () => {
    const s = await callerAs(f.admin).admin.stats({ from: T("10T00:00:00"), to: T("11T00:00:00") });
    expect(s.sessionsPerDay).toEqual([]);
    expect(s.consultations.completedRate).toBeNull();
    expect(s.duration).toEqual({ sessions: 0, avgSeconds: null, p90Seconds: null });
    expect(await db.auditEvent.count({ where: { action: "stats.read", actorId: f.admin.id } })).toBeGreaterThan(0);
  });

  it("writes one stats.read audit row per read, naming its range, from the rollup and from the source tables", async () => {
    for (const r of [range, { from: T("01T06:00:00"), to: T("02T18:00:00") }]) {
      const before = await db.auditEvent.count({ where: { action: "stats.read", actorId: f.admin.id } });
      await callerAs(f.admin).admin.stats(r);
      const rows = await db.auditEvent.findMany({ where: { action: "stats.read", actorId: f.admin.id }, orderBy: { id: "desc" }, take: 1 });
      expect(await db.auditEvent.count({ where: { action: "stats.read", actorId: f.admin.id } })).toBe(before + 1);
      expect(rows[0]).toMatchObject({
        entityType: "Statistics",
        outcome: "SUCCESS",
        actorRole: "ADMIN",
        metadata: { from: r.from.toISOString(), to: r.to.toISOString() },
      });
    }
  });

  it("gives no figures when the audit row cannot be written", async () => {
    await db.$executeRawUnsafe(`CREATE FUNCTION refuse_stats_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW."action" = 'stats.read' THEN RAISE EXCEPTION 'audit refused'; END IF; RETURN NEW; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_stats_audit BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION refuse_stats_audit()`);
    try {
      for (const r of [range, { from: T("01T06:00:00"), to: T("02T18:00:00") }]) {
        await expect(callerAs(f.admin).admin.stats(r)).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
      }
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER refuse_stats_audit ON "AuditEvent"`);
      await db.$executeRawUnsafe(`DROP FUNCTION refuse_stats_audit()`);
    }
  });

  it("refuses a reversed or over-long range", async () => {
    await expect(callerAs(f.admin).admin.stats({ from: range.to, to: range.from })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(callerAs(f.admin).admin.stats({ from: new Date("2025-01-01"), to: new Date("2026-03-01") })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("is for admins only", async () => {
    await expect(callerAs(f.ana).admin.stats(range)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
