// The clinic's hours as an admin setting: free slots and the booking dialog's default length
// follow it; only admins read or change it; every change is audited.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { callerAs, makeAdmin, makeClinician, makePatient } from "@/tests/helpers/factories";
import { resetDatabase } from "@/tests/db/reset";

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as { code: string; message: string; cause?: unknown; shape?: { data?: { issues?: { path: string; message: string }[] } } },
  );

// The settings row is one per clinic: these tests start from the built-in day (not the
// harness's round-the-clock clinic) and leave the harness's row behind for the next file.
beforeEach(() => db.clinicSettings.deleteMany());
afterEach(() => resetDatabase(db));

describe("clinic hours (admin setting)", () => {
  it("an admin changes the hours, slot length and days; the clinician's free slots follow, and the change is audited", async () => {
    const admin = await makeAdmin();
    const clinician = await makeClinician();
    await makePatient({ clinicianIds: [clinician.id] });
    const from = new Date("2027-03-01T12:00:00Z"); // a Monday; the clinician's zone is UTC

    const builtIn = await callerAs(admin).admin.clinicHours();
    expect(builtIn).toMatchObject({ opens: "08:00", closes: "18:00", slotMinutes: 20, weekdays: [1, 2, 3, 4, 5], customised: false });
    const before = await callerAs(clinician).consultations.slots({ from, days: 7 });
    expect(before.days[0]!.slots).toHaveLength(30);
    expect(before.days[5]!.open).toBe(false); // Saturday

    const saved = await callerAs(admin).admin.updateClinicHours({ opens: "09:30", closes: "12:30", slotMinutes: 30, weekdays: [6, 2, 1] });
    expect(saved).toMatchObject({ opens: "09:30", closes: "12:30", slotMinutes: 30, weekdays: [1, 2, 6], customised: true });

    const after = await callerAs(clinician).consultations.slots({ from, days: 7 });
    expect(after.slotMinutes).toBe(30);
    expect(after.days.map((d) => d.open)).toEqual([true, true, false, false, false, true, false]);
    expect(after.days[0]!.slots.map((s) => s.start.toISOString().slice(11, 16))).toEqual(["09:30", "10:00", "10:30", "11:00", "11:30", "12:00"]);
    expect(after.nextFree!.end.getTime() - after.nextFree!.start.getTime()).toBe(30 * 60_000);

    const audit = await db.auditEvent.findMany({ where: { action: "clinic.hours.update", actorId: admin.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, entityType: "ClinicSettings", outcome: "SUCCESS" });
    expect(audit[0]!.metadata).toEqual({ before: "Mon,Tue,Wed,Thu,Fri 08:00–18:00 / 20 min", after: "Mon,Tue,Sat 09:30–12:30 / 30 min" });
  });

  it("a clinician or patient can neither read nor change the hours (403, nothing written)", async () => {
    const clinician = await makeClinician();
    const { user } = await makePatient({ clinicianIds: [clinician.id] });
    for (const who of [clinician, user!]) {
      expect(await failure(callerAs(who).admin.clinicHours())).toMatchObject({ code: "FORBIDDEN" });
      expect(
        await failure(callerAs(who).admin.updateClinicHours({ opens: "07:00", closes: "19:00", slotMinutes: 15, weekdays: [1, 2, 3, 4, 5, 6, 0] })),
      ).toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await db.clinicSettings.count()).toBe(0);
  });

  it("refuses hours that make no day: closing before opening, a slot longer than the day, no open day — 400 naming the field", async () => {
    const admin = await makeAdmin();
    const cases = [
      [{ opens: "18:00", closes: "08:00", slotMinutes: 20, weekdays: [1] }, "closes", /close after it opens/],
      [{ opens: "08:00", closes: "08:30", slotMinutes: 45, weekdays: [1] }, "slotMinutes", /fit between opening and closing/],
      [{ opens: "08:00", closes: "18:00", slotMinutes: 20, weekdays: [] }, "weekdays", /at least one day/],
      [{ opens: "8am", closes: "18:00", slotMinutes: 20, weekdays: [1] }, "opens", /HH:MM/],
      [{ opens: "08:00", closes: "18:00", slotMinutes: 2, weekdays: [1] }, "slotMinutes", /at least 5 minutes/],
    ] as const;
    for (const [input, field, message] of cases) {
      const err = await failure(callerAs(admin).admin.updateClinicHours(input as never));
      expect(err, JSON.stringify(input)).toMatchObject({ code: "BAD_REQUEST" });
      const issues = (err!.cause as { issues?: { path: (string | number)[]; message: string }[] } | undefined)?.issues ?? [];
      expect(
        issues.some((i) => i.path[0] === field && message.test(i.message)),
        JSON.stringify(issues),
      ).toBe(true);
    }
    expect(await db.clinicSettings.count()).toBe(0);
  });

  it("a settings row edited by hand into nonsense does not break booking: the built-in day applies", async () => {
    const clinician = await makeClinician();
    await db.clinicSettings.create({ data: { id: "clinic", opensMinute: 900, closesMinute: 60, slotMinutes: 0, weekdays: [] } });
    const week = await callerAs(clinician).consultations.slots({ from: new Date("2027-03-01T12:00:00Z"), days: 1 });
    expect(week.days[0]!.slots).toHaveLength(30);
  });
});
