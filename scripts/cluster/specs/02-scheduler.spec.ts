// Both instances run the in-process scheduler on the same database. Each scheduled job
// must run once per due time across the cluster: a reminder is delivered once, an
// escalation step emails each recipient once.
import { expect, test } from "@playwright/test";
import { appOrigin, clinicianWithPatient, database, postReading, reading, DETERIORATED } from "./fixtures";
import { emailsTo } from "./emails";

test("reminder emails: each due reminder is delivered exactly once although both instances run the scheduler", async () => {
  test.setTimeout(240_000);
  const db = database();
  const people = await Promise.all(Array.from({ length: 8 }, () => clinicianWithPatient()));
  const start = new Date(Date.now() + 10 * 60_000);
  for (const { clinician, patient, visit } of people) {
    await db.consultation.create({
      data: {
        clinicianId: clinician.id,
        patientId: patient.id,
        visitId: visit.id,
        scheduledStart: start,
        scheduledEnd: new Date(start.getTime() + 20 * 60_000),
        durationMinutes: 20,
        createdById: clinician.id,
      },
    });
  }
  // The reminder job runs every minute (whichever instance takes its lease), delivery every 5 s.
  await expect
    .poll(() => people.every(({ patientUser }) => emailsTo(patientUser.email).some((e) => e.delivered)), { timeout: 150_000, intervals: [2_000] })
    .toBe(true);
  // Two more scheduler rounds on both instances: nothing may be sent again.
  await new Promise((r) => setTimeout(r, 15_000));
  const perPatient = people.map(({ patientUser }) => emailsTo(patientUser.email));
  const delivered = perPatient.map((list) => list.filter((e) => e.delivered).length);
  const requests = perPatient.reduce((n, list) => n + list.length, 0);
  const summary = `${people.length} consultations due for the 15-minute reminder: ${delivered.reduce((a, b) => a + b, 0)} reminder emails delivered (per patient: ${delivered.join(",")}), ${requests} send requests`;
  console.log(`cluster: ${summary}`);
  test.info().annotations.push({ type: "reminders", description: summary });
  expect(delivered).toEqual(people.map(() => 1));
  const rows = await db.consultation.findMany({ where: { patientId: { in: people.map((p) => p.patient.id) } }, select: { reminder15mAt: true } });
  expect(rows.every((r) => r.reminder15mAt !== null)).toBe(true);
});

test("alert escalation: one email per recipient per escalation step across both instances", async () => {
  test.setTimeout(240_000);
  const db = database();
  const { clinician, patient, deviceToken } = await clinicianWithPatient();
  const res = await postReading(appOrigin("lb"), deviceToken, { readings: [reading(DETERIORATED)] });
  expect(res.status).toBe(201);
  const alert = await db.vitalAlert.findFirstOrThrow({ where: { patientId: patient.id, status: "OPEN" } });
  // Steps are ALERT_ESCALATION_MINUTES = 1 apart. Backdate the alert so step 1 is due now
  // (the test's only shortcut: the clock, not the scheduler).
  await db.vitalAlert.update({ where: { id: alert.id }, data: { raisedAt: new Date(Date.now() - 65_000) } });
  await expect
    .poll(async () => (await db.vitalAlert.findUniqueOrThrow({ where: { id: alert.id } })).escalationCount, { timeout: 90_000, intervals: [1_000] })
    .toBe(1);
  await expect
    .poll(async () => (await db.vitalAlert.findUniqueOrThrow({ where: { id: alert.id } })).escalationCount, { timeout: 100_000, intervals: [1_000] })
    .toBe(2);
  // Let delivery and a few more rounds of both schedulers pass.
  await new Promise((r) => setTimeout(r, 12_000));
  const mails = emailsTo(clinician.email);
  const delivered = mails.filter((e) => e.delivered);
  const summary = `alert escalated to step 2: ${delivered.length} escalation emails delivered to the clinician (${mails.length} send requests)`;
  console.log(`cluster: ${summary}`);
  test.info().annotations.push({ type: "escalation", description: summary });
  expect(delivered).toHaveLength(2);
});
