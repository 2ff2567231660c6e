import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { bookedConsultation, callerAs, makeAdmin, makeClinician, makePatient } from "@/tests/helpers/factories";

describe("visits", () => {
  it("lets a clinician open and close a visit for a patient in their care", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const visit = await callerAs(clinician).visits.open({ patientId: patient.id, chiefComplaint: "Cough" });
    expect(visit.status).toBe("OPEN");
    const listed = await callerAs(clinician).visits.list({ status: "OPEN" });
    expect(listed.items.map((v) => v.id)).toContain(visit.id);
    await expect(callerAs(clinician).visits.close({ visitId: visit.id })).resolves.toMatchObject({ status: "CLOSED" });
  });

  it("refuses to open a visit for someone else's patient, as if they did not exist", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient();
    await expect(callerAs(clinician).visits.open({ patientId: patient.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("will not close a visit while its session is running", async () => {
    const { clinician, booking } = await bookedConsultation();
    await callerAs(clinician).sessions.start({ sessionId: booking.sessionId });
    await expect(callerAs(clinician).visits.close({ visitId: booking.visitId })).rejects.toMatchObject({ cause: { reason: "session_running" } });
  });

  it("shows each visit only to its clinician, its patient and admins", async () => {
    const { clinician, patientUser, booking } = await bookedConsultation();
    const other = await makeClinician();
    const { user: otherPatient } = await makePatient();
    for (const who of [clinician, patientUser, await makeAdmin()]) {
      await expect(callerAs(who).visits.get({ visitId: booking.visitId })).resolves.toMatchObject({ id: booking.visitId });
    }
    for (const who of [other, otherPatient!]) {
      await expect(callerAs(who).visits.get({ visitId: booking.visitId })).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect((await callerAs(who).visits.list({})).items.map((v) => v.id)).not.toContain(booking.visitId);
    }
    expect(await db.auditEvent.count({ where: { actorId: other.id, entityId: booking.visitId, outcome: "DENIED" } })).toBe(1);
  });

  it("hides the MRN and clinical notes from the patient", async () => {
    const { clinician, patientUser, booking } = await bookedConsultation();
    await callerAs(clinician).sessions.start({ sessionId: booking.sessionId });
    await callerAs(clinician).sessions.end({ sessionId: booking.sessionId, notes: "Private note", addToBill: false });
    const mine = await callerAs(patientUser).visits.get({ visitId: booking.visitId });
    expect(mine.patient.mrn).toBeNull();
    expect(mine.sessions[0]?.notes).toBeNull();
    expect((await callerAs(clinician).visits.get({ visitId: booking.visitId })).sessions[0]?.notes).toBe("Private note");
  });
});
