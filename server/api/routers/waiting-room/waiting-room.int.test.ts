import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { bookedConsultation, callerAs, makePatient } from "@/tests/helpers/factories";
import { recordRealtime } from "@/tests/helpers/vitals";

const realtime = recordRealtime();
afterAll(() => realtime.restore());
beforeAll(() => realtime.clear());

// Announcements go out after the commit, from a query of their own: wait for them (a fixed
// 50 ms pause failed whenever the machine was busy running other test files).
const announced = (event: string, channels: string[]) =>
  vi.waitFor(() => expect(realtime.named(event).map((e) => e.channel)).toEqual(channels), { timeout: 5_000, interval: 20 });

describe("waiting room: the clinician's status, running late and messages to the clinic", () => {
  it("a waiting patient sees 'finishing another visit — about N min' while the clinician is in another visit, live, naming no other patient", async () => {
    const { clinician, patientUser, booking } = await bookedConsultation({
      startInMinutes: 1,
    });
    const doc = callerAs(clinician);
    const pat = callerAs(patientUser);
    await pat.sessions.arrive({ sessionId: booking.sessionId });
    expect(await pat.waitingRoom.status({ sessionId: booking.sessionId })).toMatchObject({ state: "before_time", minutes: 1 });

    // The clinician starts an ad-hoc visit with another patient (no booked length: 15 min).
    const { patient: other } = await makePatient({
      clinicianIds: [clinician.id],
      given: "Secret",
      family: "Otherpatient",
    });
    const visit = await db.visit.create({
      data: {
        patientId: other.id,
        clinicianId: clinician.id,
        chiefComplaint: "Private matter",
      },
    });
    const adhoc = await doc.sessions.create({ visitId: visit.id });
    realtime.clear();
    await doc.sessions.start({ sessionId: adhoc.id });
    await announced("waiting.updated", [`private-session-${booking.sessionId}`]);
    const busy = await pat.waitingRoom.status({ sessionId: booking.sessionId });
    expect(busy).toMatchObject({ state: "with_another_patient", minutes: 15 });
    expect(JSON.stringify(busy)).not.toMatch(/Secret|Private matter/);

    // Ending it tells this waiting room to look again: the clinician is free.
    realtime.clear();
    await doc.sessions.end({ sessionId: adhoc.id, addToBill: false });
    await announced("waiting.updated", [`private-session-${booking.sessionId}`]);
    expect((await pat.waitingRoom.status({ sessionId: booking.sessionId })).state).toBe("before_time");
  });

  it("a patient arriving twice at once (a double tap, a second tab) is announced to the clinician once, and both arrivals succeed", async () => {
    const { clinician, patientUser, booking } = await bookedConsultation({ startInMinutes: 1 });
    const pat = callerAs(patientUser);
    realtime.clear();
    const answers = await Promise.all(Array.from({ length: 6 }, () => pat.sessions.arrive({ sessionId: booking.sessionId })));
    expect(answers).toEqual(Array.from({ length: 6 }, () => ({ status: "SCHEDULED", admitted: false })));
    await announced("waiting.arrived", [`private-clinician-${clinician.id}`]);
    // Give a second announcement (from another arrival's commit) time to show up, then count.
    await new Promise((r) => setTimeout(r, 300));
    expect(realtime.named("waiting.arrived")).toHaveLength(1);
    const rows = await db.sessionParticipant.findMany({ where: { sessionId: booking.sessionId, userId: patientUser.id } });
    expect(rows).toHaveLength(1);
  });

  it("the clinician's 'running late' reaches the waiting room live, is audited, and is refused once the visit started", async () => {
    const { clinician, patientUser, booking, patient } = await bookedConsultation({ startInMinutes: 1 });
    const doc = callerAs(clinician);
    const pat = callerAs(patientUser);
    await pat.sessions.arrive({ sessionId: booking.sessionId });
    realtime.clear();
    const sent = await doc.waitingRoom.runningLate({
      sessionId: booking.sessionId,
      minutes: 10,
    });
    expect(sent.minutes).toBe(10);
    await announced("waiting.updated", [`private-session-${booking.sessionId}`]);
    const status = await pat.waitingRoom.status({
      sessionId: booking.sessionId,
    });
    expect(status).toMatchObject({
      state: "running_late",
      minutes: 10,
      late: { minutes: 10 },
    });
    // The event carries what the status query answers, so the waiting screen need not fetch it.
    const [event] = realtime.named("waiting.updated");
    expect(event?.data).toEqual({
      sessionId: booking.sessionId,
      at: sent.sentAt.toISOString(),
      status: {
        state: status.state,
        expectedAt: status.expectedAt?.toISOString() ?? null,
        minutes: status.minutes,
        late: { sentAt: sent.sentAt.toISOString(), minutes: 10, until: sent.until.toISOString() },
      },
    });
    expect(
      await db.auditEvent.count({
        where: {
          action: "session.running_late",
          patientId: patient.id,
          actorId: clinician.id,
        },
      }),
    ).toBe(1);

    await expect(
      doc.waitingRoom.runningLate({
        sessionId: booking.sessionId,
        minutes: 7 as 5,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(pat.waitingRoom.runningLate({ sessionId: booking.sessionId, minutes: 5 })).rejects.toMatchObject({ code: "FORBIDDEN" });

    await doc.sessions.start({ sessionId: booking.sessionId });
    await expect(doc.waitingRoom.runningLate({ sessionId: booking.sessionId, minutes: 5 })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("a waiting patient's message is stored, audited, announced to the clinician and listed where they see the waiting patient", async () => {
    const { clinician, patientUser, booking, patient } = await bookedConsultation({ startInMinutes: 1 });
    const doc = callerAs(clinician);
    const pat = callerAs(patientUser);
    await expect(pat.waitingRoom.message({ sessionId: booking.sessionId, body: "hello" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await pat.sessions.arrive({ sessionId: booking.sessionId });
    realtime.clear();
    const msg = await pat.waitingRoom.message({
      sessionId: booking.sessionId,
      body: "  I can only do audio today  ",
    });
    expect(msg.body).toBe("I can only do audio today");
    await vi.waitFor(() => expect(realtime.named("waiting.message").length).toBeGreaterThan(0), { timeout: 5_000, interval: 20 });
    const [event] = realtime.named("waiting.message");
    expect(event).toMatchObject({
      channel: `private-clinician-${clinician.id}`,
      data: { sessionId: booking.sessionId, noticeId: msg.id },
    });
    expect(JSON.stringify(event)).not.toContain("audio today");
    expect(
      await db.auditEvent.count({
        where: {
          action: "session.waiting_message",
          patientId: patient.id,
          entityId: msg.id,
        },
      }),
    ).toBe(1);

    const list = await doc.waitingRoom.list();
    const mine = list.find((s) => s.sessionId === booking.sessionId)!;
    expect(mine.waiting.map((w) => w.role)).toEqual(["PATIENT"]);
    expect(mine.messages.map((m) => m.body)).toEqual(["I can only do audio today"]);
    expect(
      await db.auditEvent.count({
        where: {
          action: "session.waiting_message.read",
          patientId: patient.id,
          actorId: clinician.id,
        },
      }),
    ).toBe(1);

    // Another clinician sees none of it; once admitted the patient is no longer listed.
    const { clinician: stranger } = await bookedConsultation({
      startInMinutes: 1,
    });
    expect((await callerAs(stranger).waitingRoom.list()).some((s) => s.sessionId === booking.sessionId)).toBe(false);
    await expect(callerAs(stranger).waitingRoom.status({ sessionId: booking.sessionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await doc.sessions.start({ sessionId: booking.sessionId });
    expect((await doc.waitingRoom.list()).some((s) => s.sessionId === booking.sessionId)).toBe(false);
  });

  it("ten messages per person, then a clear refusal", async () => {
    const { patientUser, booking } = await bookedConsultation({
      startInMinutes: 1,
    });
    const pat = callerAs(patientUser);
    await pat.sessions.arrive({ sessionId: booking.sessionId });
    for (let i = 0; i < 10; i++)
      await pat.waitingRoom.message({
        sessionId: booking.sessionId,
        body: `m${i}`,
      });
    await expect(
      pat.waitingRoom.message({
        sessionId: booking.sessionId,
        body: "one more",
      }),
    ).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });
});
