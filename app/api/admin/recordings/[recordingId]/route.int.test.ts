import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/server/auth/session";
import { db } from "@/server/db";
import { callerAs, makeAdmin, makeVideoSession, sessionUserOf } from "@/tests/helpers/factories";
import { resetDatabase } from "@/tests/db/reset";
import { env } from "@/env";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/server/auth/session", () => ({ getSessionUser: async () => session.user, revokeAllSessions: async () => 0 }));

const { GET } = await import("./route");

const BYTES = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
const fileName = `int-test-${process.pid}.mp4`;
const filePath = join(resolve(env.RECORDINGS_DIR), fileName);

async function recording(storageKey = fileName) {
  const v = await makeVideoSession({ status: "IN_PROGRESS" });
  const rec = await db.recording.create({
    data: {
      sessionId: v.session.id,
      status: "COMPLETED",
      storageKey,
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

describe("GET /api/admin/recordings/[id]", () => {
  beforeEach(async () => {
    await resetDatabase(env.DATABASE_URL!);
    await mkdir(resolve(env.RECORDINGS_DIR), { recursive: true });
    await writeFile(filePath, BYTES);
    session.user = null;
  });
  afterAll(async () => {
    await rm(filePath, { force: true });
  });

  it("streams the whole file, and a byte range as 206 with Content-Range; each view is audited", async () => {
    const admin = await makeAdmin();
    const { rec, patient } = await recording();
    session.user = sessionUserOf(admin);

    const full = await get(rec.id);
    expect(full.status).toBe(200);
    expect(full.headers.get("accept-ranges")).toBe("bytes");
    expect(Buffer.from(await full.arrayBuffer()).equals(BYTES)).toBe(true);

    const part = await get(rec.id, "bytes=100-199");
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 100-199/1000");
    expect(part.headers.get("content-length")).toBe("100");
    expect(Buffer.from(await part.arrayBuffer()).equals(BYTES.subarray(100, 200))).toBe(true);

    const tail = await get(rec.id, "bytes=-10");
    expect(tail.headers.get("content-range")).toBe("bytes 990-999/1000");
    expect(Buffer.from(await tail.arrayBuffer()).equals(BYTES.subarray(990))).toBe(true);

    const views = await db.auditEvent.findMany({ where: { action: "recording.view", entityId: rec.id, outcome: "SUCCESS" }, orderBy: { id: "asc" } });
    expect(views).toHaveLength(3);
    expect(views.every((v) => v.patientId === patient.id && v.actorId === admin.id)).toBe(true);
    expect(views[1]!.metadata).toEqual({ start: 100, end: 199 });
  });

  it("answers 416 with the size for a range outside the file", async () => {
    const { rec } = await recording();
    session.user = sessionUserOf(await makeAdmin());
    const res = await get(rec.id, "bytes=1000-1200");
    expect(res.status).toBe(416);
    expect(res.headers.get("content-range")).toBe("bytes */1000");
    expect(await db.auditEvent.count({ where: { action: "recording.view", outcome: "FAILURE" } })).toBe(1);
  });

  it("refuses the session's own clinician (admins only), audits the refusal, and hides missing or deleted recordings", async () => {
    const { rec, clinician } = await recording();
    session.user = sessionUserOf(clinician);
    expect((await get(rec.id)).status).toBe(403);
    expect(await db.auditEvent.count({ where: { action: "recording.view", actorId: clinician.id, outcome: "DENIED" } })).toBe(1);

    session.user = sessionUserOf(await makeAdmin());
    expect((await get("no-such-recording")).status).toBe(404);
    await db.recording.update({ where: { id: rec.id }, data: { status: "DELETED", deletedAt: new Date() } });
    expect((await get(rec.id)).status).toBe(404);
    session.user = null;
    expect((await get(rec.id)).status).toBe(401);
  });

  it("never serves a storage key that points outside the recordings directory", async () => {
    const { rec } = await recording("../../package.json");
    session.user = sessionUserOf(await makeAdmin());
    expect((await get(rec.id)).status).toBe(404);
  });
});

describe("admin.recordings", () => {
  it("lists recordings with clinician, patient, size, consent and transcript status (not its text); admins only", async () => {
    await resetDatabase(env.DATABASE_URL!);
    const admin = await makeAdmin();
    const { rec, patient, clinician } = await recording();
    await db.transcript.create({ data: { recordingId: rec.id, status: "DONE", text: "Hello doctor" } });
    const list = await callerAs(admin).admin.recordings();
    expect(list).toEqual([
      expect.objectContaining({
        id: rec.id,
        patientId: patient.id,
        clinicianName: clinician.name,
        sizeBytes: 1000,
        durationSeconds: 42,
        consentRecorded: true,
        transcript: { status: "DONE", error: null },
      }),
    ]);
    expect(await db.auditEvent.count({ where: { action: "recording.list", actorId: admin.id } })).toBe(1);
    await expect(callerAs(clinician).admin.recordings()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
