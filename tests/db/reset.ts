// Empties every app table between integration tests, in one statement and one round trip.
//
// TRUNCATE ... RESTART IDENTITY on all tables at once (foreign keys need no ordering), keeping
// `_prisma_migrations`. The integrity migration guards "AuditEvent" and completed
// "TelemedicineSession" rows against TRUNCATE too, so the guards are switched off for this
// transaction only: `session_replication_role = replica` (superuser, the usual test setup),
// or, for a role that merely owns the tables, ALTER TABLE ... DISABLE TRIGGER USER, which the
// same transaction undoes.
import pg from "pg";

/** Anything that runs raw SQL: a PrismaClient, or a transaction client. */
export interface RawSqlRunner {
  $executeRawUnsafe(query: string): Promise<number>;
}

const RESET_SQL = `
DO $reset$
DECLARE
  app_tables text;
  guarded regclass;
BEGIN
  SELECT string_agg(format('%I.%I', schemaname, tablename), ', ')
    INTO app_tables
    FROM pg_tables
   WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations';
  IF app_tables IS NULL THEN
    RETURN;
  END IF;
  BEGIN
    PERFORM set_config('session_replication_role', 'replica', true);
    EXECUTE 'TRUNCATE ' || app_tables || ' RESTART IDENTITY CASCADE';
  EXCEPTION WHEN insufficient_privilege THEN
    FOR guarded IN
      SELECT DISTINCT tgrelid::regclass FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace
    LOOP
      EXECUTE format('ALTER TABLE %s DISABLE TRIGGER USER', guarded);
    END LOOP;
    EXECUTE 'TRUNCATE ' || app_tables || ' RESTART IDENTITY CASCADE';
    FOR guarded IN
      SELECT DISTINCT tgrelid::regclass FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace
    LOOP
      EXECUTE format('ALTER TABLE %s ENABLE TRIGGER USER', guarded);
    END LOOP;
  END;
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

/** Truncates all app tables (not `_prisma_migrations`) and restarts their identity sequences. */
export async function resetDatabase(target: string | RawSqlRunner): Promise<void> {
  if (typeof target === "string") {
    await poolFor(target).query(RESET_SQL);
  } else {
    await target.$executeRawUnsafe(RESET_SQL);
  }
}

/** Closes the connections resetDatabase(url) keeps; call from teardown if you like tidy exits. */
export async function closeResetConnections(): Promise<void> {
  const open = [...pools.values()];
  pools.clear();
  await Promise.all(open.map((pool) => pool.end()));
}
