import { describe, expect, it, vi } from "vitest";

// No realtime server listens here (port 9 is discard, closed on loopback): sending must
// still succeed, the live delivery is best effort and retried in the background.
vi.hoisted(() => {
  process.env.PUSHER_HOST = "127.0.0.1";
  process.env.PUSHER_PORT = "9";
});

import { CHAT_BODY_MAX } from "@/lib/realtime/events";
import { db } from "@/server/db";
import { addParticipant, callerAs, makeAdmin, makeClinician, makePatient, makeVisitSession, makeUser, scopedCallerAs } from "@/tests/helpers/factories";

async function setup() {
  const clinician = await makeClinician("Amara Okafor");
  const { patient, user } = await makePatient({ clinicianIds: [clinician.id] });
  const { session } = await makeVisitSession({ clinicianId: clinician.id, patientId: patient.id, status: "IN_PROGRESS" });
  return { clinician, patient, patientUser: user!, session };
}

describe("chat.send", () => {
  it("stores the message on the session for each participant, audits it with ids only, and answers with the sender's session name", async () => {
    const { clinician, patient, patientUser, session } = await setup();
    const guest = await makeUser("GUEST");
    await addParticipant({ sessionId: session.id, userId: guest.id, role: "GUEST", displayName: "Ana (interpreter)" });

    const sent = await callerAs(patientUser).chat.send({ sessionId: session.id, body: "  I can hear you now  " });
    await callerAs(clinician).chat.send({ sessionId: session.id, body: "Good." });
    const fromGuest = await callerAs(guest).chat.send({ sessionId: session.id, body: "Translating." });

    expect(sent).toMatchObject({ sessionId: session.id, senderId: patientUser.id, senderName: patientUser.name, body: "I can hear you now" });
    expect(fromGuest.senderName).toBe("Ana (interpreter)");
    expect(await db.chatMessage.count({ where: { sessionId: session.id } })).toBe(3);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "chat.send", entityId: sent.id } });
    expect(audit).toMatchObject({ actorId: patientUser.id, outcome: "SUCCESS", patientId: patient.id, metadata: { sessionId: session.id } });
    expect(JSON.stringify(audit.metadata)).not.toContain("hear");
  });

  it("answers a clinician who is not on the session, another patient and an admin exactly like a missing session, auditing refusals", async () => {
    const { session } = await setup();
    const outsider = await makeClinician();
    const { user: otherPatient } = await makePatient();
    const admin = await makeAdmin();

    const missing = await callerAs(outsider)
      .chat.send({ sessionId: "cq1w2e3r4t5y6u7i8o9p0a1s", body: "hello" })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: "NOT_FOUND" });
    for (const who of [outsider, otherPatient!]) {
      await expect(callerAs(who).chat.send({ sessionId: session.id, body: "hello" })).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: (missing as Error).message,
      });
      expect(await db.auditEvent.count({ where: { actorId: who.id, action: "chat.send", outcome: "DENIED", entityId: session.id } })).toBe(1);
    }
    await expect(callerAs(admin).chat.send({ sessionId: session.id, body: "hello" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.chatMessage.count({ where: { sessionId: session.id } })).toBe(0);
  });

  it("keeps a join-link guest to their own session", async () => {
    const { session, clinician, patient } = await setup();
    const { session: other } = await makeVisitSession({ clinicianId: clinician.id, patientId: patient.id, status: "IN_PROGRESS" });
    const guest = await makeUser("GUEST");
    for (const s of [session, other]) await addParticipant({ sessionId: s.id, userId: guest.id, role: "GUEST", displayName: "Guest" });

    await expect(scopedCallerAs(guest, session.id).chat.send({ sessionId: session.id, body: "hi" })).resolves.toBeTruthy();
    await expect(scopedCallerAs(guest, session.id).chat.send({ sessionId: other.id, body: "hi" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("refuses messages once the session has ended", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient();
    for (const status of ["COMPLETED", "CANCELLED"] as const) {
      const { session } = await makeVisitSession({ clinicianId: clinician.id, patientId: patient.id, status });
      await expect(callerAs(clinician).chat.send({ sessionId: session.id, body: "late" })).rejects.toMatchObject({
        code: "PRECONDITION_FAILED",
        cause: { reason: "session_ended" },
      });
      expect(await db.chatMessage.count({ where: { sessionId: session.id } })).toBe(0);
    }
  });

  it("rejects an empty or overlong message naming the field", async () => {
    const { clinician, session } = await setup();
    for (const body of ["   ", "x".repeat(CHAT_BODY_MAX + 1)]) {
      await expect(callerAs(clinician).chat.send({ sessionId: session.id, body })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        cause: { issues: [expect.objectContaining({ path: ["body"] })] },
      });
    }
  });
});

describe("chat.list", () => {
  it("returns the session's chat oldest first to its participants and audits the read", async () => {
    const { clinician, patientUser, session, patient } = await setup();
    await callerAs(clinician).chat.send({ sessionId: session.id, body: "one" });
    await callerAs(patientUser).chat.send({ sessionId: session.id, body: "two" });

    const list = await callerAs(patientUser).chat.list({ sessionId: session.id });
    expect(list.map((m) => [m.body, m.senderName])).toEqual([
      ["one", "Amara Okafor"],
      ["two", patientUser.name],
    ]);
    expect(await db.auditEvent.count({ where: { actorId: patientUser.id, action: "chat.list", patientId: patient.id } })).toBe(1);
    await expect(callerAs(await makeClinician()).chat.list({ sessionId: session.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
