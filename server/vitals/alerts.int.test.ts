import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { env } from "@/env";
import { db } from "@/server/db";
import { callerAs, makeAdmin, makeClinician, makePatient } from "@/tests/helpers/factories";
import { resetDatabase } from "@/tests/db/reset";
import { DETERIORATED, makeDeviceToken, MEDIUM, NORMAL, postVitals, reading, recordRealtime } from "@/tests/helpers/vitals";
import { run as escalateAlerts } from "./escalate-alerts";
import { rendered, renderedAll } from "@/tests/helpers/emails";
import { describeAlert } from "@/lib/vitals/conditions";

const realtime = recordRealtime();
afterAll(() => realtime.restore());
beforeEach(() => realtime.clear());

async function setup() {
  const clinician = await makeClinician();
  const colleague = await makeClinician();
  const { patient, user } = await makePatient({ clinicianIds: [clinician.id, colleague.id] });
  const device = await makeDeviceToken(patient.id, clinician.id);
  const send = (values: Record<string, unknown>) => postVitals(device.token, reading(values));
  return { clinician, colleague, patient, user: user!, device, send };
}

const alertsOf = (patientId: string) => db.vitalAlert.findMany({ where: { patientId }, orderBy: { raisedAt: "asc" } });

describe("raising alerts", () => {
  it("raises one NEWS2 alert on a score of 5+, delivered to the patient channel and every responsible clinician", async () => {
    const { clinician, colleague, patient, send } = await setup();
    const res = await send(MEDIUM);
    expect(res.json.readings![0]!.alertsRaised).toEqual(["NEWS2_AGGREGATE"]);
    const [alert] = await alertsOf(patient.id);
    expect(alert).toMatchObject({ condition: "NEWS2_AGGREGATE", status: "OPEN", openKey: `${patient.id}:NEWS2_AGGREGATE`, news2Total: 5 });
    expect(realtime.named("vitals.alert.raised")).toEqual([
      expect.objectContaining({ channel: `private-patient-${patient.id}`, data: expect.objectContaining({ alertId: alert!.id, news2Total: 5 }) }),
    ]);
    expect(
      realtime
        .named("vitals.alert.updated")
        .map((e) => e.channel)
        .sort(),
    ).toEqual([`private-clinician-${clinician.id}`, `private-clinician-${colleague.id}`].sort());
    expect(await db.auditEvent.count({ where: { action: "vitals.alert.raise", entityId: alert!.id } })).toBe(1);
  });

  it("publishes the reading before the alert about it", async () => {
    const { send } = await setup();
    await send(DETERIORATED);
    expect(realtime.events.map((e) => e.name).slice(0, 2)).toEqual(["vitals.observation", "vitals.alert.raised"]);
  });

  it("raises a single-parameter alert for a lone 3, and not on top of an aggregate alert", async () => {
    const { patient, send } = await setup();
    await send({ ...NORMAL, respiratoryRate: 26 });
    expect((await alertsOf(patient.id)).map((a) => [a.condition, (a.detail as { parameters: string[] }).parameters])).toEqual([
      ["NEWS2_SINGLE_PARAMETER", ["respiratoryRate"]],
    ]);
    const other = await setup();
    await other.send(DETERIORATED); // includes two 3s, but NEWS2 8
    expect((await alertsOf(other.patient.id)).map((a) => a.condition)).toEqual(["NEWS2_AGGREGATE"]);
  });

  it("raises a patient-specific threshold alert set by the clinician", async () => {
    const { clinician, patient, send } = await setup();
    await callerAs(clinician).vitals.thresholds.set({ patientId: patient.id, parameter: "heartRate", min: 50, max: 100 });
    await send({ ...NORMAL, heartRate: 104 });
    const [alert] = await alertsOf(patient.id);
    expect(alert).toMatchObject({ condition: "THRESHOLD:heartRate" });
    expect(alert!.detail).toMatchObject({ value: 104, min: 50, max: 100, parameters: ["heartRate"] });
  });

  it("keeps one open alert per condition while readings keep triggering it (no storm)", async () => {
    const { patient, send } = await setup();
    await send(MEDIUM);
    realtime.clear();
    await send(DETERIORATED);
    await send(DETERIORATED);
    const alerts = await alertsOf(patient.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.news2Total).toBe(8); // the worst seen while open
    expect(alerts[0]!.lastTriggeredAt.getTime()).toBeGreaterThan(alerts[0]!.raisedAt.getTime());
    expect(realtime.named("vitals.alert.raised")).toEqual([]);
  });

  it("raises exactly one alert when triggering readings arrive at the same moment", async () => {
    const { patient, send } = await setup();
    await Promise.all(Array.from({ length: 8 }, () => send(DETERIORATED)));
    expect(await db.vitalAlert.count({ where: { patientId: patient.id, status: "OPEN" } })).toBe(1);
  });

  it("raises for a batch once, on the first reading that triggers", async () => {
    const { patient, device } = await setup();
    const res = await postVitals(device.token, { readings: [reading(NORMAL, 3000), reading(MEDIUM, 2000), reading(DETERIORATED, 1000)] });
    expect(res.json.readings!.map((r) => r.alertsRaised)).toEqual([[], ["NEWS2_AGGREGATE"], []]);
    const alerts = await alertsOf(patient.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.observationId).toBe(res.json.readings![1]!.id);
    expect(alerts[0]!.news2Total).toBe(8);
  });
});

describe("acknowledging alerts", () => {
  it("records who acknowledged it, when and why, and clears it for everyone", async () => {
    const { clinician, colleague, patient, send } = await setup();
    await send(MEDIUM);
    const [alert] = await alertsOf(patient.id);
    realtime.clear();
    const acked = await callerAs(clinician).vitals.alerts.acknowledge({ alertId: alert!.id, note: "Called the patient, ambulance on its way" });
    expect(acked).toMatchObject({ status: "ACKNOWLEDGED", acknowledgeNote: "Called the patient, ambulance on its way", acknowledgedBy: { id: clinician.id } });
    const row = await db.vitalAlert.findUniqueOrThrow({ where: { id: alert!.id } });
    expect(row).toMatchObject({ status: "ACKNOWLEDGED", openKey: null, acknowledgedById: clinician.id });
    expect(row.acknowledgedAt).not.toBeNull();
    expect(realtime.named("vitals.alert.acknowledged")).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ alertId: alert!.id, by: clinician.id }) }),
    ]);
    expect(realtime.named("vitals.alert.updated").map((e) => e.channel)).toContain(`private-clinician-${colleague.id}`);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "vitals.alert.acknowledge", entityId: alert!.id } });
    expect(JSON.stringify(audit.metadata)).not.toContain("ambulance");
    expect(await callerAs(clinician).vitals.alerts.list({})).not.toContainEqual(expect.objectContaining({ id: alert!.id }));
  });

  it("tells the second clinician who acknowledged it first", async () => {
    const { clinician, colleague, patient, send } = await setup();
    await send(MEDIUM);
    const [alert] = await alertsOf(patient.id);
    await callerAs(clinician).vitals.alerts.acknowledge({ alertId: alert!.id });
    await expect(callerAs(colleague).vitals.alerts.acknowledge({ alertId: alert!.id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining(clinician.name!),
    });
  });

  it("lets only a clinician who may see the patient acknowledge (others: NOT_FOUND or FORBIDDEN)", async () => {
    const { patient, user, send } = await setup();
    await send(MEDIUM);
    const [alert] = await alertsOf(patient.id);
    const outsider = await makeClinician();
    const missing = await callerAs(outsider)
      .vitals.alerts.acknowledge({ alertId: "missing-alert" })
      .catch((e: unknown) => e);
    await expect(callerAs(outsider).vitals.alerts.acknowledge({ alertId: alert!.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: (missing as Error).message,
    });
    await expect(callerAs(user).vitals.alerts.acknowledge({ alertId: alert!.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(await makeAdmin()).vitals.alerts.acknowledge({ alertId: alert!.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await db.vitalAlert.findUniqueOrThrow({ where: { id: alert!.id } })).status).toBe("OPEN");
    expect(await db.auditEvent.count({ where: { actorId: outsider.id, entityId: alert!.id, outcome: "DENIED" } })).toBe(1);
  });

  it("does not raise again while the acknowledged condition persists, but does once it recurs after clearing", async () => {
    const { clinician, patient, send } = await setup();
    await send(MEDIUM);
    const [first] = await alertsOf(patient.id);
    await callerAs(clinician).vitals.alerts.acknowledge({ alertId: first!.id });
    await send(MEDIUM);
    await send({ heartRate: 72 }); // incomplete: says nothing about the aggregate
    await send(MEDIUM);
    expect(await alertsOf(patient.id)).toHaveLength(1);

    await send(NORMAL); // a complete set below 5: the condition has gone
    await send(MEDIUM);
    const alerts = await alertsOf(patient.id);
    expect(alerts.map((a) => a.status)).toEqual(["ACKNOWLEDGED", "OPEN"]);
  });

  it("raises again after acknowledgement when the patient gets worse (medium → high)", async () => {
    const { clinician, patient, send } = await setup();
    await send(MEDIUM);
    const [first] = await alertsOf(patient.id);
    await callerAs(clinician).vitals.alerts.acknowledge({ alertId: first!.id });
    await send(DETERIORATED);
    expect((await alertsOf(patient.id)).map((a) => [a.status, a.news2Total])).toEqual([
      ["ACKNOWLEDGED", 5],
      ["OPEN", 8],
    ]);
  });
});

describe("escalation (controlled clock)", () => {
  beforeEach(async () => {
    // The job looks at every open alert; start from an empty database.
    await resetDatabase(env.DATABASE_URL!);
  });

  it("emails the responsible clinicians once the alert has been open for ALERT_ESCALATION_MINUTES, once", async () => {
    const { clinician, colleague, patient, send } = await setup();
    await send(MEDIUM);
    const [alert] = await alertsOf(patient.id);
    const raised = alert!.raisedAt.getTime();

    expect(await escalateAlerts({ now: new Date(raised + 5 * 60_000 - 1) })).toEqual({ escalated: 0, emailsQueued: 0 });
    expect(await escalateAlerts({ now: new Date(raised + 5 * 60_000) })).toEqual({ escalated: 1, emailsQueued: 2 });
    expect(await escalateAlerts({ now: new Date(raised + 6 * 60_000) })).toEqual({ escalated: 0, emailsQueued: 0 });

    const emails = await renderedAll(db.emailMessage.findMany({ where: { template: "vitals-alert-escalation" } }));
    expect(emails.map((e) => e.to).sort()).toEqual([clinician.email, colleague.email].sort());
    expect(emails[0]!.subject).toContain(patient.mrn);
    expect(emails[0]!.html).toContain(`/clinician/patients/${patient.id}/vitals`);
    expect(emails[0]!.text).not.toContain(patient.familyName);
    expect(await db.vitalAlert.findUniqueOrThrow({ where: { id: alert!.id } })).toMatchObject({
      escalationCount: 1,
      escalatedAt: new Date(raised + 5 * 60_000),
    });
    expect(await db.auditEvent.count({ where: { action: "vitals.alert.escalate", entityId: alert!.id } })).toBe(1);
  });

  it("brings in administrators on the second reminder, and stops once acknowledged", async () => {
    const { clinician, patient, send } = await setup();
    const admin = await makeAdmin();
    await send(DETERIORATED);
    const [alert] = await alertsOf(patient.id);
    const raised = alert!.raisedAt.getTime();
    await escalateAlerts({ now: new Date(raised + 5 * 60_000) });
    expect(await escalateAlerts({ now: new Date(raised + 10 * 60_000) })).toEqual({ escalated: 1, emailsQueued: 3 });
    expect(await db.emailMessage.count({ where: { to: admin.email } })).toBe(1);

    await callerAs(clinician).vitals.alerts.acknowledge({ alertId: alert!.id });
    expect(await escalateAlerts({ now: new Date(raised + 60 * 60_000) })).toEqual({ escalated: 0, emailsQueued: 0 });
  });

  it("escalates to administrators straight away when no clinician answers for the patient", async () => {
    const admin = await makeAdmin();
    const { patient } = await makePatient();
    const device = await makeDeviceToken(patient.id, admin.id);
    await postVitals(device.token, reading(MEDIUM));
    const [alert] = await alertsOf(patient.id);
    expect(await escalateAlerts({ now: new Date(alert!.raisedAt.getTime() + 5 * 60_000) })).toEqual({ escalated: 1, emailsQueued: 1 });
    const email = await rendered(db.emailMessage.findFirstOrThrow({ where: { to: admin.email } }));
    expect(email.html).not.toContain("/clinician/patients/");
  });

  it("sends only the latest overdue reminder after downtime, and never more than three in all", async () => {
    const { patient, send } = await setup();
    await send(MEDIUM);
    const [alert] = await alertsOf(patient.id);
    const raised = alert!.raisedAt.getTime();
    expect(await escalateAlerts({ now: new Date(raised + 12 * 60_000) })).toEqual({ escalated: 1, emailsQueued: 2 });
    expect((await db.vitalAlert.findUniqueOrThrow({ where: { id: alert!.id } })).escalationCount).toBe(2);
    expect(await escalateAlerts({ now: new Date(raised + 24 * 60 * 60_000) })).toEqual({ escalated: 1, emailsQueued: 2 });
    expect(await escalateAlerts({ now: new Date(raised + 48 * 60 * 60_000) })).toEqual({ escalated: 0, emailsQueued: 0 });
    expect((await db.vitalAlert.findUniqueOrThrow({ where: { id: alert!.id } })).escalationCount).toBe(3);
  });
});

describe("escalation re-alerts after acknowledgement", () => {
  it("raises a new alert, titled with its band and score, when an acknowledged NEWS2 11 patient reaches 14 with new 3s", async () => {
    const { clinician, patient, send } = await setup();
    await send({ ...NORMAL, respiratoryRate: 26, heartRate: 135, systolicBp: 95, temperature: 39.2, spo2: 95 }); // NEWS2 11
    const [first] = await alertsOf(patient.id);
    expect(first).toMatchObject({ condition: "NEWS2_AGGREGATE", news2Total: 11 });
    await callerAs(clinician).vitals.alerts.acknowledge({ alertId: first!.id });
    realtime.clear();

    // Unchanged: the clinician already knows.
    await send({ ...NORMAL, respiratoryRate: 26, heartRate: 135, systolicBp: 95, temperature: 39.2, spo2: 95 });
    expect(await alertsOf(patient.id)).toHaveLength(1);

    const res = await send({ ...NORMAL, respiratoryRate: 26, heartRate: 138, systolicBp: 82, temperature: 39.2, spo2: 91 }); // NEWS2 14
    expect(res.json.readings![0]!.alertsRaised).toEqual(["NEWS2_AGGREGATE"]);
    const alerts = await alertsOf(patient.id);
    expect(alerts.map((a) => [a.status, a.news2Total])).toEqual([
      ["ACKNOWLEDGED", 11],
      ["OPEN", 14],
    ]);
    const toClinician = realtime
      .named("vitals.alert.updated")
      .filter((e) => e.channel === `private-clinician-${clinician.id}` && (e.data as { status: string }).status === "OPEN");
    expect(toClinician).toEqual([
      expect.objectContaining({
        channel: `private-clinician-${clinician.id}`,
        data: expect.objectContaining({ alertId: alerts[1]!.id, status: "OPEN", news2Total: 14 }),
      }),
    ]);
    const open = await callerAs(clinician).vitals.alerts.list({ patientId: patient.id });
    expect(open.filter((a) => a.status === "OPEN").map((a) => describeAlert(a.condition, a.news2Total))).toEqual([
      "NEWS2 14 — high clinical risk: emergency response",
    ]);
  });
});
