// Empties every app table between integration tests, in one statement and one round trip,
// keeping `_prisma_migrations`, and restarts the identity sequences.
//
// The integrity migration's triggers refuse to delete audit events and completed sessions,
// so they are switched off for this one transaction: `session_replication_role = replica`
// (needs a superuser, the usual test setup) silences user triggers and foreign-key checks, so
// a plain DELETE per table works in any order. On a small test database that is several times
// faster than TRUNCATE, which replaces every table's files. A role that only owns the tables
// falls back to TRUNCATE with ALTER TABLE ... DISABLE TRIGGER USER, undone in the same
// transaction.
import pg from "pg";

/** Anything that runs raw SQL: a PrismaClient, or a transaction client. */
export interface RawSqlRunner {
  $executeRawUnsafe(query: string): Promise<number>;
}

const RESET_SQL = `
DO $reset$
DECLARE
  app_tables text;
  app_table regclass;
  guarded regclass[];
  seq record;
BEGIN
  PERFORM set_config('session_replication_role', 'replica', true);
  FOR app_table IN
    SELECT format('%I.%I', schemaname, tablename)::regclass FROM pg_tables
     WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'
  LOOP
    EXECUTE format('DELETE FROM %s', app_table);
  END LOOP;
  FOR seq IN
    SELECT format('%I.%I', schemaname, sequencename) AS name, start_value FROM pg_sequences
     WHERE schemaname = current_schema()
  LOOP
    PERFORM setval(seq.name, seq.start_value, false);
  END LOOP;
EXCEPTION WHEN insufficient_privilege THEN
  SELECT string_agg(format('%I.%I', schemaname, tablename), ', ') INTO app_tables FROM pg_tables
   WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations';
  SELECT array_agg(DISTINCT t.tgrelid::regclass) INTO guarded FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
   WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace;
  FOREACH app_table IN ARRAY coalesce(guarded, '{}') LOOP
    EXECUTE format('ALTER TABLE %s DISABLE TRIGGER USER', app_table);
  END LOOP;
  IF app_tables IS NOT NULL THEN
    EXECUTE 'TRUNCATE ' || app_tables || ' RESTART IDENTITY';
  END IF;
  FOREACH app_table IN ARRAY coalesce(guarded, '{}') LOOP
    EXECUTE format('ALTER TABLE %s ENABLE TRIGGER USER', app_table);
  END LOOP;
END
$reset$`;

const pools = new Map<string, pg.Pool>();

function poolFor(url: string): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    // allowExitOnIdle: a forgotten pool never holds the test process open.
    pool = new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 1_000, allowExitOnIdle: true });
    // The database may be dropped under an idle connection at teardown; that is not an error.
    pool.on("error", () => {});
    pools.set(url, pool);
  }
  return pool;
}

// Tests book "in two minutes" whatever the hour or weekday CI runs at, and bookings outside
// the clinic's hours are refused: the harness's clinic is open around the clock (seven days,
// 00:00–24:00, a setting an admin can make too). A test of the hours rule, or of the
// built-in day, sets its own hours or deletes this row.
const OPEN_AROUND_THE_CLOCK_SQL = `
INSERT INTO "ClinicSettings" ("id", "opensMinute", "closesMinute", "slotMinutes", "weekdays", "updatedAt")
VALUES ('clinic', 0, 1440, 20, '{0,1,2,3,4,5,6}', now())
ON CONFLICT ("id") DO UPDATE SET "opensMinute" = 0, "closesMinute" = 1440, "slotMinutes" = 20, "weekdays" = '{0,1,2,3,4,5,6}', "updatedAt" = now()`;

async function run(target: string | RawSqlRunner, sql: string) {
  if (typeof target === "string") await poolFor(target).query(sql);
  else await target.$executeRawUnsafe(sql);
}

/**
 * Truncates all app tables (not `_prisma_migrations`) and restarts their identity sequences;
 * then the clinic is open around the clock again (see above).
 */
export async function resetDatabase(target: string | RawSqlRunner): Promise<void> {
  await run(target, RESET_SQL);
  await openClinicAroundTheClock(target);
}

/** The harness's clinic hours: every day, 00:00–24:00. */
export async function openClinicAroundTheClock(target: string | RawSqlRunner): Promise<void> {
  await run(target, OPEN_AROUND_THE_CLOCK_SQL);
}

/** Closes the connections resetDatabase(url) keeps; call from teardown if you like tidy exits. */
export async function closeResetConnections(): Promise<void> {
  const open = [...pools.values()];
  pools.clear();
  await Promise.all(open.map((pool) => pool.end()));
}
