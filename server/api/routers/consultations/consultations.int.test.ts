import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { openClinicAroundTheClock } from "@/tests/db/reset";
import { db } from "@/server/db";
import { callerAs, makeAdmin, makeClinician, makeConsultation, makePatient } from "@/tests/helpers/factories";
import { holdRowLock } from "@/tests/helpers/row-lock";
import { endSession } from "@/server/sessions/end-session";
import { joinWindow } from "@/lib/join-window";
import { env } from "@/env";

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000);

describe("consultations.upcoming", () => {
  it("lists a clinician's own consultations in time order, not a colleague's", async () => {
    const clinician = await makeClinician();
    const colleague = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id, colleague.id] });
    const later = await makeConsultation({ clinicianId: clinician.id, patientId: patient.id, start: inMinutes(120) });
    const sooner = await makeConsultation({ clinicianId: clinician.id, patientId: patient.id, start: inMinutes(30) });
    const theirs = await makeConsultation({ clinicianId: colleague.id, patientId: patient.id, start: inMinutes(60) });

    const list = (await callerAs(clinician).consultations.upcoming({ days: 7 })).consultations;
    expect(list.map((c) => c.id)).toEqual([sooner.consultation.id, later.consultation.id]);
    expect(list.map((c) => c.id)).not.toContain(theirs.consultation.id);
    const audit = await db.auditEvent.findMany({ where: { actorId: clinician.id, action: "consultation.list" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.entityType, a.entityId, a.patientId, a.actorRole, a.outcome, a.metadata])).toEqual([
      ["Consultation", sooner.consultation.id, patient.id, "CLINICIAN", "SUCCESS", null],
      ["Consultation", later.consultation.id, patient.id, "CLINICIAN", "SUCCESS", null],
    ]);
  });

  it("shows a patient only their own consultations, with the clinician's name", async () => {
    const clinician = await makeClinician("Grace Hopper");
    const { patient, user } = await makePatient({ clinicianIds: [clinician.id] });
    const { patient: stranger } = await makePatient({ clinicianIds: [clinician.id] });
    const own = await makeConsultation({ clinicianId: clinician.id, patientId: patient.id, start: inMinutes(45) });
    await makeConsultation({ clinicianId: clinician.id, patientId: stranger.id, start: inMinutes(90) });

    const list = (await callerAs(user!).consultations.upcoming({ days: 7 })).consultations;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: own.consultation.id, clinician: { name: "Grace Hopper" } });
  });

  it("leaves out cancelled consultations and those beyond the range", async () => {
    const admin = await makeAdmin();
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const cancelled = await makeConsultation({ clinicianId: clinician.id, patientId: patient.id, start: inMinutes(10) });
    await db.consultation.update({ where: { id: cancelled.consultation.id }, data: { status: "CANCELLED" } });
    const far = await makeConsultation({ clinicianId: clinician.id, patientId: patient.id, start: inMinutes(3 * 24 * 60) });
    const ids = (await callerAs(admin).consultations.upcoming({ days: 1 })).consultations.map((c) => c.id);
    expect(ids).not.toContain(cancelled.consultation.id);
    expect(ids).not.toContain(far.consultation.id);
  });

  it("refuses anonymous callers and out-of-range input", async () => {
    const clinician = await makeClinician();
    await expect(callerAs(null).consultations.upcoming({ days: 7 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(callerAs(clinician).consultations.upcoming({ days: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("consultations.slots and consultations.openVisits", () => {
  // The built-in clinic day (Mon–Fri 08:00–18:00), not the harness's round-the-clock clinic.
  beforeEach(() => db.clinicSettings.deleteMany());
  afterEach(() => openClinicAroundTheClock(db));

  it("shows a clinician's clinic day as slots from their real bookings, a week with closed weekends, and the next free slot", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const caller = callerAs(clinician);
    // Monday 1 March 2027, in the clinician's zone (UTC): 08:00–08:20 and 08:20–08:40 taken.
    await caller.consultations.book({ patientId: patient.id, scheduledStart: new Date("2027-03-01T08:00:00Z"), durationMinutes: 20 });
    await caller.consultations.book({ patientId: patient.id, scheduledStart: new Date("2027-03-01T08:20:00Z"), durationMinutes: 20 });
    const cancelled = await caller.consultations.book({ patientId: patient.id, scheduledStart: new Date("2027-03-01T09:00:00Z"), durationMinutes: 20 });
    await caller.consultations.cancel({ consultationId: cancelled.id, reason: "Moved" });
    const week = await caller.consultations.slots({ from: new Date("2027-03-01T12:00:00Z"), days: 7 });
    expect(week.days.map((d) => [d.date, d.open])).toEqual([
      ["2027-03-01", true],
      ["2027-03-02", true],
      ["2027-03-03", true],
      ["2027-03-04", true],
      ["2027-03-05", true],
      ["2027-03-06", false],
      ["2027-03-07", false],
    ]);
    const monday = week.days[0]!.slots;
    expect(monday).toHaveLength(30);
    expect(monday.slice(0, 4).map((s) => `${s.start.toISOString().slice(11, 16)} ${s.status}`)).toEqual([
      "08:00 booked",
      "08:20 booked",
      "08:40 free",
      "09:00 free",
    ]);
    // The next free slot from now: a free clinic slot, in the future.
    const next = week.nextFree!;
    expect(next.start.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(next.end.getTime() - next.start.getTime()).toBe(20 * 60_000);
  });

  it("offers the next free slot after the clinician's own bookings", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const caller = callerAs(clinician);
    const first = (await caller.consultations.slots({ days: 1 })).nextFree!;
    await caller.consultations.book({ patientId: patient.id, scheduledStart: first.start, durationMinutes: 20 });
    const second = (await caller.consultations.slots({ days: 1 })).nextFree!;
    expect(second.start.getTime()).toBeGreaterThanOrEqual(first.end.getTime());
  });

  it("lists open visits for booking only for the clinician's own patient; another's answers like a missing one", async () => {
    const clinician = await makeClinician();
    const other = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    await expect(callerAs(clinician).consultations.openVisits({ patientId: patient.id })).resolves.toEqual([]);
    const missing = await callerAs(other)
      .consultations.openVisits({ patientId: "cmissing000000000000000000" })
      .catch((e: Error) => e.message);
    const theirs = await callerAs(other)
      .consultations.openVisits({ patientId: patient.id })
      .catch((e: Error) => e.message);
    expect(theirs).toBe(missing);
    // An admin must say whose day to show.
    await expect(callerAs(await makeAdmin()).consultations.slots({ days: 1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("consultations.book", () => {
  it("books a consultation with its visit-scoped session, and the patient sees it", async () => {
    const clinician = await makeClinician();
    const { patient, user } = await makePatient({ clinicianIds: [clinician.id] });
    const booked = await callerAs(clinician).consultations.book({
      patientId: patient.id,
      scheduledStart: inMinutes(90),
      durationMinutes: 30,
      reason: "Review",
    });
    expect(booked).toMatchObject({ status: "SCHEDULED", durationMinutes: 30 });
    const session = await db.telemedicineSession.findUniqueOrThrow({ where: { id: booked.sessionId }, include: { participants: true } });
    expect(session).toMatchObject({ visitId: booked.visitId, consultationId: booked.id, status: "SCHEDULED" });
    expect(session.participants.map((p) => p.role).sort()).toEqual(["CLINICIAN", "PATIENT"]);
    const listed = await callerAs(user!).consultations.upcoming({ days: 1 });
    expect(listed.consultations.map((c) => c.id)).toEqual([booked.id]);
    // The join button's window, computed in the browser from the list, is the one the room
    // enforces: the clinic's policy, sent once with the list.
    expect(listed.joinWindowPolicy).toEqual({ beforeMinutes: env.JOIN_WINDOW_BEFORE_MINUTES, afterMinutes: env.JOIN_WINDOW_AFTER_MINUTES });
    const room = await callerAs(user!).sessions.room({ sessionId: booked.sessionId });
    expect(joinWindow(listed.consultations[0]!.scheduledStart, listed.joinWindowPolicy)).toEqual({
      opensAt: room.joinWindow.opensAt,
      closesAt: room.joinWindow.closesAt,
    });
    // A second booking into the open visit, chosen explicitly.
    const again = await callerAs(clinician).consultations.book({
      patientId: patient.id,
      scheduledStart: inMinutes(180),
      durationMinutes: 15,
      visitId: booked.visitId,
    });
    expect(again.visitId).toBe(booked.visitId);
  });

  it("opens a new visit with the booking's reason unless an open visit is chosen, and the visit shows each booking's reason", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const caller = callerAs(clinician);
    const bp = await caller.consultations.book({ patientId: patient.id, scheduledStart: inMinutes(60), durationMinutes: 20, reason: "Blood pressure review" });
    // The old behaviour filed this under the open "Blood pressure review" visit.
    const dizzy = await caller.consultations.book({ patientId: patient.id, scheduledStart: inMinutes(120), durationMinutes: 20, reason: "Dizziness" });
    expect(dizzy.visitId).not.toBe(bp.visitId);
    expect((await db.visit.findUniqueOrThrow({ where: { id: dizzy.visitId } })).chiefComplaint).toBe("Dizziness");
    const followUp = await caller.consultations.book({
      patientId: patient.id,
      scheduledStart: inMinutes(180),
      durationMinutes: 20,
      reason: "BP recheck",
      visitId: bp.visitId,
    });
    expect(followUp.visitId).toBe(bp.visitId);
    const open = await caller.consultations.openVisits({ patientId: patient.id });
    expect(open.map((v) => v.reason).sort()).toEqual(["Blood pressure review", "Dizziness"]);
    const visit = await caller.visits.get({ visitId: bp.visitId });
    expect(visit.sessions.map((s) => s.reason)).toEqual(["Blood pressure review", "BP recheck"]);
  });

  it("names what a refused booking clashes with: the patient and the booked time", async () => {
    const clinician = await makeClinician();
    const { patient: jane } = await makePatient({ clinicianIds: [clinician.id], given: "Jane", family: "Doe" });
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const caller = callerAs(clinician);
    await caller.consultations.book({ patientId: jane.id, scheduledStart: new Date("2027-03-01T10:30:00Z"), durationMinutes: 20 });
    const refused = caller.consultations.book({
      patientId: patient.id,
      scheduledStart: new Date("2027-03-01T10:40:00Z"),
      durationMinutes: 20,
      timeZone: "UTC",
    });
    await expect(refused).rejects.toMatchObject({
      code: "CONFLICT",
      message: "That time clashes with Jane Doe, Mon, Mar 1, 2027, 10:30 AM–10:50 AM UTC. Choose another time.",
    });
    // In the booker's own zone.
    const inNewYork = caller.consultations.book({
      patientId: patient.id,
      scheduledStart: new Date("2027-03-01T10:20:00Z"),
      durationMinutes: 20,
      timeZone: "America/New_York",
    });
    await expect(inNewYork).rejects.toMatchObject({ message: expect.stringContaining("Jane Doe, Mon, Mar 1, 2027, 5:30 AM–5:50 AM EST") });
    // Moving another booking onto Jane's time is refused the same way (in the clinician's zone).
    const other = await caller.consultations.book({ patientId: patient.id, scheduledStart: new Date("2027-03-01T12:00:00Z"), durationMinutes: 20 });
    await expect(caller.consultations.reschedule({ consultationId: other.id, scheduledStart: new Date("2027-03-01T10:35:00Z") })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("clashes with Jane Doe, Mon, Mar 1, 2027, 10:30 AM–10:50 AM UTC"),
    });
  });

  it("books exactly one of ten concurrent requests for the same clinician slot", async () => {
    const clinician = await makeClinician();
    const patients = await Promise.all(Array.from({ length: 10 }, () => makePatient({ clinicianIds: [clinician.id] })));
    const start = inMinutes(24 * 60);
    const results = await Promise.allSettled(
      patients.map(({ patient }, i) =>
        callerAs(clinician).consultations.book({ patientId: patient.id, scheduledStart: new Date(start.getTime() + i * 60_000), durationMinutes: 30 }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((x) => x.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        code: "CONFLICT",
        message: expect.stringMatching(/^That time clashes with Test Patient\w+, .+–.+\. Choose another time\.$/),
      });
    }
    expect(await db.consultation.count({ where: { clinicianId: clinician.id } })).toBe(1);
  });

  // Two bookings of overlapping times can deadlock inside the no-overlap constraint's check
  // (each sees the other's row, not yet committed, and waits for it). Here the deadlock is made
  // on purpose: another connection holds the patient's row, which the booking updates after its
  // consultation row is in (the patient's new portal account), then inserts a consultation at the
  // same time, whose check waits for the booking. PostgreSQL ends the booking, which waited
  // first; run again, it meets the other consultation and says which one it clashes with.
  it.runIf(inject("databaseKind") !== "pglite")(
    "runs a booking again when the database ends it to break a deadlock, and names the consultation it clashes with",
    async () => {
      const clinician = await makeClinician();
      const { patient } = await makePatient({ clinicianIds: [clinician.id], withUser: false });
      await db.patient.update({ where: { id: patient.id }, data: { email: `${patient.mrn.toLowerCase()}@example.test` } });
      const { patient: other } = await makePatient({ clinicianIds: [clinician.id], given: "Ada", family: "Deadlock" });
      const otherVisit = await db.visit.create({ data: { patientId: other.id, clinicianId: clinician.id } });
      const start = inMinutes(26 * 60);
      const sqlTime = (d: Date) => d.toISOString().replace("T", " ").replace("Z", "");
      // NO KEY UPDATE: the booking's own inserts reference the patient (a key-share lock), and must
      // get through to its consultation row before it waits here.
      const held = await holdRowLock("Patient", patient.id, { mode: "FOR NO KEY UPDATE" });
      try {
        const booking = callerAs(clinician)
          .consultations.book({ patientId: patient.id, scheduledStart: start, durationMinutes: 30 })
          .then(
            (value) => ({ value, error: null }),
            (error: unknown) => ({ value: null, error }),
          );
        // The booking has its consultation row and now waits for the patient's row.
        expect(await held.waitForWaiter(10_000), "the booking waits for the patient's row").toBe(true);
        await held.query(
          `INSERT INTO "Consultation" ("id", "clinicianId", "patientId", "visitId", "scheduledStart", "scheduledEnd", "durationMinutes", "createdById", "updatedAt")
           VALUES ($1, $2, $3, $4, $5, $6, 30, $2, now())`,
          [`deadlock-${other.id}`, clinician.id, other.id, otherVisit.id, sqlTime(start), sqlTime(new Date(start.getTime() + 30 * 60_000))],
        );
        await held.commit();
        const { value, error } = await booking;
        expect(value).toBeNull();
        expect(error).toMatchObject({
          code: "CONFLICT",
          message: expect.stringMatching(/^That time clashes with Ada Deadlock, .+–.+\. Choose another time\.$/),
        });
      } finally {
        await held.release();
      }
      // Nothing of the booking's attempts was kept: the other consultation is the only one.
      expect(await db.consultation.findMany({ where: { clinicianId: clinician.id }, select: { patientId: true } })).toEqual([{ patientId: other.id }]);
      expect(await db.visit.count({ where: { patientId: patient.id } })).toBe(0);
    },
    30_000,
  );

  it("allows back-to-back bookings and frees a cancelled slot", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const caller = callerAs(clinician);
    const start = inMinutes(48 * 60);
    const first = await caller.consultations.book({ patientId: patient.id, scheduledStart: start, durationMinutes: 20 });
    await caller.consultations.book({ patientId: patient.id, scheduledStart: new Date(start.getTime() + 20 * 60_000), durationMinutes: 20 });
    await expect(
      caller.consultations.book({ patientId: patient.id, scheduledStart: new Date(start.getTime() + 10 * 60_000), durationMinutes: 5 }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await caller.consultations.cancel({ consultationId: first.id, reason: "Patient asked to move it" });
    await expect(caller.consultations.book({ patientId: patient.id, scheduledStart: start, durationMinutes: 20 })).resolves.toMatchObject({
      status: "SCHEDULED",
    });
  });

  it("frees the rest of a slot once its consultation finished early, and keeps the part already used", async () => {
    const clinician = await makeClinician();
    const { patient, user } = await makePatient({ clinicianIds: [clinician.id] });
    const caller = callerAs(clinician);
    const start = inMinutes(2);
    const first = await caller.consultations.book({ patientId: patient.id, scheduledStart: start, durationMinutes: 30 });
    const later = new Date(start.getTime() + 20 * 60_000);
    await expect(caller.consultations.book({ patientId: patient.id, scheduledStart: later, durationMinutes: 10 })).rejects.toMatchObject({ code: "CONFLICT" });
    await callerAs(user!).sessions.arrive({ sessionId: first.sessionId });
    await caller.sessions.start({ sessionId: first.sessionId });
    // Ended 15 minutes into its 30.
    await endSession({
      actor: { userId: clinician.id, role: "CLINICIAN", requestId: "t" },
      sessionId: first.sessionId,
      addToBill: false,
      now: new Date(start.getTime() + 15 * 60_000),
    });
    expect((await db.consultation.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("COMPLETED");
    await expect(caller.consultations.book({ patientId: patient.id, scheduledStart: later, durationMinutes: 10 })).resolves.toMatchObject({
      status: "SCHEDULED",
    });
    await expect(
      caller.consultations.book({ patientId: patient.id, scheduledStart: new Date(start.getTime() + 10 * 60_000), durationMinutes: 5 }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses a patient outside the clinician's care exactly like a missing patient, a past time, and patients booking", async () => {
    const clinician = await makeClinician();
    const { patient: stranger } = await makePatient();
    const { patient, user } = await makePatient({ clinicianIds: [clinician.id] });
    await expect(callerAs(clinician).consultations.book({ patientId: stranger.id, scheduledStart: inMinutes(60), durationMinutes: 20 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(callerAs(clinician).consultations.book({ patientId: patient.id, scheduledStart: inMinutes(-60), durationMinutes: 20 })).rejects.toMatchObject({
      cause: { reason: "start_in_past" },
    });
    await expect(callerAs(user!).consultations.book({ patientId: patient.id, scheduledStart: inMinutes(60), durationMinutes: 20 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(callerAs(clinician).consultations.book({ patientId: patient.id, scheduledStart: inMinutes(60), durationMinutes: 2 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("lets an admin book for a clinician, adding the patient to that clinician's care", async () => {
    const admin = await makeAdmin();
    const clinician = await makeClinician();
    const { patient } = await makePatient();
    await expect(callerAs(admin).consultations.book({ patientId: patient.id, scheduledStart: inMinutes(60), durationMinutes: 20 })).rejects.toMatchObject({
      cause: { reason: "clinician_required" },
    });
    const booked = await callerAs(admin).consultations.book({
      patientId: patient.id,
      clinicianId: clinician.id,
      scheduledStart: inMinutes(60),
      durationMinutes: 20,
    });
    expect(booked.status).toBe("SCHEDULED");
    expect(await db.careTeamMember.count({ where: { patientId: patient.id, clinicianId: clinician.id } })).toBe(1);
  });
});

describe("clinic hours: bookings outside them are refused", () => {
  // The built-in clinic day: Monday to Friday, 08:00–18:00 in the clinician's zone.
  beforeEach(() => db.clinicSettings.deleteMany());
  afterEach(() => openClinicAroundTheClock(db));
  const monday = (hhmm: string) => new Date(`2027-03-01T${hhmm}:00Z`);
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
    );
  const HOURS = "The clinic books visits Mon–Fri 08:00–18:00 UTC (the clinician's time).";

  it("book: a time after closing, one running past closing, and a weekend are refused naming the hours; the last slot of the day books", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const caller = callerAs(clinician);
    for (const [scheduledStart, durationMinutes] of [
      [monday("18:00"), 20],
      [monday("17:50"), 20],
      [monday("07:50"), 20],
      [new Date("2027-03-06T10:00:00Z"), 20], // Saturday
    ] as const) {
      const refused = await failure(caller.consultations.book({ patientId: patient.id, scheduledStart, durationMinutes }));
      expect(refused).toMatchObject({ code: "BAD_REQUEST" });
      expect(refused!.message).toContain(HOURS);
    }
    expect(await db.consultation.count({ where: { clinicianId: clinician.id } })).toBe(0);
    expect(await db.visit.count({ where: { clinicianId: clinician.id } })).toBe(0);
    await expect(caller.consultations.book({ patientId: patient.id, scheduledStart: monday("17:40"), durationMinutes: 20 })).resolves.toMatchObject({
      status: "SCHEDULED",
    });
    await expect(caller.consultations.book({ patientId: patient.id, scheduledStart: monday("08:00"), durationMinutes: 20 })).resolves.toMatchObject({
      status: "SCHEDULED",
    });
  });

  it("the hours are the clinician's wall clock: 09:00 in Tokyo books, 19:00 in Tokyo is refused naming the zone", async () => {
    const clinician = await makeClinician();
    await db.user.update({ where: { id: clinician.id }, data: { timeZone: "Asia/Tokyo" } });
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const caller = callerAs(clinician);
    await expect(caller.consultations.book({ patientId: patient.id, scheduledStart: monday("00:00"), durationMinutes: 20 })).resolves.toMatchObject({
      status: "SCHEDULED",
    });
    const refused = await failure(caller.consultations.book({ patientId: patient.id, scheduledStart: monday("10:00"), durationMinutes: 20 }));
    expect(refused!.message).toContain("Mon–Fri 08:00–18:00 GMT+9");
  });

  it("the admin's hours apply: after they change to Mon, Wed, Sat 09:00–13:00 a Tuesday is refused and a Saturday books", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    await callerAs(await makeAdmin()).admin.updateClinicHours({ opens: "09:00", closes: "13:00", slotMinutes: 30, weekdays: [1, 3, 6] });
    const caller = callerAs(clinician);
    const refused = await failure(caller.consultations.book({ patientId: patient.id, scheduledStart: new Date("2027-03-02T10:00:00Z"), durationMinutes: 30 }));
    expect(refused!.message).toContain("The clinic books visits Mon, Wed, Sat 09:00–13:00 UTC");
    await expect(
      caller.consultations.book({ patientId: patient.id, scheduledStart: new Date("2027-03-06T12:30:00Z"), durationMinutes: 30 }),
    ).resolves.toMatchObject({ status: "SCHEDULED" });
  });

  it("reschedule: a new time outside the hours is refused and the booking keeps its time", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const caller = callerAs(clinician);
    const booked = await caller.consultations.book({ patientId: patient.id, scheduledStart: monday("10:00"), durationMinutes: 20 });
    const refused = await failure(caller.consultations.reschedule({ consultationId: booked.id, scheduledStart: new Date("2027-03-07T10:00:00Z") }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST" });
    expect(refused!.message).toContain(HOURS);
    expect((await db.consultation.findUniqueOrThrow({ where: { id: booked.id } })).scheduledStart).toEqual(monday("10:00"));
    await expect(caller.consultations.reschedule({ consultationId: booked.id, scheduledStart: monday("17:00") })).resolves.toMatchObject({
      status: "SCHEDULED",
    });
  });
});

describe("consultations.reschedule and cancel", () => {
  it("moves a consultation and its session to a new time", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const booked = await callerAs(clinician).consultations.book({ patientId: patient.id, scheduledStart: inMinutes(60), durationMinutes: 20 });
    const to = inMinutes(300);
    await expect(callerAs(clinician).consultations.reschedule({ consultationId: booked.id, scheduledStart: to })).resolves.toMatchObject({
      scheduledStart: to,
    });
    expect((await db.telemedicineSession.findUniqueOrThrow({ where: { id: booked.sessionId } })).scheduledStart).toEqual(to);
  });

  it("cancels with a reason, cancelling the unused session; another clinician cannot", async () => {
    const clinician = await makeClinician();
    const other = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const booked = await callerAs(clinician).consultations.book({ patientId: patient.id, scheduledStart: inMinutes(60), durationMinutes: 20 });
    await expect(callerAs(other).consultations.cancel({ consultationId: booked.id, reason: "not mine" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerAs(clinician).consultations.cancel({ consultationId: booked.id, reason: "no" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await callerAs(clinician).consultations.cancel({ consultationId: booked.id, reason: "Clinician unwell" });
    expect(await db.consultation.findUniqueOrThrow({ where: { id: booked.id } })).toMatchObject({ status: "CANCELLED", cancelReason: "Clinician unwell" });
    expect((await db.telemedicineSession.findUniqueOrThrow({ where: { id: booked.sessionId } })).status).toBe("CANCELLED");
    await expect(callerAs(clinician).consultations.reschedule({ consultationId: booked.id, scheduledStart: inMinutes(90) })).rejects.toMatchObject({
      cause: { reason: "not_reschedulable" },
    });
  });
});

describe("no-shows", () => {
  it("marks a consultation no-show once its join window closes without the patient, and leaves attended ones alone", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const missed = await callerAs(clinician).consultations.book({ patientId: patient.id, scheduledStart: inMinutes(5), durationMinutes: 20 });
    const later = await callerAs(clinician).consultations.book({ patientId: patient.id, scheduledStart: inMinutes(60), durationMinutes: 20 });
    const { markNoShows } = await import("@/server/consultations/mark-no-shows");
    await markNoShows({ now: inMinutes(5 + 31) });
    expect((await db.consultation.findUniqueOrThrow({ where: { id: missed.id } })).status).toBe("NO_SHOW");
    expect((await db.telemedicineSession.findUniqueOrThrow({ where: { id: missed.sessionId } })).status).toBe("CANCELLED");
    expect((await db.consultation.findUniqueOrThrow({ where: { id: later.id } })).status).toBe("SCHEDULED");
  });

  it("frees the rest of a no-show's slot: once marked, the clinician can book into the time it held", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const caller = callerAs(clinician);
    const start = inMinutes(2);
    await caller.consultations.book({ patientId: patient.id, scheduledStart: start, durationMinutes: 60 });
    const rest = new Date(start.getTime() + 40 * 60_000);
    await expect(caller.consultations.book({ patientId: patient.id, scheduledStart: rest, durationMinutes: 15 })).rejects.toMatchObject({ code: "CONFLICT" });
    const { markNoShows } = await import("@/server/consultations/mark-no-shows");
    await markNoShows({ now: new Date(start.getTime() + 31 * 60_000) });
    await expect(caller.consultations.book({ patientId: patient.id, scheduledStart: rest, durationMinutes: 15 })).resolves.toMatchObject({
      status: "SCHEDULED",
    });
  });
});
