import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { callerAs, makeAdmin, makeClinician, makeConsultation, makePatient } from "@/tests/helpers/factories";

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000);

describe("consultations.upcoming", () => {
  it("lists a clinician's own consultations in time order, not a colleague's", async () => {
    const clinician = await makeClinician();
    const colleague = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id, colleague.id] });
    const later = await makeConsultation({ clinicianId: clinician.id, patientId: patient.id, start: inMinutes(120) });
    const sooner = await makeConsultation({ clinicianId: clinician.id, patientId: patient.id, start: inMinutes(30) });
    const theirs = await makeConsultation({ clinicianId: colleague.id, patientId: patient.id, start: inMinutes(60) });

    const list = await callerAs(clinician).consultations.upcoming({ days: 7 });
    expect(list.map((c) => c.id)).toEqual([sooner.consultation.id, later.consultation.id]);
    expect(list.map((c) => c.id)).not.toContain(theirs.consultation.id);
    expect(await db.auditEvent.count({ where: { actorId: clinician.id, action: "consultation.list" } })).toBe(2);
  });

  it("shows a patient only their own consultations, with the clinician's name", async () => {
    const clinician = await makeClinician("Grace Hopper");
    const { patient, user } = await makePatient({ clinicianIds: [clinician.id] });
    const { patient: stranger } = await makePatient({ clinicianIds: [clinician.id] });
    const own = await makeConsultation({ clinicianId: clinician.id, patientId: patient.id, start: inMinutes(45) });
    await makeConsultation({ clinicianId: clinician.id, patientId: stranger.id, start: inMinutes(90) });

    const list = await callerAs(user!).consultations.upcoming({ days: 7 });
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
    const ids = (await callerAs(admin).consultations.upcoming({ days: 1 })).map((c) => c.id);
    expect(ids).not.toContain(cancelled.consultation.id);
    expect(ids).not.toContain(far.consultation.id);
  });

  it("refuses anonymous callers and out-of-range input", async () => {
    const clinician = await makeClinician();
    await expect(callerAs(null).consultations.upcoming({ days: 7 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(callerAs(clinician).consultations.upcoming({ days: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
