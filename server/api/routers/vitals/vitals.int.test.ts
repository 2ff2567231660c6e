import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { hashDeviceToken } from "@/server/vitals/device-token-secret";
import { callerAs, makeAdmin, makeClinician, makeConsultation, makePatient, makeUser } from "@/tests/helpers/factories";
import { pointsOf } from "@/lib/vitals/history-point";
import type { THistorySeries } from "@/server/api/routers/vitals/schemas";
import { DETERIORATED, makeDeviceToken, MEDIUM, NORMAL, postVitals, reading, recordRealtime } from "@/tests/helpers/vitals";

const realtime = recordRealtime();
afterAll(() => realtime.restore());
beforeEach(() => realtime.clear());

async function world() {
  const clinician = await makeClinician();
  const outsiderClinician = await makeClinician();
  const admin = await makeAdmin();
  const guest = await makeUser("GUEST");
  const { patient, user: patientUser } = await makePatient({ clinicianIds: [clinician.id] });
  const { patient: otherPatient, user: otherPatientUser } = await makePatient({ clinicianIds: [outsiderClinician.id] });
  const device = await makeDeviceToken(patient.id, clinician.id);
  await postVitals(device.token, reading(NORMAL, 60_000));
  await postVitals(device.token, reading(MEDIUM, 30_000));
  return { clinician, outsiderClinician, admin, guest, patient, patientUser: patientUser!, otherPatient, otherPatientUser: otherPatientUser!, device };
}

type World = Awaited<ReturnType<typeof world>>;

/** vitals.history's answer with its series as points, to assert on. */
const historyPoints = <H extends { series: THistorySeries }>(h: H) => ({ ...h, points: pointsOf(h.series) });
type User = World["clinician"];

/** Every read a vitals screen makes, by name, as `who`. */
const READS: Record<string, (who: User, patientId: string) => Promise<unknown>> = {
  "vitals.summary": (who, patientId) => callerAs(who).vitals.summary({ patientId }),
  "vitals.history": (who, patientId) => callerAs(who).vitals.history({ patientId, range: "24h" }),
  "vitals.devices.list": (who, patientId) => callerAs(who).vitals.devices.list({ patientId }),
  "vitals.requests.pending": (who, patientId) => callerAs(who).vitals.requests.pending({ patientId }),
};
const STAFF_READS: Record<string, (who: User, patientId: string) => Promise<unknown>> = {
  "vitals.alerts.list": (who, patientId) => callerAs(who).vitals.alerts.list({ patientId }),
  "vitals.thresholds.list": (who, patientId) => callerAs(who).vitals.thresholds.list({ patientId }),
};

describe("authorization of every vitals read", () => {
  it.each(Object.keys({ ...READS, ...STAFF_READS }))("%s: the care team and admins may read, and each read is audited", async (name) => {
    const w = await world();
    const read = READS[name] ?? STAFF_READS[name]!;
    for (const who of [w.clinician, w.admin]) {
      await read(who, w.patient.id);
      expect(await db.auditEvent.count({ where: { actorId: who.id, patientId: w.patient.id, outcome: "SUCCESS" } }), `${name} as ${who.role}`).toBeGreaterThan(
        0,
      );
    }
  });

  it.each(Object.keys(READS))("%s: the patient may read their own", async (name) => {
    const w = await world();
    await READS[name]!(w.patientUser, w.patient.id);
    expect(await db.auditEvent.count({ where: { actorId: w.patientUser.id, patientId: w.patient.id, outcome: "SUCCESS" } })).toBeGreaterThan(0);
  });

  it.each(Object.keys({ ...READS, ...STAFF_READS }))(
    "%s: another clinician, another patient and a guest get exactly what a missing patient gets, and the refusal is audited",
    async (name) => {
      const w = await world();
      const read = READS[name] ?? STAFF_READS[name]!;
      const missing = await read(w.outsiderClinician, "cmissingpatient0000000000").catch((e: unknown) => e);
      expect(missing).toMatchObject({ code: "NOT_FOUND" });
      for (const who of [w.outsiderClinician, w.otherPatientUser, w.guest]) {
        const error = await read(who, w.patient.id).catch((e: unknown) => e);
        // Staff-only reads refuse patients and guests by role before looking anything up.
        if (name in STAFF_READS && who.role !== "CLINICIAN") {
          expect(error, `${name} as ${who.role}`).toMatchObject({ code: "FORBIDDEN" });
          continue;
        }
        expect(error, `${name} as ${who.role}`).toMatchObject({ code: "NOT_FOUND", message: (missing as Error).message });
        expect(await db.auditEvent.count({ where: { actorId: who.id, patientId: w.patient.id, outcome: "DENIED" } })).toBeGreaterThan(0);
      }
      expect(
        await db.auditEvent.count({
          where: { actorId: { in: [w.outsiderClinician.id, w.otherPatientUser.id, w.guest.id] }, patientId: w.patient.id, outcome: "SUCCESS" },
        }),
      ).toBe(0);
    },
  );

  it("shows a clinician's alert inbox only their own patients' open alerts, naming each patient", async () => {
    const w = await world();
    const otherDevice = await makeDeviceToken(w.otherPatient.id, w.outsiderClinician.id);
    await postVitals(otherDevice.token, reading(DETERIORATED));
    const mine = await callerAs(w.clinician).vitals.alerts.list({});
    expect(mine.map((a) => a.patient.id)).toEqual([w.patient.id]);
    const theirs = await callerAs(w.outsiderClinician).vitals.alerts.list({});
    expect(theirs.map((a) => a.patient.id)).toEqual([w.otherPatient.id]);
    expect((await callerAs(w.admin).vitals.alerts.list({})).map((a) => a.patient.id)).toEqual(expect.arrayContaining([w.patient.id, w.otherPatient.id]));
    await expect(callerAs(w.patientUser).vitals.alerts.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("gives a patient their readings but not the staff's alert list in the summary", async () => {
    const w = await world();
    const asPatient = await callerAs(w.patientUser).vitals.summary({ patientId: w.patient.id });
    expect(asPatient.latest).toMatchObject({ news2Total: 5, news2Risk: "MEDIUM" });
    expect(asPatient.openAlerts).toEqual([]);
    const asClinician = await callerAs(w.clinician).vitals.summary({ patientId: w.patient.id });
    expect(asClinician.openAlerts).toHaveLength(1);
    expect(asClinician.seq).toBe(2);
  });
});

describe("vitals.summary and vitals.history", () => {
  it("reports the latest value of each parameter even when the last set was partial", async () => {
    const w = await world();
    await postVitals(w.device.token, reading({ heartRate: 99 }));
    const s = await callerAs(w.clinician).vitals.summary({ patientId: w.patient.id });
    expect(s.latest).toMatchObject({ heartRate: 99, news2Complete: false });
    expect(s.latestValues.heartRate).toMatchObject({ value: 99 });
    expect(s.latestValues.temperature).toMatchObject({ value: 38.5 });
    expect(s.latestValues.consciousness).toMatchObject({ value: "ALERT" });
  });

  it("returns readings in a range in time order, and draws long ranges as buckets of their lowest and highest readings", async () => {
    const w = await world();
    const readings = Array.from({ length: 40 }, (_, i) => reading({ heartRate: 60 + (i % 2) * 10, spo2: 96 }, (40 - i) * 60_000));
    await postVitals(w.device.token, { readings });
    const raw = historyPoints(await callerAs(w.clinician).vitals.history({ patientId: w.patient.id, range: "1h" }));
    expect(raw.bucketSeconds).toBeNull();
    expect(raw.points).toHaveLength(42);
    expect(raw.points.map((p) => p.observedAt.getTime())).toEqual([...raw.points.map((p) => p.observedAt.getTime())].sort((a, b) => a - b));

    const audited = await db.auditEvent.count({ where: { actorId: w.clinician.id, action: "vitals.history.read" } });
    const bucketed = historyPoints(await callerAs(w.clinician).vitals.history({ patientId: w.patient.id, range: "1h", maxPoints: 10 }));
    // 10 points: 5 intervals of 12 minutes, each a low and a high point.
    expect(bucketed.bucketSeconds).toBe(720);
    expect(bucketed.points.length).toBeLessThanOrEqual(10);
    expect(bucketed.points.map((p) => p.observedAt.getTime())).toEqual([...bucketed.points.map((p) => p.observedAt.getTime())].sort((a, b) => a - b));
    const lows = bucketed.points.filter((p) => (p.observedAt.getTime() - bucketed.from.getTime()) % 720_000 === 0);
    expect(lows.reduce((n, p) => n + p.count, 0)).toBe(42);
    // Heart rate alternated 60 / 70, and the world's deteriorating set had 115: every extreme
    // is drawn at its value, none averaged away.
    expect(new Set(bucketed.points.map((p) => p.heartRate).filter((v) => v !== null))).toEqual(new Set([60, 70, 115]));
    expect(bucketed.points.at(-1)).toMatchObject({ news2Risk: "MEDIUM", news2Total: 5 });
    const row = await db.auditEvent.findFirstOrThrow({ where: { actorId: w.clinician.id, action: "vitals.history.read" }, orderBy: { id: "desc" } });
    expect(await db.auditEvent.count({ where: { actorId: w.clinician.id, action: "vitals.history.read" } })).toBe(audited + 1);
    expect(row).toMatchObject({ entityType: "Patient", entityId: w.patient.id, patientId: w.patient.id, outcome: "SUCCESS", metadata: { observations: 42 } });
  });
});

describe("vitals.history, one statement", () => {
  it("answers each reading of a short range as it was stored, an empty range with no points, and audits each read with its range and count", async () => {
    const w = await world();
    const to = new Date();
    const from = new Date(to.getTime() - 3_600_000);
    const h = historyPoints(await callerAs(w.patientUser).vitals.history({ patientId: w.patient.id, from, to }));
    expect(h.bucketSeconds).toBeNull();
    expect(h.points).toEqual([
      expect.objectContaining({
        seq: 1,
        heartRate: 72,
        systolicBp: 122,
        diastolicBp: 78,
        respiratoryRate: 15,
        spo2: 97,
        temperature: 36.8,
        news2Total: 0,
        news2Risk: "LOW",
        news2Complete: true,
        count: 1,
      }),
      expect.objectContaining({ seq: 2, heartRate: 115, respiratoryRate: 22, temperature: 38.5, news2Total: 5, news2Risk: "MEDIUM", count: 1 }),
    ]);
    // Each point's time is its reading's, to the millisecond (the statement answers epoch milliseconds).
    const stored = await db.vitalObservation.findMany({ where: { patientId: w.patient.id }, orderBy: { observedAt: "asc" }, select: { observedAt: true } });
    expect(stored.some((r) => r.observedAt.getMilliseconds() !== 0)).toBe(true);
    expect(h.points.map((p) => p.observedAt.getTime())).toEqual(stored.map((r) => r.observedAt.getTime()));
    const row = await db.auditEvent.findFirstOrThrow({ where: { actorId: w.patientUser.id, action: "vitals.history.read" }, orderBy: { id: "desc" } });
    expect(row).toMatchObject({
      entityType: "Patient",
      entityId: w.patient.id,
      patientId: w.patient.id,
      outcome: "SUCCESS",
      actorRole: "PATIENT",
      metadata: { from: from.toISOString(), to: to.toISOString(), observations: 2 },
    });

    const quiet = historyPoints(await callerAs(w.clinician).vitals.history({ patientId: w.patient.id, from: new Date(from.getTime() - 86_400_000), to: from }));
    expect(quiet).toMatchObject({ bucketSeconds: null, points: [] });
    expect(await db.auditEvent.findFirstOrThrow({ where: { actorId: w.clinician.id, action: "vitals.history.read" }, orderBy: { id: "desc" } })).toMatchObject({
      metadata: { observations: 0 },
    });
  });

  it("writes no audit row for a patient that does not exist, and a denied one for a patient the caller cannot see", async () => {
    const w = await world();
    const before = await db.auditEvent.count({ where: { actorId: w.outsiderClinician.id } });
    await expect(callerAs(w.outsiderClinician).vitals.history({ patientId: "cmissingpatient0000000000", range: "24h" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await db.auditEvent.count({ where: { actorId: w.outsiderClinician.id } })).toBe(before);
    await expect(callerAs(w.outsiderClinician).vitals.history({ patientId: w.patient.id, range: "24h", maxPoints: 10 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await db.auditEvent.findMany({ where: { actorId: w.outsiderClinician.id }, select: { action: true, outcome: true, patientId: true } })).toEqual([
      { action: "vitals.history.read", outcome: "DENIED", patientId: w.patient.id },
    ]);
  });
});

describe("vitals.record (self-entry and clinician entry)", () => {
  it("stores a patient's own entry as PATIENT and a clinician's as CLINICIAN, scored and published", async () => {
    const w = await world();
    realtime.clear();
    const mine = await callerAs(w.patientUser).vitals.record({ patientId: w.patient.id, reading: { idempotencyKey: "form-a", ...NORMAL } });
    expect(mine).toMatchObject({ status: "created", observation: { source: "PATIENT", seq: 3 }, news2: { total: 0, risk: "LOW", complete: true } });
    const theirs = await callerAs(w.clinician).vitals.record({ patientId: w.patient.id, reading: { idempotencyKey: "form-b", heartRate: 140 } });
    expect(theirs).toMatchObject({ observation: { source: "CLINICIAN", seq: 4 }, news2: { total: 3, risk: "LOW_MEDIUM", complete: false } });
    const row = await db.vitalObservation.findUniqueOrThrow({ where: { id: theirs.observation.id } });
    expect(row.recordedById).toBe(w.clinician.id);
    expect(realtime.named("vitals.observation")).toHaveLength(2);
  });

  it("does not duplicate a double-submitted form", async () => {
    const w = await world();
    const input = { patientId: w.patient.id, reading: { idempotencyKey: "form-double", heartRate: 80 } };
    const [a, b] = await Promise.all([callerAs(w.patientUser).vitals.record(input), callerAs(w.patientUser).vitals.record(input)]);
    expect(a.observation.id).toBe(b.observation.id);
    expect([a.status, b.status].sort()).toEqual(["created", "duplicate"]);
  });

  it("names each invalid field (BAD_REQUEST) and stores nothing", async () => {
    const w = await world();
    const error = await callerAs(w.patientUser)
      .vitals.record({ patientId: w.patient.id, reading: { idempotencyKey: "bad", heartRate: 500, spo2: 30, temperature: 98.6 } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    const paths = (error as { cause: { issues: { path: PropertyKey[] }[] } }).cause.issues.map((i) => i.path.join("."));
    expect(paths.sort()).toEqual(["reading.heartRate", "reading.spo2", "reading.temperature"]);
    const future = await callerAs(w.patientUser)
      .vitals.record({
        patientId: w.patient.id,
        reading: { idempotencyKey: "late", heartRate: 70, observedAt: new Date(Date.now() + 3_600_000).toISOString() },
      })
      .catch((e: unknown) => e);
    expect(future).toMatchObject({ code: "BAD_REQUEST", cause: { details: { issues: [{ path: "reading.observedAt" }] } } });
    expect(await db.vitalObservation.count({ where: { patientId: w.patient.id } })).toBe(2);
  });

  it("refuses entries for someone else's patient (NOT_FOUND) and from admins (FORBIDDEN)", async () => {
    const w = await world();
    const input = { patientId: w.patient.id, reading: { idempotencyKey: "x", heartRate: 70 } };
    await expect(callerAs(w.otherPatientUser).vitals.record(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerAs(w.outsiderClinician).vitals.record(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerAs(w.admin).vitals.record(input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.vitalObservation.count({ where: { patientId: w.patient.id } })).toBe(2);
  });

  it("ties an entry made in a call to that call's session and visit, and refuses another patient's session", async () => {
    const w = await world();
    const { visit } = await makeConsultation({ clinicianId: w.clinician.id, patientId: w.patient.id, start: new Date() });
    const session = await db.telemedicineSession.create({
      data: { visitId: visit.id, roomName: `room-${visit.id}`, provider: "P2P", status: "IN_PROGRESS", createdById: w.clinician.id },
    });
    const res = await callerAs(w.clinician).vitals.record({ patientId: w.patient.id, sessionId: session.id, reading: { idempotencyKey: "call-1", spo2: 95 } });
    expect(await db.vitalObservation.findUniqueOrThrow({ where: { id: res.observation.id } })).toMatchObject({ sessionId: session.id, visitId: visit.id });
    await expect(
      callerAs(w.outsiderClinician).vitals.record({ patientId: w.otherPatient.id, sessionId: session.id, reading: { idempotencyKey: "call-2", spo2: 95 } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("vitals requests (clinician asks, patient answers)", () => {
  it("prompts the patient live, and the patient's entry answers it on both screens", async () => {
    const w = await world();
    const request = await callerAs(w.clinician).vitals.requests.create({ patientId: w.patient.id });
    expect(request.created).toBe(true);
    expect(realtime.named("vitals.requested")).toEqual([
      expect.objectContaining({
        channel: `private-patient-${w.patient.id}`,
        data: { patientId: w.patient.id, requestId: request.id, sessionId: null, requestedBy: w.clinician.id },
      }),
    ]);
    const pending = await callerAs(w.patientUser).vitals.requests.pending({ patientId: w.patient.id });
    expect(pending).toEqual([expect.objectContaining({ id: request.id, requestedByName: expect.stringContaining(w.clinician.name!) })]);

    const again = await callerAs(w.clinician).vitals.requests.create({ patientId: w.patient.id });
    expect(again).toMatchObject({ id: request.id, created: false });

    const entry = await callerAs(w.patientUser).vitals.record({ patientId: w.patient.id, reading: { idempotencyKey: "answer", ...NORMAL } });
    expect(entry.fulfilledRequestId).toBe(request.id);
    expect(await db.vitalsRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ observationId: entry.observation.id });
    expect(realtime.named("vitals.request.closed")).toEqual([
      expect.objectContaining({ data: { patientId: w.patient.id, requestId: request.id, outcome: "FULFILLED", observationSeq: entry.observation.seq } }),
    ]);
    expect(await callerAs(w.patientUser).vitals.requests.pending({ patientId: w.patient.id })).toEqual([]);
  });

  it("is never answered by a device's automatic readings", async () => {
    const w = await world();
    const request = await callerAs(w.clinician).vitals.requests.create({ patientId: w.patient.id });
    await postVitals(w.device.token, reading(NORMAL));
    expect((await db.vitalsRequest.findUniqueOrThrow({ where: { id: request.id } })).fulfilledAt).toBeNull();
  });

  it("may be withdrawn by the clinician or declined by the patient, but not touched by outsiders", async () => {
    const w = await world();
    const request = await callerAs(w.clinician).vitals.requests.create({ patientId: w.patient.id });
    await expect(callerAs(w.otherPatientUser).vitals.requests.cancel({ requestId: request.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerAs(w.patientUser).vitals.requests.create({ patientId: w.patient.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const cancelled = await callerAs(w.patientUser).vitals.requests.cancel({ requestId: request.id });
    expect(cancelled.cancelledAt).not.toBeNull();
    expect(realtime.named("vitals.request.closed")).toEqual([expect.objectContaining({ data: expect.objectContaining({ outcome: "CANCELLED" }) })]);
  });
});

describe("device tokens", () => {
  it("shows the token once, stores only its hash, and lists it with its prefix and last use", async () => {
    const w = await world();
    const issued = await callerAs(w.patientUser).vitals.devices.issue({ patientId: w.patient.id, name: "Kitchen oximeter" });
    expect(issued.token).toMatch(/^bdv_[A-Za-z0-9_-]{43}$/);
    expect(issued.prefix).toBe(issued.token.slice(0, 12));
    const row = await db.deviceToken.findUniqueOrThrow({ where: { id: issued.id } });
    expect(row.tokenHash).toBe(hashDeviceToken(issued.token));
    expect(JSON.stringify(row)).not.toContain(issued.token);
    await postVitals(issued.token, reading({ spo2: 97 }));
    const listed = await callerAs(w.clinician).vitals.devices.list({ patientId: w.patient.id });
    const mine = listed.find((d) => d.id === issued.id)!;
    expect(mine).not.toHaveProperty("token");
    expect(mine.lastUsedAt).not.toBeNull();
  });

  it("stops a revoked token at once, and lets only the patient's own people revoke it", async () => {
    const w = await world();
    const issued = await callerAs(w.clinician).vitals.devices.issue({ patientId: w.patient.id, name: "Loan BP cuff" });
    await expect(callerAs(w.outsiderClinician).vitals.devices.revoke({ tokenId: issued.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerAs(w.outsiderClinician).vitals.devices.issue({ patientId: w.patient.id, name: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const revoked = await callerAs(w.patientUser).vitals.devices.revoke({ tokenId: issued.id });
    expect(revoked.revokedAt).not.toBeNull();
    expect((await postVitals(issued.token, reading(NORMAL))).status).toBe(401);
  });
});

describe("thresholds", () => {
  it("validates the range it is given, per field", async () => {
    const w = await world();
    const caller = callerAs(w.clinician);
    await expect(caller.vitals.thresholds.set({ patientId: w.patient.id, parameter: "heartRate", min: 120, max: 100 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { details: { issues: [{ path: "max" }] } },
    });
    await expect(caller.vitals.thresholds.set({ patientId: w.patient.id, parameter: "spo2", min: null, max: null })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await caller.vitals.thresholds.set({ patientId: w.patient.id, parameter: "spo2", min: 92, max: null });
    expect(await caller.vitals.thresholds.list({ patientId: w.patient.id })).toEqual([expect.objectContaining({ parameter: "spo2", min: 92, max: null })]);
    await expect(callerAs(w.admin).vitals.thresholds.set({ patientId: w.patient.id, parameter: "spo2", min: 90, max: null })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(callerAs(w.outsiderClinician).vitals.thresholds.set({ patientId: w.patient.id, parameter: "spo2", min: 90, max: null })).rejects.toMatchObject(
      { code: "NOT_FOUND" },
    );
    expect(await caller.vitals.thresholds.remove({ patientId: w.patient.id, parameter: "spo2" })).toEqual({ removed: true });
  });
});
