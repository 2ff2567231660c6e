// Retention with recordings in S3: the job deletes objects through the configured backend
// (the real AWS SDK) on s3rver, an S3-compatible server from npm on 127.0.0.1
// (tests/helpers/s3-server.ts). env.js reads process.env on first import, so the bucket is
// configured before anything imports it.
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";

const s3 = await vi.hoisted(async () => (await import("@/tests/helpers/s3-server")).startS3ForRecordings());

import { db } from "@/server/db";
import { makeVideoSession } from "@/tests/helpers/factories";
import { resetDatabase } from "@/tests/db/reset";
import { env } from "@/env";
import { run } from "./delete-expired-recordings";

const now = new Date("2030-01-01T00:00:00Z");

async function recordings() {
  const v = await makeVideoSession();
  const expiredKey = `recordings/${v.session.id}/2029-01-01T100000.mp4`;
  const keptKey = `recordings/${v.session.id}/2029-12-31T100000.mp4`;
  await s3.put(expiredKey, "expired bytes");
  await s3.put(keptKey, "kept bytes");
  const expired = await db.recording.create({
    data: { sessionId: v.session.id, status: "COMPLETED", storageKey: expiredKey, deleteAfter: new Date(now.getTime() - 1000), endedAt: now },
  });
  await db.transcript.create({ data: { recordingId: expired.id, status: "DONE", text: "secret words" } });
  const kept = await db.recording.create({
    data: { sessionId: v.session.id, status: "COMPLETED", storageKey: keptKey, deleteAfter: new Date(now.getTime() + 1000), endedAt: now },
  });
  return { v, expired, kept, expiredKey, keptKey };
}

describe("recording retention with recordings in S3", () => {
  beforeEach(async () => {
    await resetDatabase(env.DATABASE_URL!);
  });
  afterAll(async () => {
    await s3.dispose();
  });

  it("deletes the expired object from the bucket, marks the row DELETED and audits; leaves the others", async () => {
    const { v, expired, kept, expiredKey, keptKey } = await recordings();
    const seen = s3.since();

    expect(await run({ now })).toEqual({ deleted: 1 });
    expect(
      seen()
        .filter((r) => r.method === "DELETE")
        .map((r) => r.path),
    ).toEqual([`/${s3.bucket}/${expiredKey}`]);
    expect(await s3.has(expiredKey)).toBe(false);
    expect(await s3.has(keptKey)).toBe(true);
    expect(await db.recording.findUniqueOrThrow({ where: { id: expired.id } })).toMatchObject({ status: "DELETED", deletedAt: now });
    expect(await db.recording.findUniqueOrThrow({ where: { id: kept.id } })).toMatchObject({ status: "COMPLETED", deletedAt: null });
    expect((await db.transcript.findUniqueOrThrow({ where: { recordingId: expired.id } })).text).toBeNull();
    expect(await db.auditEvent.findFirst({ where: { action: "recording.retention_delete", entityId: expired.id } })).toMatchObject({ patientId: v.patient.id });

    expect(await run({ now })).toEqual({ deleted: 0 });
  });

  it("keeps the row (and the object) when storage is down, and deletes on the next run once it is back", async () => {
    const { expired, expiredKey } = await recordings();

    await s3.stop();
    try {
      expect(await run({ now })).toEqual({ deleted: 0 });
    } finally {
      await s3.start();
    }
    expect(await db.recording.findUniqueOrThrow({ where: { id: expired.id } })).toMatchObject({ status: "COMPLETED", deletedAt: null });
    expect((await db.transcript.findUniqueOrThrow({ where: { recordingId: expired.id } })).text).toBe("secret words");
    expect(await db.auditEvent.count({ where: { action: "recording.retention_delete" } })).toBe(0);
    expect(await s3.has(expiredKey)).toBe(true);

    expect(await run({ now })).toEqual({ deleted: 1 });
    expect(await s3.has(expiredKey)).toBe(false);
  });

  it("counts an object already gone from the bucket as removed", async () => {
    const { expired, expiredKey } = await recordings();
    const res = await fetch(`${s3.endpoint}/${s3.bucket}/${expiredKey}`, { method: "DELETE" });
    expect(res.ok).toBe(true);
    expect(await run({ now })).toEqual({ deleted: 1 });
    expect(await db.recording.findUniqueOrThrow({ where: { id: expired.id } })).toMatchObject({ status: "DELETED" });
  });
});
