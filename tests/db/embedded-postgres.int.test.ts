// The embedded database under concurrent clients: several pooled connections sending
// parameterised (extended-protocol) queries at once, as the app, its scheduler and the
// e2e fixtures do. Before oneExtendedQueryAtATime, their messages interleaved and queries
// bound each other's parameters.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/server/generated/prisma/client";
import { applyMigrations } from "../../scripts/db/migrate";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../scripts/lib/embedded-postgres";

let dir: string;
let server: EmbeddedPostgres;
let db: PrismaClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "bedside-embedded-"));
  server = await startEmbeddedPostgres({ dataDir: join(dir, "pgdata"), port: 0 });
  await applyMigrations({ url: server.url });
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: server.url, max: 3 }) });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("embedded PostgreSQL with several connections", () => {
  it("keeps concurrent parameterised queries apart (no crossed parameters, no wrong rows)", async () => {
    const errors: string[] = [];
    const wrong: string[] = [];
    const rounds = 60;
    await Promise.all(
      [
        (async () => {
          for (let n = 0; n < rounds; n++) {
            await db.schedulerLease.upsert({
              where: { name: `lease-${n % 3}` },
              create: { name: `lease-${n % 3}`, holder: `h:${n}`, expiresAt: new Date() },
              update: { holder: `h:${n}` },
            });
          }
        })(),
        (async () => {
          for (let n = 0; n < rounds; n++) await db.auditEvent.createMany({ data: [{ action: `a.${n}`, entityType: "T", outcome: "SUCCESS" }] });
        })(),
        (async () => {
          for (let n = 0; n < rounds; n++) {
            const rows = await db.auditEvent.findMany({ where: { id: { gt: BigInt(n) }, entityType: "T" }, take: 1, select: { entityType: true } });
            if (rows.some((r) => r.entityType !== "T")) wrong.push("audit");
          }
        })(),
        (async () => {
          for (let n = 0; n < rounds; n++) {
            const count = await db.$transaction(async (tx) => {
              await tx.schedulerLease.findMany({ where: { holder: { startsWith: "h:" } } });
              return tx.auditEvent.count({ where: { entityType: "T" } });
            });
            if (count < 0) wrong.push("count");
          }
        })(),
      ].map((p) => p.catch((e: Error) => errors.push(e.message.split("\n").filter(Boolean).at(-1) ?? e.message))),
    );
    expect(errors).toEqual([]);
    expect(wrong).toEqual([]);
    expect(await db.auditEvent.count({ where: { entityType: "T" } })).toBe(rounds);
  });
});
