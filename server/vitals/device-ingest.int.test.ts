import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import pg from "pg";
import { ingestDeviceReadings } from "@/server/vitals/ingest-device-readings";
import { revokeDeviceToken } from "@/server/vitals/manage-device-tokens";
import { makeClinician, makePatient } from "@/tests/helpers/factories";
import { DETERIORATED, makeDeviceToken, NORMAL, postVitals, reading, recordRealtime } from "@/tests/helpers/vitals";

const realtime = recordRealtime();
afterAll(() => realtime.restore());
beforeEach(() => realtime.clear());

async function setup(opts: { hypercapnic?: boolean } = {}) {
  const clinician = await makeClinician();
  const { patient, user } = await makePatient({ clinicianIds: [clinician.id] });
  if (opts.hypercapnic) await db.patient.update({ where: { id: patient.id }, data: { hypercapnic: true } });
  const device = await makeDeviceToken(patient.id, clinician.id);
  return { clinician, patient, user: user!, device };
}

/** Every statement sent through node-postgres (the app's SQL pool and Prisma's adapter alike). */
function countStatements() {
  const texts: string[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    texts.push(typeof first === "string" ? first : (first?.text ?? ""));
    return original.apply(this, args);
  };
  return {
    matching: (pattern: RegExp) => texts.filter((t) => pattern.test(t)).length,
    reset: () => texts.splice(0),
    restore: () => {
      proto.query = original;
    },
  };
}

const stored = (patientId: string) => db.vitalObservation.count({ where: { patientId } });

describe("POST /api/vitals: storing and scoring", () => {
  it("stores a single reading with its LOINC codes, scores NEWS2, numbers it 1 and publishes it", async () => {
    const { patient, device } = await setup();
    const r = reading(NORMAL);
    const res = await postVitals(device.token, r);

    expect(res.status).toBe(201);
    expect(res.json.readings).toEqual([
      expect.objectContaining({
        idempotencyKey: r.idempotencyKey,
        status: "created",
        seq: 1,
        news2: { total: 0, risk: "LOW", complete: true },
        alertsRaised: [],
      }),
    ]);
    const row = await db.vitalObservation.findUniqueOrThrow({ where: { id: res.json.readings![0]!.id } });
    expect(row).toMatchObject({
      patientId: patient.id,
      source: "DEVICE",
      deviceTokenId: device.id,
      heartRate: 72,
      consciousness: "ALERT",
      news2Total: 0,
      news2Risk: "LOW",
      news2Complete: true,
    });
    expect(row.loincCodes).toEqual(["8867-4", "8480-6", "8462-4", "9279-1", "59408-5", "8310-5"]);
    expect(Number(row.temperature)).toBe(36.8);
    expect((await db.patient.findUniqueOrThrow({ where: { id: patient.id } })).vitalsSeq).toBe(1);
    expect(realtime.named("vitals.observation")).toEqual([
      expect.objectContaining({ channel: `private-patient-${patient.id}`, data: expect.objectContaining({ seq: 1, heartRate: 72, news2Risk: "LOW" }) }),
    ]);
  });

  it("records who wrote it (the device, by id) in the audit trail and when the token was last used", async () => {
    const { patient, device } = await setup();
    const res = await postVitals(device.token, reading({ heartRate: 80 }));
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "vitals.observation.create", entityId: res.json.readings![0]!.id } });
    expect(audit).toMatchObject({ actorId: null, patientId: patient.id, outcome: "SUCCESS" });
    // Ids and codes only: no reading values.
    expect(audit.metadata).toEqual({ system: "device", subjectId: device.id, seq: 1, source: "DEVICE", deviceTokenId: device.id, sessionId: null });
    expect((await db.deviceToken.findUniqueOrThrow({ where: { id: device.id } })).lastUsedAt).not.toBeNull();
  });

  it("notes a token's last use at most once a minute", async () => {
    const [a, b] = [await setup(), await setup()];
    const lastUsed = async (id: string) => (await db.deviceToken.findUniqueOrThrow({ where: { id } })).lastUsedAt?.getTime();
    const ingest = (token: string, now: Date) => ingestDeviceReadings({ token, body: reading(NORMAL), requestId: "test", now });
    const statements = countStatements();
    try {
      const t0 = new Date();
      await Promise.all([ingest(a.device.token, t0), ingest(b.device.token, t0)]);
      expect([await lastUsed(a.device.id), await lastUsed(b.device.id)]).toEqual([t0.getTime(), t0.getTime()]);

      statements.reset();
      await ingest(a.device.token, new Date(t0.getTime() + 30_000));
      expect(statements.matching(/UPDATE "(public"\.")?DeviceToken"/)).toBe(0);
      expect(await lastUsed(a.device.id)).toBe(t0.getTime());

      const later = new Date(t0.getTime() + 61_000);
      await ingest(a.device.token, later);
      expect(await lastUsed(a.device.id)).toBe(later.getTime());
      expect(await lastUsed(b.device.id)).toBe(t0.getTime());
    } finally {
      statements.restore();
    }
  });

  it("scores SpO2 on scale 2 for a hypercapnic patient", async () => {
    const { device } = await setup({ hypercapnic: true });
    const res = await postVitals(device.token, reading({ ...NORMAL, spo2: 90 }));
    expect(res.json.readings![0]!.news2.total).toBe(0); // 90 % is inside the 88–92 % target on scale 2
    const { device: other } = await setup();
    const onScale1 = await postVitals(other.token, reading({ ...NORMAL, spo2: 90 }));
    expect(onScale1.json.readings![0]!.news2.total).toBe(3);
  });

  it("converts a Fahrenheit temperature and stores it in °C", async () => {
    const { device } = await setup();
    const res = await postVitals(device.token, reading({ temperature: 101.3, units: { temperature: "[degF]" } }));
    const row = await db.vitalObservation.findUniqueOrThrow({ where: { id: res.json.readings![0]!.id } });
    expect(Number(row.temperature)).toBe(38.5);
    expect(res.json.readings![0]!.news2.total).toBe(1);
  });

  it("stores a batch in time order with consecutive seq numbers", async () => {
    const { patient, device } = await setup();
    const later = reading({ heartRate: 90 }, 1_000);
    const earlier = reading({ heartRate: 80 }, 5_000);
    const res = await postVitals(device.token, { readings: [later, earlier] });
    expect(res.status).toBe(201);
    expect(res.json.readings!.map((r) => [r.idempotencyKey, r.seq])).toEqual([
      [later.idempotencyKey, 2],
      [earlier.idempotencyKey, 1],
    ]);
    expect(realtime.named("vitals.observation").map((e) => (e.data as { seq: number }).seq)).toEqual([1, 2]);
    expect(await stored(patient.id)).toBe(2);
  });

  it("keeps seq numbers unique and gap-free under concurrent posts", async () => {
    const { patient, device } = await setup();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => postVitals(device.token, reading({ heartRate: 60 + i }))));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const seqs = (await db.vitalObservation.findMany({ where: { patientId: patient.id }, select: { seq: true } })).map((r) => r.seq).sort((a, b) => a - b);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("writes exactly one audit row per stored reading, naming its seq, under concurrent posts with replays and a refused reuse", async () => {
    const { patient, device } = await setup();
    const replayed = reading({ heartRate: 99 });
    const reused = reading({ heartRate: 50 });
    await postVitals(device.token, reused);
    const results = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => postVitals(device.token, reading({ heartRate: 60 + i }, 1000 + i))),
      ...Array.from({ length: 3 }, () => postVitals(device.token, replayed)),
      postVitals(device.token, { ...reused, heartRate: 51 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, ...Array<number>(11).fill(201), 409]);

    const rows = await db.vitalObservation.findMany({
      where: { patientId: patient.id },
      select: { id: true, seq: true, observedAt: true },
      orderBy: { seq: "asc" },
    });
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const created = await db.auditEvent.findMany({ where: { patientId: patient.id, action: "vitals.observation.create" } });
    // One row per reading (none left by a rolled-back attempt), each naming the reading's own seq.
    expect(created.map((a) => [a.entityId, (a.metadata as { seq: number }).seq]).sort((a, b) => (a[1] as number) - (b[1] as number))).toEqual(
      rows.map((r) => [r.id, r.seq]),
    );
    expect(await db.auditEvent.count({ where: { patientId: patient.id, action: "vitals.observation.replay" } })).toBe(2);
    // Stored at the instant sent, whatever the server's time zone.
    const replayedRow = await db.vitalObservation.findFirstOrThrow({ where: { patientId: patient.id, idempotencyKey: replayed.idempotencyKey } });
    expect(replayedRow.observedAt.toISOString()).toBe(replayed.observedAt);
  });
});

describe("POST /api/vitals: one round trip once the patient's alert state is known", () => {
  /** Statements sent through node-postgres, each with how many answers had come back when it was sent. */
  function recordRoundTrips() {
    const sent: { text: string; answeredBefore: number }[] = [];
    let answered = 0;
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const first = args[0] as string | { text?: string } | undefined;
      sent.push({ text: typeof first === "string" ? first : (first?.text ?? ""), answeredBefore: answered });
      const result = original.apply(this, args);
      if (result instanceof Promise) void result.finally(() => answered++).catch(() => {});
      return result;
    };
    return {
      sent,
      restore: () => {
        proto.query = original;
      },
    };
  }

  it("sends a device's next reading as BEGIN, the patient lock, one statement and COMMIT, all before the first answer", async () => {
    const { patient, device } = await setup();
    expect((await postVitals(device.token, reading(NORMAL))).status).toBe(201);
    const trips = recordRoundTrips();
    try {
      const res = await postVitals(device.token, reading({ heartRate: 75 }));
      expect(res.status).toBe(201);
      expect(res.json.readings![0]).toMatchObject({ status: "created", seq: 2 });
    } finally {
      trips.restore();
    }
    expect(trips.sent.map((s) => s.text.trim().split(/\s+/)[0])).toEqual(["BEGIN", "SELECT", "WITH", "COMMIT"]);
    expect(new Set(trips.sent.map((s) => s.answeredBefore)).size).toBe(1);
    const audit = await db.auditEvent.findMany({ where: { patientId: patient.id, action: "vitals.observation.create" } });
    expect(audit.map((a) => a.metadata).sort((a, b) => (a as { seq: number }).seq - (b as { seq: number }).seq)).toEqual(
      [1, 2].map((seq) => ({ system: "device", subjectId: device.id, seq, source: "DEVICE", deviceTokenId: device.id, sessionId: null })),
    );
  });

  it("adds the device's rate-limit count to the shared counter inside that write, with no statement of its own", async () => {
    const { device } = await setup();
    expect((await postVitals(device.token, reading(NORMAL))).status).toBe(201);
    await new Promise((r) => setTimeout(r, 1_100)); // the limiter's sync interval
    const trips = recordRoundTrips();
    try {
      expect((await postVitals(device.token, reading({ heartRate: 75 }))).status).toBe(201);
    } finally {
      trips.restore();
    }
    expect(trips.sent.map((s) => s.text.trim().split(/\s+/)[0])).toEqual(["BEGIN", "SELECT", "WITH", "COMMIT"]);
    expect(trips.sent[2]!.text).toContain('"RateLimitBucket"');
    expect((await db.rateLimitBucket.findUniqueOrThrow({ where: { key: `vitals-device:${device.id}` } })).count).toBe(2);
  });

  it("decides against a threshold another instance set after the device's previous reading", async () => {
    const { patient, clinician, device } = await setup();
    expect((await postVitals(device.token, reading({ ...NORMAL, heartRate: 95 }))).json.readings![0]!.alertsRaised).toEqual([]);
    // Written straight to the database: this instance's copy of the patient's rules does not know it.
    await db.vitalThreshold.create({ data: { patientId: patient.id, parameter: "heartRate", min: 50, max: 90, createdById: clinician.id } });
    const res = await postVitals(device.token, reading({ ...NORMAL, heartRate: 95 }));
    expect(res.json.readings![0]).toMatchObject({ status: "created", seq: 2, alertsRaised: ["THRESHOLD:heartRate"] });
    expect(await db.vitalAlert.count({ where: { patientId: patient.id, condition: "THRESHOLD:heartRate", status: "OPEN" } })).toBe(1);
  });

  it("re-arms an alert acknowledged elsewhere when the next reading shows it gone", async () => {
    const { patient, device } = await setup();
    expect((await postVitals(device.token, reading(DETERIORATED))).json.readings![0]!.alertsRaised).toContain("NEWS2_AGGREGATE");
    expect((await postVitals(device.token, reading(NORMAL))).status).toBe(201);
    await db.vitalAlert.updateMany({ where: { patientId: patient.id }, data: { status: "ACKNOWLEDGED", acknowledgedAt: new Date() } });
    expect((await postVitals(device.token, reading(NORMAL))).status).toBe(201);
    const rearmed = await db.vitalAlert.findFirstOrThrow({ where: { patientId: patient.id, condition: "NEWS2_AGGREGATE" } });
    expect((rearmed.detail as { clearedAt?: string }).clearedAt).toEqual(expect.any(String));
    expect(await db.auditEvent.count({ where: { patientId: patient.id, action: "vitals.alert.rearm" } })).toBeGreaterThan(0);
  });
});

describe("POST /api/vitals: validation (field by field, nothing partly stored)", () => {
  it.each([
    ["heartRate", { heartRate: 12 }],
    ["heartRate", { heartRate: 70.5 }],
    ["systolicBp", { systolicBp: 400 }],
    ["diastolicBp", { systolicBp: 110, diastolicBp: 120 }],
    ["respiratoryRate", { respiratoryRate: 120 }],
    ["spo2", { spo2: 104 }],
    ["temperature", { temperature: 98.6 }],
    ["temperature", { temperature: "hot" }],
    ["consciousness", { consciousness: "sleepy" }],
    ["supplementalOxygen", { supplementalOxygen: 1 }],
    ["units.temperature", { temperature: 37, units: { temperature: "F" } }],
  ])("refuses a bad %s with a message on that field", async (path, values) => {
    const { patient, device } = await setup();
    const res = await postVitals(device.token, reading(values));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "BAD_REQUEST", reason: "invalid_reading" });
    expect(res.json.error!.issues).toContainEqual({ path, message: expect.any(String) });
    expect(await stored(patient.id)).toBe(0);
  });

  it("refuses a reading stamped in the future, or without a time", async () => {
    const { patient, device } = await setup();
    const future = await postVitals(device.token, { ...reading({ heartRate: 70 }), observedAt: new Date(Date.now() + 10 * 60_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.json.error!.issues).toEqual([{ path: "observedAt", message: expect.stringContaining("future") }]);
    const { observedAt: _omit, ...untimed } = reading({ heartRate: 70 });
    const missing = await postVitals(device.token, untimed);
    expect(missing.json.error!.issues).toContainEqual({ path: "observedAt", message: expect.any(String) });
    expect(await stored(patient.id)).toBe(0);
  });

  it("stores none of a batch when one reading is invalid, and names it", async () => {
    const { patient, device } = await setup();
    const res = await postVitals(device.token, {
      readings: [reading(NORMAL), reading({ spo2: 20 }), { ...reading({ heartRate: 70 }), observedAt: new Date(Date.now() + 3_600_000).toISOString() }],
    });
    expect(res.status).toBe(400);
    expect(res.json.error!.issues!.map((i) => i.path)).toEqual(["readings.1.spo2"]);
    expect(await stored(patient.id)).toBe(0);
    // The time check runs once the shape is right; it, too, stores nothing.
    const timed = await postVitals(device.token, {
      readings: [reading(NORMAL), { ...reading({ heartRate: 70 }), observedAt: new Date(Date.now() + 3_600_000).toISOString() }],
    });
    expect(timed.json.error!.issues!.map((i) => i.path)).toEqual(["readings.1.observedAt"]);
    expect(await stored(patient.id)).toBe(0);
    expect((await db.patient.findUniqueOrThrow({ where: { id: patient.id } })).vitalsSeq).toBe(0);
    expect(realtime.events).toEqual([]);
  });

  it("answers a body that is not JSON, or not sent as JSON, without storing anything", async () => {
    const { device } = await setup();
    expect((await postVitals(device.token, "{not json")).status).toBe(400);
    expect((await postVitals(device.token, JSON.stringify(reading(NORMAL)), { "content-type": "text/plain" })).status).toBe(415);
  });

  it("refuses a body over 256 KiB with 413, counted in bytes, storing nothing", async () => {
    const { device, patient } = await setup();
    // 100 readings padded with multi-byte text: under the limit in characters, over it in bytes.
    const note = "é".repeat(1400);
    const readings = Array.from({ length: 100 }, () => ({ ...reading(NORMAL), note }));
    const body = JSON.stringify({ readings });
    expect(body.length).toBeLessThan(256 * 1024);
    expect(Buffer.byteLength(body)).toBeGreaterThan(256 * 1024);
    const res = await postVitals(device.token, body);
    expect(res.status).toBe(413);
    expect(res.json.error?.reason).toBe("too_large");
    expect(await stored(patient.id)).toBe(0);
  });

  it("refuses a declared length over the limit before reading the body", async () => {
    const { device } = await setup();
    const res = await postVitals(device.token, JSON.stringify(reading(NORMAL)), { "content-length": String(300 * 1024) });
    expect(res.status).toBe(413);
  });
});

describe("POST /api/vitals: idempotency", () => {
  it("answers a retried request with the stored readings and never duplicates them", async () => {
    const { patient, device } = await setup();
    const body = { readings: [reading(NORMAL), reading({ heartRate: 88 })] };
    const first = await postVitals(device.token, body);
    const retry = await postVitals(device.token, body);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.json.readings!.map((r) => [r.status, r.id, r.seq])).toEqual(first.json.readings!.map((r) => ["duplicate", r.id, r.seq]));
    expect(await stored(patient.id)).toBe(2);
    expect((await db.patient.findUniqueOrThrow({ where: { id: patient.id } })).vitalsSeq).toBe(2);
  });

  it("stores only the new readings of a batch that repeats some", async () => {
    const { patient, device } = await setup();
    const a = reading({ heartRate: 70 }, 3000);
    await postVitals(device.token, a);
    const b = reading({ heartRate: 71 }, 2000);
    const res = await postVitals(device.token, { readings: [a, b] });
    expect(res.status).toBe(201);
    expect(res.json.readings!.map((r) => [r.status, r.seq])).toEqual([
      ["duplicate", 1],
      ["created", 2],
    ]);
    expect(await stored(patient.id)).toBe(2);
  });

  it("stores a reading once when the same request arrives several times at once", async () => {
    const { patient, device } = await setup();
    const r = reading(NORMAL);
    const results = await Promise.all(Array.from({ length: 6 }, () => postVitals(device.token, r)));
    expect(results.map((x) => x.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((x) => x.json.readings![0]!.id)).size).toBe(1);
    expect(await stored(patient.id)).toBe(1);
  });

  it("refuses a used key carrying different values, storing nothing", async () => {
    const { patient, device } = await setup();
    const r = reading({ heartRate: 70 });
    await postVitals(device.token, r);
    const res = await postVitals(device.token, { readings: [reading({ heartRate: 60 }), { ...r, heartRate: 71 }] });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ reason: "idempotency_key_reused", issues: [{ path: "readings.1.idempotencyKey", message: expect.any(String) }] });
    expect(await stored(patient.id)).toBe(1);
  });

  it("lets two patients' devices use the same key independently", async () => {
    const one = await setup();
    const two = await setup();
    const r = reading(NORMAL);
    expect((await postVitals(one.device.token, r)).status).toBe(201);
    expect((await postVitals(two.device.token, r)).status).toBe(201);
  });
});

describe("POST /api/vitals: device tokens", () => {
  it("refuses a token for one patient posting for another, storing nothing for either, and audits it", async () => {
    const mine = await setup();
    const other = await setup();
    const res = await postVitals(mine.device.token, { patientId: other.patient.id, readings: [reading(DETERIORATED)] });
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({ reason: "token_patient_mismatch" });
    const single = await postVitals(mine.device.token, { patientId: other.patient.id, ...reading(NORMAL) });
    expect(single.status).toBe(403);
    expect(await stored(mine.patient.id)).toBe(0);
    expect(await stored(other.patient.id)).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "vitals.device.ingest", outcome: "DENIED", entityId: mine.device.id } })).toBe(2);
    // Naming its own patient is fine.
    expect((await postVitals(mine.device.token, { patientId: mine.patient.id, readings: [reading(NORMAL)] })).status).toBe(201);
  });

  it("refuses a missing, unknown or revoked token with 401", async () => {
    const { patient, clinician } = await setup();
    const revoked = await makeDeviceToken(patient.id, clinician.id, { revoked: true });
    for (const token of [null, "bdv_not-a-real-token", revoked.token]) {
      const res = await postVitals(token, reading(NORMAL));
      expect(res.status, String(token)).toBe(401);
    }
    expect(await stored(patient.id)).toBe(0);
  });

  it("refuses a token revoked in Bedside on the very next post, although lookups are cached", async () => {
    const { patient, clinician, device } = await setup();
    expect((await postVitals(device.token, reading(NORMAL))).status).toBe(201);
    await revokeDeviceToken({ actor: { userId: clinician.id, role: "CLINICIAN", requestId: "t" }, tokenId: device.id });
    expect((await postVitals(device.token, reading(NORMAL))).status).toBe(401);
    expect(await stored(patient.id)).toBe(1);
  });

  it("refuses a token revoked by another app instance on the very next reading, although this one cached it as valid", async () => {
    const { patient, device } = await setup();
    expect((await postVitals(device.token, reading(NORMAL))).status).toBe(201);
    // Another instance's revocation: this one only sees the database, and its cache still says valid.
    await db.deviceToken.update({ where: { id: device.id }, data: { revokedAt: new Date() } });
    const refused = await postVitals(device.token, reading(NORMAL));
    expect(refused.status).toBe(401);
    expect(refused.json.error?.reason).toBe("invalid_device_token");
    expect(await stored(patient.id)).toBe(1);
    // From then on this instance refuses it without writing anything.
    expect((await postVitals(device.token, reading(NORMAL))).status).toBe(401);
    expect(await stored(patient.id)).toBe(1);
  });

  it("checks a cached valid token inside the write's first round trip, with no lookup of its own, past the old one-second cache", async () => {
    const { patient, device } = await setup();
    const statements = countStatements();
    try {
      expect((await postVitals(device.token, reading(NORMAL))).status).toBe(201);
      expect(statements.matching(/"tokenHash"/)).toBe(1);
      await new Promise((r) => setTimeout(r, 1_100));
      statements.reset();
      expect((await postVitals(device.token, reading(NORMAL))).status).toBe(201);
      expect(statements.matching(/"tokenHash"/)).toBe(0);
      // The write itself checks it: BEGIN, lock, one statement (with the token check), COMMIT.
      expect(statements.matching(/"DeviceToken" d\s/)).toBe(1);
    } finally {
      statements.restore();
    }
    expect(await stored(patient.id)).toBe(2);
  });

  it("limits how often one device may post (429 with Retry-After)", async () => {
    const { patient, device } = await setup();
    await db.rateLimitBucket.create({ data: { key: `vitals-device:${device.id}`, windowStart: new Date(), count: 600 } });
    const res = await postVitals(device.token, reading(NORMAL));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await stored(patient.id)).toBe(0);
  });
});
