// Playback with recordings in S3: the route handler and openRecording read through the
// configured backend (the real AWS SDK) from s3rver, an S3-compatible server from npm on
// 127.0.0.1 (tests/helpers/s3-server.ts). env.js reads process.env on first import, so the
// bucket is configured before anything imports it.
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";

const s3 = await vi.hoisted(async () => (await import("@/tests/helpers/s3-server")).startS3ForRecordings());

const session = vi.hoisted(() => ({ user: null as import("@/server/auth/session").SessionUser | null }));
vi.mock("@/server/auth/session", () => ({ getSessionUser: async () => session.user, revokeAllSessions: async () => 0 }));

import { db } from "@/server/db";
import { recordingFiles } from "@/server/integrations/storage";
import { makeAdmin, makeVideoSession, sessionUserOf } from "@/tests/helpers/factories";
import { resetDatabase } from "@/tests/db/reset";
import { env } from "@/env";

const { GET } = await import("./route");

const BYTES = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 3) % 256));

async function recording(storageKey: string | ((sessionId: string) => string)) {
  const v = await makeVideoSession({ status: "IN_PROGRESS" });
  const key = typeof storageKey === "string" ? storageKey : storageKey(v.session.id);
  const rec = await db.recording.create({
    data: {
      sessionId: v.session.id,
      status: "COMPLETED",
      storageKey: key,
      mimeType: "video/mp4",
      sizeBytes: BigInt(BYTES.length),
      durationSeconds: 42,
      endedAt: new Date(),
    },
  });
  return { ...v, rec };
}

const get = (id: string, range?: string) =>
  GET(new Request(`http://localhost/api/admin/recordings/${id}`, { headers: range ? { range } : {} }), { params: Promise.resolve({ recordingId: id }) });

describe("GET /api/admin/recordings/[id] with recordings in S3", () => {
  beforeEach(async () => {
    await resetDatabase(env.DATABASE_URL!);
    session.user = null;
  });
  afterAll(async () => {
    await s3.dispose();
  });

  it("uses the S3 backend when RECORDINGS_S3_BUCKET is set", () => {
    expect(recordingFiles().kind).toBe("s3");
  });

  it("plays the object Egress uploaded: whole file, then a range as 206; each view audited", async () => {
    // The key Egress reports for a session (livekit.ts: recordings/<sessionId>/{time}.mp4).
    const { rec, patient } = await recording((sessionId) => `recordings/${sessionId}/2026-03-01T101500.mp4`);
    const key = rec.storageKey!;
    await s3.put(key, BYTES);
    const admin = await makeAdmin();
    session.user = sessionUserOf(admin);
    const seen = s3.since();

    const full = await get(rec.id);
    expect(full.status).toBe(200);
    expect(full.headers.get("content-length")).toBe("1000");
    expect(Buffer.from(await full.arrayBuffer()).equals(BYTES)).toBe(true);

    const part = await get(rec.id, "bytes=100-199");
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 100-199/1000");
    expect(Buffer.from(await part.arrayBuffer()).equals(BYTES.subarray(100, 200))).toBe(true);

    const outside = await get(rec.id, "bytes=1000-1200");
    expect(outside.status).toBe(416);
    expect(outside.headers.get("content-range")).toBe("bytes */1000");

    expect(seen().map((r) => [r.method, r.path, r.range])).toEqual([
      ["HEAD", `/${s3.bucket}/${key}`, null],
      ["GET", `/${s3.bucket}/${key}`, "bytes=0-999"],
      ["HEAD", `/${s3.bucket}/${key}`, null],
      ["GET", `/${s3.bucket}/${key}`, "bytes=100-199"],
      ["HEAD", `/${s3.bucket}/${key}`, null],
    ]);
    const views = await db.auditEvent.findMany({ where: { action: "recording.view", entityId: rec.id }, orderBy: { id: "asc" } });
    expect(views.map((v) => [v.outcome, v.metadata])).toEqual([
      ["SUCCESS", { start: 0, end: 999 }],
      ["SUCCESS", { start: 100, end: 199 }],
      ["FAILURE", { reason: "range_unsatisfiable" }],
    ]);
    expect(views.every((v) => v.patientId === patient.id && v.actorId === admin.id)).toBe(true);
  });

  it("answers 404 for an object missing from the bucket and for a key that would leave it", async () => {
    session.user = sessionUserOf(await makeAdmin());
    await s3.put("secret.mp4", "another bucket's object", s3.otherBucket);
    const missing = await recording("recordings/nobody/gone.mp4");
    const res = await get(missing.rec.id);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: "file_missing" });

    const escaping = await recording(`../${s3.otherBucket}/secret.mp4`);
    const seen = s3.since();
    expect((await get(escaping.rec.id)).status).toBe(404);
    expect(seen()).toEqual([]);
    expect(await db.auditEvent.count({ where: { action: "recording.view", outcome: "SUCCESS" } })).toBe(0);
  });

  it("answers 503 with a clear message when storage is down, audits no view, and plays again once it is back", async () => {
    const key = "recordings/down/2026-03-01T101500.mp4";
    await s3.put(key, BYTES);
    const { rec } = await recording(key);
    session.user = sessionUserOf(await makeAdmin());

    await s3.stop();
    let res: Response;
    try {
      res = await get(rec.id, "bytes=0-9");
    } finally {
      await s3.start();
    }
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: "storage_unreachable",
      message: "Recording storage is not reachable. Try again in a minute; if it persists, check the storage settings.",
    });
    expect(await db.auditEvent.count({ where: { action: "recording.view" } })).toBe(0);

    const again = await get(rec.id, "bytes=0-9");
    expect(again.status).toBe(206);
    expect(Buffer.from(await again.arrayBuffer()).equals(BYTES.subarray(0, 10))).toBe(true);
  });
});
