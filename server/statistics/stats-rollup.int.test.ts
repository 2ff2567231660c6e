import { beforeAll, describe, expect, it } from "vitest";
import { env } from "@/env";
import { db } from "@/server/db";
import { computeStats, rollupQueries, type StatsRange } from "@/server/statistics/get-stats";
import { compactStatsRollup } from "@/server/statistics/compact-rollup";
import { resetDatabase } from "@/tests/db/reset";
import { bookedConsultation, callerAs, ensureTelemedicineItem, makeAdmin, makeClinician, makeConsultation, makePatient } from "@/tests/helpers/factories";

// The daily rollup (StatsRollup, kept by triggers) must give exactly the figures the source
// tables give (statsQueries, the plain SQL definitions) — after every kind of write, on any
// day, compacted or not.

const DAY_MS = 86_400_000;
const utcDay = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);
const days = (from: Date, n: number): StatsRange => ({ from, to: new Date(from.getTime() + n * DAY_MS) });
const at = (iso: string) => new Date(`${iso}Z`);

async function expectRollupEqualsLive(range: StatsRange) {
  const [live, rollup] = [await computeStats(range, "live"), await computeStats(range, "rollup")];
  expect(rollup).toEqual(live);
  return live;
}

let admin: Awaited<ReturnType<typeof makeAdmin>>;
let seq = 0;

/** A session of `clinicianId` on its own visit, written straight to the table as any writer could. */
async function session(opts: {
  clinicianId: string;
  patientId: string;
  start: Date | null;
  createdAt?: Date;
  status?: "SCHEDULED" | "IN_PROGRESS" | "COMPLETED" | "CANCELLED";
  durationSeconds?: number | null;
  consultationId?: string;
  visitId?: string;
}) {
  const visitId = opts.visitId ?? (await db.visit.create({ data: { patientId: opts.patientId, clinicianId: opts.clinicianId } })).id;
  const s = await db.telemedicineSession.create({
    data: {
      visitId,
      consultationId: opts.consultationId ?? null,
      roomName: `rollup-room-${++seq}-${Math.random().toString(36).slice(2)}`,
      provider: "P2P",
      status: "IN_PROGRESS",
      scheduledStart: opts.start,
      createdById: opts.clinicianId,
      ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
    },
  });
  // Completed sessions are immutable, so the final state is written once, as the app does.
  if (opts.status && opts.status !== "IN_PROGRESS") {
    await db.telemedicineSession.update({ where: { id: s.id }, data: { status: opts.status, durationSeconds: opts.durationSeconds ?? null } });
  }
  return { ...s, visitId };
}

beforeAll(async () => {
  await resetDatabase(env.DATABASE_URL!);
  await ensureTelemedicineItem();
  admin = await makeAdmin();
});

describe("statistics rollup", () => {
  it("matches the source tables after a day of real use through the app, today included", async () => {
    const today = utcDay(new Date());
    const range = days(today, 3);
    await expectRollupEqualsLive(range);

    const done = await bookedConsultation();
    const doc = callerAs(done.clinician);
    const pat = callerAs(done.patientUser);
    await pat.sessions.arrive({ sessionId: done.booking.sessionId });
    await doc.sessions.start({ sessionId: done.booking.sessionId });
    const docJoin = await doc.sessions.join({ sessionId: done.booking.sessionId });
    const patJoin = await pat.sessions.join({ sessionId: done.booking.sessionId });
    await pat.sessions.markConnected({ sessionId: done.booking.sessionId, stintId: patJoin.stintId });
    await doc.sessions.markConnected({ sessionId: done.booking.sessionId, stintId: docJoin.stintId });
    await pat.sessions.leave({ sessionId: done.booking.sessionId, stintId: patJoin.stintId });
    await pat.sessions.join({ sessionId: done.booking.sessionId });
    await pat.sessions.reportIssue({ sessionId: done.booking.sessionId, category: "AUDIO", description: "Echo on my side" });
    await expectRollupEqualsLive(range);
    await doc.sessions.end({ sessionId: done.booking.sessionId, notes: "Fine.", addToBill: true });
    await callerAs(admin).billing.recordPayment({ visitId: done.booking.visitId, amountMinor: 2000, method: "CARD" });
    await callerAs(admin).billing.recordPayment({ visitId: done.booking.visitId, amountMinor: 2500, method: "CASH" });

    const cancelled = await bookedConsultation({ startInMinutes: 90 });
    await callerAs(cancelled.clinician).consultations.cancel({ consultationId: cancelled.booking.id, reason: "Clinic closed" });
    const moved = await bookedConsultation({ startInMinutes: 120 });
    await callerAs(moved.clinician).consultations.reschedule({ consultationId: moved.booking.id, scheduledStart: new Date(Date.now() + 26 * 3_600_000) });

    const live = await expectRollupEqualsLive(range);
    // The figures moved as the actions say (so the comparison is not between two empty sets).
    expect(live.consultations).toMatchObject({ total: 3, completed: 1, cancelled: 1 });
    expect(live.duration.sessions).toBe(1);
    expect(live.joins).toMatchObject({ total: 3, connected: 2 });
    expect(live.wait.patients).toBe(1);
    expect(live.issuesByCategory).toEqual([{ category: "AUDIO", count: 1 }]);
    expect(live.revenuePerDay.reduce((sum, r) => sum + r.amountMinor, 0)).toBe(4500);
    await expectRollupEqualsLive(days(today, 1));
    await compactStatsRollup();
    await expectRollupEqualsLive(range);
  });

  it("stays exact when an already folded day changes late: completion, reschedule, status, deletes, cascades", async () => {
    const ana = await makeClinician("Ana Late");
    const ben = await makeClinician("Ben Late");
    const { patient, user } = await makePatient({ clinicianIds: [ana.id, ben.id] });
    const range = days(at("2031-05-01T00:00:00"), 10);

    const k1 = await makeConsultation({ clinicianId: ana.id, patientId: patient.id, start: at("2031-05-02T09:00:00") });
    const k2 = await makeConsultation({ clinicianId: ana.id, patientId: patient.id, start: at("2031-05-03T09:00:00") });
    const k3 = await makeConsultation({ clinicianId: ben.id, patientId: patient.id, start: at("2031-05-03T10:00:00") });
    const s1 = await session({
      clinicianId: ana.id,
      patientId: patient.id,
      visitId: k1.visit.id,
      consultationId: k1.consultation.id,
      start: at("2031-05-02T09:00:00"),
    });
    const s2 = await session({
      clinicianId: ana.id,
      patientId: patient.id,
      visitId: k2.visit.id,
      consultationId: k2.consultation.id,
      start: at("2031-05-03T09:00:00"),
      status: "COMPLETED",
      durationSeconds: 700,
    });
    const p1 = await db.sessionParticipant.create({
      data: {
        sessionId: s1.id,
        userId: user!.id,
        role: "PATIENT",
        displayName: "P",
        arrivedAt: at("2031-05-02T08:55:00"),
        admittedAt: at("2031-05-02T09:00:00.250"),
      },
    });
    await db.participantStint.create({ data: { participantId: p1.id, joinedAt: at("2031-05-02T09:00:01"), connectionId: "a" } });
    await db.participantStint.create({
      data: { participantId: p1.id, joinedAt: at("2031-05-02T09:10:00"), connectionId: "b", connectedAt: at("2031-05-02T09:10:02") },
    });
    await db.payment.create({
      data: { visitId: k1.visit.id, amountMinor: 1234, currency: "EUR", method: "CARD", receivedById: admin.id, receivedAt: at("2031-05-02T12:00:00") },
    });
    await db.technicalIssue.create({
      data: { sessionId: s2.id, reporterId: user!.id, category: "VIDEO", description: "x", createdAt: at("2031-05-03T09:05:00") },
    });
    await expectRollupEqualsLive(range);
    await compactStatsRollup();
    await expectRollupEqualsLive(range);

    // Late: the first session completes (its day is already folded), consultations change.
    await db.telemedicineSession.update({ where: { id: s1.id }, data: { status: "COMPLETED", durationSeconds: 1300, endedAt: at("2031-05-02T09:22:00") } });
    await db.consultation.update({ where: { id: k1.consultation.id }, data: { status: "COMPLETED" } });
    await db.consultation.update({ where: { id: k3.consultation.id }, data: { status: "NO_SHOW" } });
    // Moved to another day, another status, twice in one statement each.
    await db.consultation.update({
      where: { id: k2.consultation.id },
      data: { scheduledStart: at("2031-05-07T09:00:00"), scheduledEnd: at("2031-05-07T09:20:00") },
    });
    await db.consultation.updateMany({ where: { id: { in: [k2.consultation.id, k3.consultation.id] } }, data: { status: "CANCELLED" } });
    await expectRollupEqualsLive(range);

    // The stint connects late; the participant's admission moves; an issue goes (payments
    // cannot change: a trigger refuses it).
    await db.participantStint.updateMany({ where: { participantId: p1.id, connectionId: "a" }, data: { connectedAt: at("2031-05-02T09:00:03") } });
    await db.sessionParticipant.update({ where: { id: p1.id }, data: { admittedAt: at("2031-05-04T00:00:00") } });
    await db.technicalIssue.deleteMany({ where: { sessionId: s2.id } });
    await expectRollupEqualsLive(range);
    // A cascade: deleting the participant deletes its stints (ON DELETE CASCADE).
    await db.sessionParticipant.delete({ where: { id: p1.id } });
    const live = await expectRollupEqualsLive(range);
    expect(live.joins.total).toBe(0);
    expect(live.wait.patients).toBe(0);
    expect(live.clinicians.map((c) => [c.name, c.total, c.avgDurationSeconds])).toEqual([
      ["Ana Late", 2, 1000],
      ["Ben Late", 1, null],
    ]);
    await compactStatsRollup();
    await expectRollupEqualsLive(range);
    // Folded: one row per key, and keys whose contributions cancelled out (the stints and
    // the admission, deleted) are gone rather than kept as zero rows. Ana's 05-03 keeps her
    // completed session but no longer her consultation, moved to 05-07.
    expect(
      await db.$queryRaw<{ metric: string }[]>`SELECT "metric" FROM "StatsRollup"
                            WHERE "day" >= '2031-05-01' AND "day" < '2031-05-11' AND "metric" IN ('join', 'wait')`,
    ).toEqual([]);
    expect(
      await db.$queryRaw<{ n: number; d: number }[]>`SELECT "n"::int AS n, "d"::int AS d FROM "StatsRollup"
                            WHERE "metric" = 'clinician' AND "day" = '2031-05-03' AND "dim" = ${ana.id}`,
    ).toEqual([{ n: 0, d: 1 }]);
  });

  it("puts rows on either side of UTC midnight on their own day, and a range's end is exclusive", async () => {
    // One clinician per edge: consultations a millisecond apart would overlap.
    const clinicians = [await makeClinician("Cara 1"), await makeClinician("Cara 2"), await makeClinician("Cara 3"), await makeClinician("Cara 4")];
    const cara = clinicians[0]!;
    const { patient } = await makePatient({ clinicianIds: clinicians.map((c) => c.id) });
    const edges = ["2031-06-01T23:59:59.999", "2031-06-02T00:00:00.000", "2031-06-02T23:59:59.999", "2031-06-03T00:00:00.000"];
    for (const [i, iso] of edges.entries()) {
      const k = await makeConsultation({ clinicianId: clinicians[i]!.id, patientId: patient.id, start: at(iso) });
      await session({
        clinicianId: clinicians[i]!.id,
        patientId: patient.id,
        visitId: k.visit.id,
        consultationId: k.consultation.id,
        start: at(iso),
        status: "COMPLETED",
        durationSeconds: 60 * (i + 1),
      });
      await db.payment.create({
        data: { visitId: k.visit.id, amountMinor: 100 * (i + 1), currency: "USD", method: "CASH", receivedById: admin.id, receivedAt: at(iso) },
      });
    }
    // Ad-hoc: no schedule, counted on the day it was created.
    await session({
      clinicianId: cara.id,
      patientId: patient.id,
      start: null,
      createdAt: at("2031-06-02T23:59:59.999"),
      status: "COMPLETED",
      durationSeconds: 5,
    });
    const one = await expectRollupEqualsLive(days(at("2031-06-02T00:00:00"), 1));
    expect(one.sessionsPerDay).toEqual([{ day: "2031-06-02", total: 3, completed: 3 }]);
    expect(one.revenuePerDay).toEqual([{ day: "2031-06-02", currency: "USD", amountMinor: 500, payments: 2 }]);
    await expectRollupEqualsLive(days(at("2031-06-01T00:00:00"), 3));
    // A range that cuts a day is answered from the source tables; the rollup refuses it.
    const cut = { from: at("2031-06-01T22:00:00"), to: at("2031-06-02T02:00:00") };
    expect(await computeStats(cut)).toEqual(await computeStats(cut, "live"));
    expect(() => rollupQueries(cut)).toThrow(/whole UTC days/);
  });

  it("gives PostgreSQL's exact percentile_cont(0.9) of durations for any spread of values", async () => {
    const dan = await makeClinician("Dan Durations");
    const { patient } = await makePatient({ clinicianIds: [dan.id] });
    const visit = await db.visit.create({ data: { patientId: patient.id, clinicianId: dan.id } });
    let rnd = 42;
    const random = () => (rnd = (rnd * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const cases: number[][] = [
      [600],
      [59, 60],
      [119, 120, 120, 121],
      Array.from({ length: 10 }, () => 300), // all equal
      Array.from({ length: 11 }, (_, i) => i * 59), // the two ranks in different minutes
      Array.from({ length: 97 }, () => Math.floor(random() * 3600)),
      Array.from({ length: 400 }, () => Math.floor(random() * 240) * 15), // many ties across minutes
      [0, 0, 0, 7200, 86_400],
    ];
    for (const [i, durations] of cases.entries()) {
      const day = new Date(at("2031-07-01T00:00:00").getTime() + i * DAY_MS);
      // One statement for all of them (a bulk write: the trigger folds it per key).
      await db.telemedicineSession.createMany({
        data: durations.map((d, j) => ({
          visitId: visit.id,
          roomName: `pct-${i}-${j}-${Math.random().toString(36).slice(2)}`,
          provider: "P2P" as const,
          status: "COMPLETED" as const,
          durationSeconds: d,
          scheduledStart: new Date(day.getTime() + ((j * 137) % 86_000) * 1000),
          createdById: dan.id,
        })),
      });
      const live = await expectRollupEqualsLive(days(day, 1));
      expect(live.duration.sessions).toBe(durations.length);
    }
    // Over all the days at once, and the sessions with no duration are left out of it.
    await db.telemedicineSession.createMany({
      data: [
        {
          visitId: visit.id,
          roomName: `pct-null-${Math.random()}`,
          provider: "P2P",
          status: "COMPLETED",
          scheduledStart: at("2031-07-02T10:00:00"),
          createdById: dan.id,
        },
      ],
    });
    await expectRollupEqualsLive(days(at("2031-07-01T00:00:00"), cases.length));
  });

  it("keeps the figures exact while writes race the compaction job", async () => {
    const eve = await makeClinician("Eve Race");
    const { patient } = await makePatient({ clinicianIds: [eve.id] });
    const range = days(at("2031-08-01T00:00:00"), 5);
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) =>
        session({
          clinicianId: eve.id,
          patientId: patient.id,
          start: at(`2031-08-0${1 + (i % 5)}T10:${String(i).padStart(2, "0")}:00`),
          status: "COMPLETED",
          durationSeconds: 100 + i,
        }),
      ),
      compactStatsRollup(),
      compactStatsRollup(),
    ]);
    await compactStatsRollup();
    const live = await expectRollupEqualsLive(range);
    expect(live.duration.sessions).toBe(20);
    // Folded: one row per key.
    expect(await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "StatsRollup" WHERE NOT "compacted"`).toEqual([{ n: 0 }]);
  });

  it("the comparison catches a write that skips the rollup (a path the triggers would not see)", async () => {
    const fay = await makeClinician("Fay Bypass");
    const { patient } = await makePatient({ clinicianIds: [fay.id] });
    const range = days(at("2031-09-01T00:00:00"), 1);
    const visit = await db.visit.create({ data: { patientId: patient.id, clinicianId: fay.id } });
    // session_replication_role = replica silences user triggers (a restore, a careless bulk fix).
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL session_replication_role = replica`;
      await tx.$executeRaw`INSERT INTO "TelemedicineSession" ("id", "visitId", "roomName", "provider", "status", "scheduledStart", "createdById", "clinicianId", "updatedAt")
                            VALUES ('bypass-session', ${visit.id}, 'bypass-room', 'P2P', 'SCHEDULED', '2031-09-01 10:00', ${fay.id}, ${fay.id}, now())`;
    });
    const [live, rollup] = [await computeStats(range, "live"), await computeStats(range, "rollup")];
    expect(live.sessionsPerDay).toEqual([{ day: "2031-09-01", total: 1, completed: 0 }]);
    expect(rollup).not.toEqual(live);
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL session_replication_role = replica`;
      await tx.$executeRaw`DELETE FROM "TelemedicineSession" WHERE "id" = 'bypass-session'`;
    });
    await expectRollupEqualsLive(range);
  });
});
