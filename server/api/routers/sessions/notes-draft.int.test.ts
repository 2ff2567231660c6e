import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { bookedConsultation, callerAs, makeClinician } from "@/tests/helpers/factories";

describe("sessions.notesDraft: the clinician's notes survive a reload during the call", () => {
  it("saves what the clinician typed and gives it back after a reload; End session turns it into the record's notes", async () => {
    const { clinician, booking, patient } = await bookedConsultation();
    const doc = callerAs(clinician);
    await doc.sessions.start({ sessionId: booking.sessionId });
    expect(await doc.sessions.notesDraft.get({ sessionId: booking.sessionId })).toEqual({ notes: "", savedAt: null });

    await doc.sessions.notesDraft.save({ sessionId: booking.sessionId, notes: "Cough for 3 days" });
    await doc.sessions.notesDraft.save({ sessionId: booking.sessionId, notes: "Cough for 3 days, no fever.\nBP 128/82" });

    // A reload: a new request reads the draft back.
    const restored = await callerAs(clinician).sessions.notesDraft.get({ sessionId: booking.sessionId });
    expect(restored).toMatchObject({ notes: "Cough for 3 days, no fever.\nBP 128/82", savedAt: expect.any(Date) });
    expect(await db.auditEvent.count({ where: { action: "session.notes_draft.save", entityId: booking.sessionId, patientId: patient.id } })).toBe(2);

    await doc.sessions.end({ sessionId: booking.sessionId, notes: restored.notes, addToBill: false });
    const ended = await db.telemedicineSession.findUniqueOrThrow({ where: { id: booking.sessionId } });
    expect(ended).toMatchObject({ notes: "Cough for 3 days, no fever.\nBP 128/82", notesDraft: null });
    await expect(doc.sessions.notesDraft.save({ sessionId: booking.sessionId, notes: "late" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("keeps the draft to the visit's clinician: another clinician gets NOT_FOUND, the patient FORBIDDEN", async () => {
    const { clinician, patientUser, booking } = await bookedConsultation();
    await callerAs(clinician).sessions.notesDraft.save({ sessionId: booking.sessionId, notes: "Private" });
    const other = callerAs(await makeClinician());
    await expect(other.sessions.notesDraft.get({ sessionId: booking.sessionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.sessions.notesDraft.save({ sessionId: booking.sessionId, notes: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerAs(patientUser).sessions.notesDraft.get({ sessionId: booking.sessionId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await db.telemedicineSession.findUniqueOrThrow({ where: { id: booking.sessionId } })).notesDraft).toBe("Private");
  });
});
