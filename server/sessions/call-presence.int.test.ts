// One device per person and vanished connections, at the procedure boundary: a join that
// would take over another device's call is refused until confirmed ("Continue here?"), and a
// reported presence drop ends a connection only when the realtime server itself no longer
// lists the person (so no participant can end someone else's connection in the record).
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import type { Realtime } from "@/server/integrations/realtime";
import { callerAs, makeBookedConsultation } from "@/tests/helpers/factories";
import { recordRealtime } from "@/tests/helpers/vitals";

async function runningCall() {
  const { clinician, patientUser, session } = await makeBookedConsultation({ start: new Date(Date.now() + 2 * 60_000) });
  const now = new Date();
  await db.telemedicineSession.update({ where: { id: session.id }, data: { status: "IN_PROGRESS", startedAt: now } });
  await db.sessionParticipant.createMany({
    data: [
      { sessionId: session.id, userId: clinician.id, role: "CLINICIAN", displayName: "Dr Test", admittedAt: now },
      { sessionId: session.id, userId: patientUser.id, role: "PATIENT", displayName: "Pat Test", arrivedAt: now, admittedAt: now },
    ],
  });
  return { clinician, patientUser, sessionId: session.id, doc: callerAs(clinician), pat: callerAs(patientUser) };
}

const openStints = (sessionId: string, userId: string) =>
  db.participantStint.findMany({ where: { participant: { sessionId, userId }, leftAt: null }, select: { connectionId: true } });

let realtime: ReturnType<typeof recordRealtime> | null = null;
afterEach(() => {
  realtime?.restore();
  realtime = null;
});

/** The realtime server's own list of who is on the call's presence channel. */
function presenceIs(members: string[] | null) {
  realtime = recordRealtime();
  const holder = globalThis as unknown as { bedsideRealtime: Realtime };
  holder.bedsideRealtime.presenceMembers = async () => members;
}

describe("sessions.join: one device per person, asked first", () => {
  it("refuses a second device with open_elsewhere until confirmed, treats a reload of the same tab as the same device, and takes over on confirming", async () => {
    const { sessionId, pat, patientUser } = await runningCall();
    const phone = await pat.sessions.join({ sessionId, takeOver: false });

    // The laptop, asking: refused, nothing changed, the phone keeps the call.
    await expect(pat.sessions.join({ sessionId, takeOver: false })).rejects.toMatchObject({ code: "CONFLICT", cause: { reason: "open_elsewhere" } });
    expect(await openStints(sessionId, patientUser.id)).toEqual([{ connectionId: `app:${phone.stintId}` }]);

    // The phone reloading (its tab remembers its join): not another device.
    const reloaded = await pat.sessions.join({ sessionId, takeOver: false, previousStintId: phone.stintId });
    expect(await openStints(sessionId, patientUser.id)).toEqual([{ connectionId: `app:${reloaded.stintId}` }]);

    // The laptop, confirming "Continue here": takes over.
    const laptop = await pat.sessions.join({ sessionId, takeOver: true });
    expect(await openStints(sessionId, patientUser.id)).toEqual([{ connectionId: `app:${laptop.stintId}` }]);
  });
});

describe("sessions.reportPresenceDrop (P2P)", () => {
  it("ends the connection of someone the realtime server no longer lists, once, audited and announced", async () => {
    const { sessionId, doc, pat, clinician, patientUser } = await runningCall();
    await doc.sessions.join({ sessionId });
    await pat.sessions.join({ sessionId });
    // Joined a while ago: long enough to have subscribed.
    await db.participantStint.updateMany({ where: { participant: { sessionId } }, data: { joinedAt: new Date(Date.now() - 60_000) } });

    presenceIs([clinician.id]);
    await expect(doc.sessions.reportPresenceDrop({ sessionId, userId: patientUser.id })).resolves.toEqual({ ended: true, checked: true });
    expect(await openStints(sessionId, patientUser.id)).toEqual([]);
    expect(await openStints(sessionId, clinician.id)).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { action: "session.presence_drop", entityId: sessionId, actorId: clinician.id } })).toBe(1);
    expect(realtime!.named("participant.left").map((e) => (e.data as { userId: string }).userId)).toEqual([patientUser.id]);
    // A second report (the patient's other watchers) changes nothing more.
    await expect(doc.sessions.reportPresenceDrop({ sessionId, userId: patientUser.id })).resolves.toEqual({ ended: false, checked: true });
    expect(await db.auditEvent.count({ where: { action: "session.presence_drop", entityId: sessionId } })).toBe(1);
  });

  it("cannot be forged: a report about someone still present, or just joined, ends nothing; outsiders are told the session does not exist", async () => {
    const { sessionId, doc, pat, clinician, patientUser } = await runningCall();
    await doc.sessions.join({ sessionId });
    await pat.sessions.join({ sessionId });

    // The patient claims the clinician dropped; the realtime server still lists them.
    presenceIs([clinician.id, patientUser.id]);
    await expect(pat.sessions.reportPresenceDrop({ sessionId, userId: clinician.id })).resolves.toEqual({ ended: false, checked: true });
    expect(await openStints(sessionId, clinician.id)).toHaveLength(1);

    // Absent, but joined a moment ago (may not have subscribed yet): left alone.
    realtime?.restore();
    presenceIs([patientUser.id]);
    await expect(pat.sessions.reportPresenceDrop({ sessionId, userId: clinician.id })).resolves.toEqual({ ended: false, checked: true });
    expect(await openStints(sessionId, clinician.id)).toHaveLength(1);

    // The realtime server cannot be asked: nothing recorded, and the page is told to ask again.
    await db.participantStint.updateMany({ where: { participant: { sessionId } }, data: { joinedAt: new Date(Date.now() - 60_000) } });
    realtime?.restore();
    presenceIs(null);
    await expect(pat.sessions.reportPresenceDrop({ sessionId, userId: clinician.id })).resolves.toEqual({ ended: false, checked: false });
    expect(await openStints(sessionId, clinician.id)).toHaveLength(1);

    const other = await runningCall();
    await expect(other.doc.sessions.reportPresenceDrop({ sessionId, userId: patientUser.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.auditEvent.count({ where: { action: "session.presence_drop", entityId: sessionId, outcome: "SUCCESS" } })).toBe(0);
  });
});
