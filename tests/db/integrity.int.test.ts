// The database rules the app relies on, proved against a real engine: TEST_DATABASE_URL's
// PostgreSQL server when set, embedded PGlite otherwise. This file provisions its own
// database so it never touches the one other integration tests share.
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { applyMigrations, markMigrationRolledBack, MigrationHistoryError } from "../../scripts/db/migrate";
import { MIGRATIONS_DIR } from "../../scripts/db/schema-engine";
import { provisionTestDatabase, type TestDatabase } from "./provision";
import { closeResetConnections, resetDatabase } from "./reset";

let database: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  database = await provisionTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
}, 120_000);

afterAll(async () => {
  await client?.end();
  await closeResetConnections();
  await database?.teardown();
});

beforeEach(async () => {
  await resetDatabase(database.url);
});

async function sqlError(query: string, values: unknown[] = []): Promise<pg.DatabaseError> {
  try {
    await client.query(query, values);
  } catch (error) {
    return error as pg.DatabaseError;
  }
  throw new Error(`expected the database to refuse: ${query}`);
}

const NOW = "now()";

async function seedVisit(clinicianId = "clin-1"): Promise<{ clinicianId: string; patientId: string; visitId: string }> {
  await client.query(
    `INSERT INTO "User" (id, email, role, "updatedAt") VALUES ($1, $1 || '@example.test', 'CLINICIAN', ${NOW})
     ON CONFLICT DO NOTHING`,
    [clinicianId],
  );
  const patientId = `pat-${clinicianId}`;
  await client.query(
    `INSERT INTO "Patient" (id, mrn, "givenName", "familyName", "dateOfBirth", sex, "updatedAt")
     VALUES ($1, $1, 'Ada', 'Lovelace', '1990-01-01', 'FEMALE', ${NOW}) ON CONFLICT DO NOTHING`,
    [patientId],
  );
  const visitId = `visit-${clinicianId}`;
  await client.query(
    `INSERT INTO "Visit" (id, "patientId", "clinicianId", "updatedAt") VALUES ($1, $2, $3, ${NOW})
     ON CONFLICT DO NOTHING`,
    [visitId, patientId, clinicianId],
  );
  return { clinicianId, patientId, visitId };
}

let consultationCounter = 0;
async function book(ids: { clinicianId: string; patientId: string; visitId: string }, start: string, end: string, status = "SCHEDULED"): Promise<void> {
  consultationCounter += 1;
  await client.query(
    `INSERT INTO "Consultation" (id, "clinicianId", "patientId", "visitId", "scheduledStart", "scheduledEnd",
       "durationMinutes", status, "createdById", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $6, 30, $7, $2, ${NOW})`,
    [`cons-${consultationCounter}`, ids.clinicianId, ids.patientId, ids.visitId, start, end, status],
  );
}

describe("migrations", () => {
  it("applying them again changes nothing", async () => {
    expect(await applyMigrations({ url: database.url })).toEqual({ applied: [] });
  });

  it("refuses a migration edited after it was applied, naming it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bedside-migrations-"));
    try {
      await cp(MIGRATIONS_DIR, dir, { recursive: true });
      const first = (await readdir(dir)).filter((entry) => /^\d{14}_/.test(entry)).sort()[0]!;
      await writeFile(join(dir, first, "migration.sql"), "-- edited\n", { flag: "a" });

      const attempt = applyMigrations({ url: database.url, migrationsDir: dir });
      await expect(attempt).rejects.toBeInstanceOf(MigrationHistoryError);
      await expect(attempt).rejects.toThrow(first);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("applies a failing migration not at all, and lets it be retried once marked rolled back", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bedside-migrations-"));
    const name = "29991231235959_broken";
    try {
      await cp(MIGRATIONS_DIR, dir, { recursive: true });
      await mkdir(join(dir, name));
      await writeFile(join(dir, name, "migration.sql"), 'CREATE TABLE "Half" (id int);\nSELECT 1/0;\n');

      await expect(applyMigrations({ url: database.url, migrationsDir: dir })).rejects.toThrow(/division by zero/);
      const half = await client.query(`SELECT to_regclass('"Half"') AS t`);
      expect(half.rows[0].t).toBeNull();
      await expect(applyMigrations({ url: database.url, migrationsDir: dir })).rejects.toThrow(`--rolled-back ${name}`);

      await markMigrationRolledBack({ url: database.url, name });
      await writeFile(join(dir, name, "migration.sql"), 'CREATE TABLE "Half" (id int);\n');
      expect(await applyMigrations({ url: database.url, migrationsDir: dir })).toEqual({ applied: [name] });
    } finally {
      await client.query(`DROP TABLE IF EXISTS "Half"`);
      await client.query(`DELETE FROM _prisma_migrations WHERE migration_name = $1`, [name]);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("no double booking", () => {
  it("refuses an overlapping consultation for the same clinician", async () => {
    const ids = await seedVisit();
    await book(ids, "2030-01-07 10:00", "2030-01-07 10:30");
    const error = await sqlError(
      `INSERT INTO "Consultation" (id, "clinicianId", "patientId", "visitId", "scheduledStart", "scheduledEnd",
         "durationMinutes", "createdById", "updatedAt")
       VALUES ('overlap', $1, $2, $3, '2030-01-07 10:15', '2030-01-07 10:45', 30, $1, now())`,
      [ids.clinicianId, ids.patientId, ids.visitId],
    );
    expect(error.code).toBe("23P01");
    expect(error.constraint).toBe("Consultation_clinician_no_overlap");
  });

  it("accepts back-to-back consultations, other clinicians, and slots freed by cancellation", async () => {
    const ids = await seedVisit();
    const other = await seedVisit("clin-2");
    await book(ids, "2030-01-07 10:00", "2030-01-07 10:30");
    await book(ids, "2030-01-07 10:30", "2030-01-07 11:00");
    await book(ids, "2030-01-07 09:30", "2030-01-07 10:00");
    await book(other, "2030-01-07 10:00", "2030-01-07 10:30");
    await book(ids, "2030-01-07 10:10", "2030-01-07 10:20", "CANCELLED");
    await book(ids, "2030-01-07 10:10", "2030-01-07 10:20", "NO_SHOW");
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "Consultation"`);
    expect(rows[0].n).toBe(6);
  });

  it("refuses reinstating a cancelled consultation into a slot taken since", async () => {
    const ids = await seedVisit();
    await book(ids, "2030-01-07 10:00", "2030-01-07 10:30", "CANCELLED");
    await book(ids, "2030-01-07 10:00", "2030-01-07 10:30");
    const error = await sqlError(`UPDATE "Consultation" SET status = 'SCHEDULED' WHERE status = 'CANCELLED'`);
    expect(error.code).toBe("23P01");
  });

  it("refuses a consultation that ends before it starts", async () => {
    const ids = await seedVisit();
    const error = await sqlError(
      `INSERT INTO "Consultation" (id, "clinicianId", "patientId", "visitId", "scheduledStart", "scheduledEnd",
         "durationMinutes", "createdById", "updatedAt")
       VALUES ('backwards', $1, $2, $3, '2030-01-07 10:30', '2030-01-07 10:30', 0, $1, now())`,
      [ids.clinicianId, ids.patientId, ids.visitId],
    );
    expect(error.code).toBe("23514");
    expect(error.constraint).toBe("Consultation_scheduled_order_check");
  });
});

describe("completed telemedicine sessions", () => {
  async function session(status: string): Promise<string> {
    const ids = await seedVisit();
    const id = `sess-${status.toLowerCase()}`;
    await client.query(
      `INSERT INTO "TelemedicineSession" (id, "visitId", "roomName", provider, status, "createdById", "updatedAt")
       VALUES ($1, $2, $1, 'P2P', $3, $4, now())`,
      [id, ids.visitId, status, ids.clinicianId],
    );
    return id;
  }

  it("can be completed, and then neither changed nor deleted", async () => {
    const id = await session("IN_PROGRESS");
    await client.query(`UPDATE "TelemedicineSession" SET status = 'COMPLETED', "endedAt" = now(), "durationSeconds" = 600 WHERE id = $1`, [id]);

    const update = await sqlError(`UPDATE "TelemedicineSession" SET notes = 'later edit' WHERE id = $1`, [id]);
    expect(update.code).toBe("BD001");
    expect(update.message).toMatch(/^session_completed: telemedicine session sess-in_progress is completed/);

    const del = await sqlError(`DELETE FROM "TelemedicineSession" WHERE id = $1`, [id]);
    expect(del.code).toBe("BD001");
    expect(del.message).toMatch(/^session_completed: .* cannot be deleted/);

    const truncate = await sqlError(`TRUNCATE "TelemedicineSession" CASCADE`);
    expect(truncate.code).toBe("BD001");
  });

  it("stay editable until completed", async () => {
    const id = await session("SCHEDULED");
    await client.query(`UPDATE "TelemedicineSession" SET notes = 'fine', seq = seq + 1 WHERE id = $1`, [id]);
    await client.query(`UPDATE "TelemedicineSession" SET status = 'CANCELLED' WHERE id = $1`, [id]);
    await client.query(`DELETE FROM "TelemedicineSession" WHERE id = $1`, [id]);
  });
});

describe("a session's clinician", () => {
  it("is copied from the visit on insert, whatever the writer says, and cannot be changed", async () => {
    const { visitId } = await seedVisit("clin-1");
    await client.query(`INSERT INTO "User" (id, email, role, "updatedAt") VALUES ('clin-2', 'clin-2@example.test', 'CLINICIAN', now())`);
    await client.query(
      `INSERT INTO "TelemedicineSession" (id, "visitId", "roomName", provider, status, "createdById", "clinicianId", "updatedAt")
       VALUES ('sess-c', $1, 'room-c', 'P2P', 'SCHEDULED', 'clin-2', 'clin-2', now())`,
      [visitId],
    );
    const read = async () => (await client.query(`SELECT "clinicianId" FROM "TelemedicineSession" WHERE id = 'sess-c'`)).rows[0].clinicianId;
    expect(await read()).toBe("clin-1");
    await client.query(`UPDATE "TelemedicineSession" SET "clinicianId" = 'clin-2' WHERE id = 'sess-c'`);
    expect(await read()).toBe("clin-1");
  });
});

describe("audit trail", () => {
  async function audit(): Promise<string> {
    const { rows } = await client.query(`INSERT INTO "AuditEvent" (action, "entityType", outcome) VALUES ('visit.read', 'Visit', 'SUCCESS') RETURNING id`);
    return String(rows[0].id);
  }

  it("accepts sealing once: prevHash and hash from NULL to a value", async () => {
    const first = await audit();
    const second = await audit();
    await client.query(`UPDATE "AuditEvent" SET hash = 'h1' WHERE id = $1`, [first]);
    await client.query(`UPDATE "AuditEvent" SET "prevHash" = 'h1', hash = 'h2' WHERE id = $1`, [second]);
    const { rows } = await client.query(`SELECT "prevHash", hash FROM "AuditEvent" ORDER BY id`);
    expect(rows).toEqual([
      { prevHash: null, hash: "h1" },
      { prevHash: "h1", hash: "h2" },
    ]);
  });

  it("refuses changing any other column, resealing, or unsealing", async () => {
    const id = await audit();
    const edit = await sqlError(`UPDATE "AuditEvent" SET action = 'visit.update' WHERE id = $1`, [id]);
    expect(edit.code).toBe("BD002");
    expect(edit.message).toMatch(/^audit_append_only: /);
    const sneaky = await sqlError(`UPDATE "AuditEvent" SET hash = 'h', outcome = 'DENIED' WHERE id = $1`, [id]);
    expect(sneaky.code).toBe("BD002");

    await client.query(`UPDATE "AuditEvent" SET hash = 'h' WHERE id = $1`, [id]);
    expect((await sqlError(`UPDATE "AuditEvent" SET hash = 'forged' WHERE id = $1`, [id])).code).toBe("BD002");
    expect((await sqlError(`UPDATE "AuditEvent" SET hash = NULL WHERE id = $1`, [id])).code).toBe("BD002");
    expect((await sqlError(`UPDATE "AuditEvent" SET "prevHash" = 'late' WHERE id = $1`, [id])).code).toBe("BD002");
  });

  it("refuses DELETE and TRUNCATE", async () => {
    const id = await audit();
    const del = await sqlError(`DELETE FROM "AuditEvent" WHERE id = $1`, [id]);
    expect(del.code).toBe("BD002");
    expect(del.message).toBe("audit_append_only: audit events cannot be deleted");
    expect((await sqlError(`TRUNCATE "AuditEvent"`)).code).toBe("BD002");
  });
});

describe("money", () => {
  async function catalogItem(priceMinor: number): Promise<void> {
    await client.query(`INSERT INTO "ServiceCatalogItem" (id, code, name, "priceMinor", "updatedAt") VALUES ($1, $1, 'Consult', $2, now())`, [
      `item-${priceMinor}`,
      priceMinor,
    ]);
  }

  async function charge(amountMinor: number, quantity: number): Promise<void> {
    const ids = await seedVisit();
    await client.query(
      `INSERT INTO "ServiceCatalogItem" (id, code, name, "priceMinor", "updatedAt")
       VALUES ('item', 'TELEMED-001', 'Consult', 5000, now()) ON CONFLICT DO NOTHING`,
    );
    await client.query(
      `INSERT INTO "Charge" (id, "visitId", "catalogItemId", code, description, "unitPriceMinor", quantity,
         "amountMinor", currency, "createdById")
       VALUES (gen_random_uuid()::text, $1, 'item', 'TELEMED-001', 'Consult', 5000, $2, $3, 'USD', $4)`,
      [ids.visitId, quantity, amountMinor, ids.clinicianId],
    );
  }

  it("accepts free items and zero charges", async () => {
    await catalogItem(0);
    await charge(0, 1);
  });

  it("refuses negative prices and amounts, and non-positive quantities and payments", async () => {
    expect(
      (
        await sqlError(`INSERT INTO "ServiceCatalogItem" (id, code, name, "priceMinor", "updatedAt")
      VALUES ('neg', 'NEG', 'x', -1, now())`)
      ).constraint,
    ).toBe("ServiceCatalogItem_priceMinor_check");

    const negative = await charge(-1, 1).then(
      () => null,
      (e: pg.DatabaseError) => e,
    );
    expect(negative?.constraint).toBe("Charge_amountMinor_check");
    const noQuantity = await charge(5000, 0).then(
      () => null,
      (e: pg.DatabaseError) => e,
    );
    expect(noQuantity?.constraint).toBe("Charge_quantity_check");

    const ids = await seedVisit();
    const payment = await sqlError(
      `INSERT INTO "Payment" (id, "visitId", "amountMinor", currency, method, "receivedById")
       VALUES ('pay', $1, 0, 'USD', 'CASH', $2)`,
      [ids.visitId, ids.clinicianId],
    );
    expect(payment.code).toBe("23514");
    expect(payment.constraint).toBe("Payment_amountMinor_check");
  });
});

describe("resetDatabase", () => {
  it("empties every app table despite the guards, restarts identities, keeps the migration history", async () => {
    const ids = await seedVisit();
    await client.query(
      `INSERT INTO "TelemedicineSession" (id, "visitId", "roomName", provider, status, "createdById", "updatedAt")
       VALUES ('done', $1, 'done', 'P2P', 'COMPLETED', $2, now())`,
      [ids.visitId, ids.clinicianId],
    );
    await client.query(`INSERT INTO "AuditEvent" (action, "entityType", outcome) VALUES ('a', 'b', 'SUCCESS')`);

    await resetDatabase(database.url);

    const counts = await client.query(
      `SELECT (SELECT count(*) FROM "User")::int AS users, (SELECT count(*) FROM "TelemedicineSession")::int AS sessions,
              (SELECT count(*) FROM "AuditEvent")::int AS audits, (SELECT count(*) FROM _prisma_migrations)::int AS migrations`,
    );
    expect(counts.rows[0]).toMatchObject({ users: 0, sessions: 0, audits: 0 });
    expect(counts.rows[0].migrations).toBeGreaterThanOrEqual(2);

    const { rows } = await client.query(`INSERT INTO "AuditEvent" (action, "entityType", outcome) VALUES ('a', 'b', 'SUCCESS') RETURNING id`);
    expect(String(rows[0].id)).toBe("1");

    // The guards are back on after the reset.
    expect((await sqlError(`DELETE FROM "AuditEvent"`)).code).toBe("BD002");
  });
});
