import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { resetDatabase } from "@/tests/db/reset";
import { env } from "@/env";
import { auditRowHash } from "./audit-hash";
import { run, SEAL_GRACE_MS } from "./seal-audit-chain";
import { checkAuditChain } from "./verify-audit-chain";

const row = (action: string, occurredAt = new Date()) =>
  db.auditEvent.create({ data: { action, entityType: "Visit", outcome: "SUCCESS", occurredAt, metadata: { z: 1, a: [1, 2] } } });

describe("sealing the audit chain", () => {
  beforeEach(async () => {
    await resetDatabase(env.DATABASE_URL!);
  });

  it("links rows in id order: the first row's prevHash is empty, each next one points at the previous hash", async () => {
    const a = await row("a.read");
    const b = await row("b.read");
    await run({ now: new Date(Date.now() + SEAL_GRACE_MS + 1000) });
    const [sa, sb] = await db.auditEvent.findMany({ orderBy: { id: "asc" } });
    expect(sa!.prevHash).toBeNull();
    expect(sa!.hash).toBe(auditRowHash(null, a));
    expect(sb!.prevHash).toBe(sa!.hash);
    expect(sb!.hash).toBe(auditRowHash(sa!.hash, b));
  });

  it("continues the chain on the next run and leaves rows younger than the grace period", async () => {
    const now = Date.now();
    await row("old.read", new Date(now - 2 * SEAL_GRACE_MS));
    await row("fresh.read", new Date(now));
    expect(await run({ now: new Date(now) })).toEqual({ sealed: 1 });
    expect(await run({ now: new Date(now) })).toEqual({ sealed: 0 });
    expect(await run({ now: new Date(now + 2 * SEAL_GRACE_MS) })).toEqual({ sealed: 1 });
    expect(await checkAuditChain()).toEqual({ ok: true, checked: 2, firstBreak: null, unsealed: 0 });
  });

  it("two runners at once seal every row exactly once into one chain", async () => {
    for (let i = 0; i < 20; i++) await row(`r${i}.read`);
    const now = new Date(Date.now() + SEAL_GRACE_MS + 1000);
    const [x, y] = await Promise.all([run({ now }), run({ now })]);
    expect(x.sealed + y.sealed).toBe(20);
    expect(await checkAuditChain()).toMatchObject({ ok: true, checked: 20 });
  });

  it("the database refuses to change a sealed row or re-seal it", async () => {
    const a = await row("a.read");
    await run({ now: new Date(Date.now() + SEAL_GRACE_MS + 1000) });
    await expect(db.$executeRaw`UPDATE "AuditEvent" SET "hash" = 'x' WHERE "id" = ${a.id}`).rejects.toThrow(/audit_append_only/);
    await expect(db.$executeRaw`UPDATE "AuditEvent" SET "action" = 'x' WHERE "id" = ${a.id}`).rejects.toThrow(/audit_append_only/);
  });

  it("a removed row shows as a broken link", async () => {
    await row("a.read");
    const b = await row("b.read");
    await row("c.read");
    await run({ now: new Date(Date.now() + SEAL_GRACE_MS + 1000) });
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT set_config('session_replication_role', 'replica', true)`);
      await tx.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${b.id}`;
    });
    const report = await checkAuditChain();
    expect(report).toMatchObject({ ok: false, checked: 1, firstBreak: { reason: "link_mismatch" } });
  });
});
