// `npm run db:migrate`: applies prisma/migrations/*/migration.sql to DATABASE_URL.
//
// Works offline: it drives Prisma's own schema engine (WebAssembly build) over @prisma/adapter-pg,
// i.e. the code behind `prisma migrate deploy`, rather than a home-made applier. So the
// `_prisma_migrations` table, its rows and checksums are byte-for-byte what the CLI writes, and
// its rules hold too: a failed migration blocks later runs until it is resolved.
// scripts/db/migration-adapters.ts explains the two adapter fixes this needs; with them each
// migration script runs as one implicit transaction, so it applies completely or not at all.
// The same path serves a real PostgreSQL server and embedded PGlite behind its socket server.
//
// Before applying, the history is diagnosed without a shadow database: a migration that was
// edited after it was applied here is refused with the names of the files (deploy alone would
// not notice).
//
// CLI:
//   npm run db:migrate                          apply pending migrations
//   npm run db:migrate -- --rolled-back <name>  after a failed migration: record that it was
//                                               rolled back (nothing of it was applied), fix
//                                               the file, and migrate again
import { pathToFileURL } from "node:url";

import pg from "pg";

import { PgMigrationAdapterFactory } from "./migration-adapters";
import { loadMigrations, MIGRATIONS_DIR, NO_FILTER, runCli, withSchemaEngine } from "./schema-engine";

export interface ApplyMigrationsOptions {
  /** postgresql:// URL of the database to migrate. */
  url: string;
  log?: (line: string) => void;
  /** Defaults to prisma/migrations. */
  migrationsDir?: string;
}

export interface ApplyMigrationsResult {
  /** Names of the migrations this call applied, in order; empty when already up to date. */
  applied: string[];
}

export class MigrationHistoryError extends Error {
  override name = "MigrationHistoryError";
}

export async function applyMigrations({ url, log = () => {}, migrationsDir = MIGRATIONS_DIR }: ApplyMigrationsOptions): Promise<ApplyMigrationsResult> {
  const migrationsList = await loadMigrations(migrationsDir);
  if (migrationsList.migrationDirectories.length === 0) {
    log(`no migrations in ${migrationsDir}`);
    return { applied: [] };
  }

  // One connection: the engine works sequentially, and PGlite behind the socket is one backend.
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    return await withSchemaEngine(
      new PgMigrationAdapterFactory(pool),
      async (engine) => {
        const history = await engine.diagnoseMigrationHistory({
          migrationsList,
          optInToShadowDatabase: false,
          filters: NO_FILTER,
        });
        if (history.editedMigrationNames.length > 0) {
          throw new MigrationHistoryError(
            `these migrations were changed after they were applied to this database:\n` +
              history.editedMigrationNames.map((name) => `  - ${name}\n`).join("") +
              `Their checksums no longer match _prisma_migrations. Restore the files as applied ` +
              `(e.g. git checkout) and put the change in a new migration (npm run db:migration -- <name>).`,
          );
        }
        if (history.failedMigrationNames.length > 0) {
          const [name] = history.failedMigrationNames;
          throw new MigrationHistoryError(
            `migration ${name} failed on an earlier run, so nothing after it can be applied. ` +
              `It ran in a transaction, so none of it is in the database: fix the file, then run ` +
              `npm run db:migrate -- --rolled-back ${name} and migrate again.`,
          );
        }
        if (history.history?.diagnostic === "migrationsDirectoryIsBehind") {
          log(`warning: the database has migrations this checkout lacks: ` + history.history.unpersistedMigrationNames.join(", "));
        }

        const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
        for (const name of appliedMigrationNames) log(`applied ${name}`);
        if (appliedMigrationNames.length === 0) log("database is up to date");
        return { applied: appliedMigrationNames };
      },
      log,
    );
  } finally {
    await pool.end();
  }
}

/** Records that a failed migration was rolled back, so that it can be fixed and applied again. */
export async function markMigrationRolledBack({ url, name }: { url: string; name: string }): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await withSchemaEngine(new PgMigrationAdapterFactory(pool), (engine) => engine.markMigrationRolledBack({ migrationName: name }));
  } finally {
    await pool.end();
  }
}

async function main(argv: string[]): Promise<void> {
  // The CLI reads DATABASE_URL itself rather than through env.ts: migrating must not require
  // the app's other settings (auth secrets, mail keys) to be present.
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. `npm run dev` migrates its embedded database by itself; to migrate " +
        "another one, set DATABASE_URL=postgresql://user@host:5432/database",
    );
  }
  const log = (line: string) => console.log(line);

  const rolledBack = argv.indexOf("--rolled-back");
  if (rolledBack !== -1) {
    const name = argv[rolledBack + 1];
    if (!name) throw new Error("usage: npm run db:migrate -- --rolled-back <migration name>");
    await markMigrationRolledBack({ url, name });
    log(`marked ${name} as rolled back`);
    return;
  }

  const started = performance.now();
  const { applied } = await applyMigrations({ url, log });
  log(`${applied.length} migration(s) applied in ${Math.round(performance.now() - started)} ms`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCli("db:migrate", () => main(process.argv.slice(2)));
}
