import { mkdir, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { makeVideoSession } from "@/tests/helpers/factories";
import { resetDatabase } from "@/tests/db/reset";
import { env } from "@/env";
import { run } from "./delete-expired-recordings";

const names = [`retention-a-${process.pid}.mp4`, `retention-b-${process.pid}.mp4`];
const pathOf = (n: string) => join(resolve(env.RECORDINGS_DIR), n);
const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

describe("recording retention", () => {
  beforeEach(async () => {
    await resetDatabase(env.DATABASE_URL!);
    await mkdir(resolve(env.RECORDINGS_DIR), { recursive: true });
    for (const n of names) await writeFile(pathOf(n), "bytes");
  });
  afterAll(async () => {
    for (const n of names) await rm(pathOf(n), { force: true });
  });

  it("deletes the file of a recording past its retention, keeps the row and audits; leaves the others", async () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const v = await makeVideoSession();
    const expired = await db.recording.create({
      data: { sessionId: v.session.id, status: "COMPLETED", storageKey: names[0], deleteAfter: new Date(now.getTime() - 1000), endedAt: now },
    });
    await db.transcript.create({ data: { recordingId: expired.id, status: "DONE", text: "secret words" } });
    const kept = await db.recording.create({
      data: { sessionId: v.session.id, status: "COMPLETED", storageKey: names[1], deleteAfter: new Date(now.getTime() + 1000), endedAt: now },
    });

    expect(await run({ now })).toEqual({ deleted: 1 });
    expect(await exists(pathOf(names[0]!))).toBe(false);
    expect(await exists(pathOf(names[1]!))).toBe(true);
    expect(await db.recording.findUniqueOrThrow({ where: { id: expired.id } })).toMatchObject({ status: "DELETED", deletedAt: now });
    expect(await db.recording.findUniqueOrThrow({ where: { id: kept.id } })).toMatchObject({ status: "COMPLETED", deletedAt: null });
    expect((await db.transcript.findUniqueOrThrow({ where: { recordingId: expired.id } })).text).toBeNull();
    expect(await db.auditEvent.findFirst({ where: { action: "recording.retention_delete", entityId: expired.id } })).toMatchObject({
      patientId: v.patient.id,
      actorId: null,
    });

    // Running again changes nothing.
    expect(await run({ now })).toEqual({ deleted: 0 });
  });
});
