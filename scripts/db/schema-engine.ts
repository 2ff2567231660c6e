// Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm), driven over a
// driver adapter. The Prisma CLI downloads a native engine for `migrate` and fails offline;
// this is the same engine code the CLI runs, so the migration files it writes and the
// `_prisma_migrations` rows it records are exactly the CLI's, and a machine with internet
// can keep using `prisma migrate` on the same history.
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationDirectory, MigrationList, SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
export const SCHEMA_PATH = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));
export const LOCKFILE_NAME = "migration_lock.toml";
export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

type EngineModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

let engineModule: Promise<EngineModule> | undefined;

// The engine arms timeouts (10 s, 60 s) that it never clears, which would keep the
// process alive long after the work is done. They are tracked here and cleared once no
// engine is running.
const engineTimers = new Set<ReturnType<typeof setTimeout>>();
let runningEngines = 0;

// A Rust panic inside the engine stores its message in this global registry (without it the
// panic handler itself crashes), then surfaces as an uncaught `RuntimeError: unreachable`
// from a promise callback, which no caller can catch. The CLIs print the message from here.
const panics = {
  message: "",
  set_message(message: string) {
    this.message = message;
  },
};
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= panics;

/** The last schema engine panic message, for a CLI's uncaughtException handler. */
export function lastEnginePanic(): string | undefined {
  return panics.message || undefined;
}

// The package's entry point imports the .wasm file as an ES module, which Node 20 cannot do;
// instantiate it by hand the way a bundler would.
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const bindings: EngineModule = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const jsPath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(jsPath.replace(/\.js$/, ".wasm"));
    const imports: WebAssembly.ModuleImports = { ...(bindings as unknown as WebAssembly.ModuleImports) };
    for (const name of Object.keys(imports).filter((key) => key.startsWith("__wbg_setTimeout_"))) {
      imports[name] = (callback: () => void, ms: number) => {
        const timer = setTimeout(() => {
          engineTimers.delete(timer);
          callback();
        }, ms >>> 0);
        engineTimers.add(timer);
        return timer;
      };
    }
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": imports });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return engineModule;
}

/**
 * Runs `fn` with a schema engine connected through `factory`, and frees the engine after.
 * Engine log lines at WARN or above go to `log`.
 */
export async function withSchemaEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  fn: (engine: SchemaEngine) => Promise<T>,
  log: (line: string) => void = () => {},
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  runningEngines++;
  try {
    const engine = await SchemaEngine.new({ datamodels: undefined }, (line: string) => forwardEngineLog(line, log), bound);
    try {
      return await fn(engine);
    } finally {
      engine.free();
    }
  } finally {
    if (--runningEngines === 0) {
      for (const timer of engineTimers) clearTimeout(timer);
      engineTimers.clear();
    }
  }
}

function forwardEngineLog(line: string, log: (line: string) => void): void {
  try {
    const entry = JSON.parse(line) as { level?: string; fields?: { message?: string } };
    if (entry.level === "WARN" || entry.level === "ERROR") log(`schema engine: ${entry.fields?.message ?? line}`);
  } catch {
    log(`schema engine: ${line}`);
  }
}

/** Reads the migrations directory the way the Prisma CLI does (directories in name order). */
export async function loadMigrations(baseDir: string = MIGRATIONS_DIR): Promise<MigrationList> {
  const lockContent = await readFile(join(baseDir, LOCKFILE_NAME), "utf8").catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const migrationDirectories: MigrationDirectory[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const content = await readFile(join(baseDir, entry.name, "migration.sql"), "utf8").then(
      (value) => ({ tag: "ok" as const, value }),
      (error: Error) => ({ tag: "error" as const, value: error.message }),
    );
    migrationDirectories.push({ path: entry.name, migrationFile: { path: "migration.sql", content } });
  }
  return {
    baseDir,
    lockfile: { path: LOCKFILE_NAME, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** Runs a db:* command line: prints a failure (including an engine panic) and sets the exit code. */
export function runCli(command: string, main: () => Promise<void>): void {
  const fail = (error: unknown) => {
    const panic = lastEnginePanic();
    const message = panic ? `schema engine panic: ${panic}` : error instanceof Error ? error.message : String(error);
    console.error(`${command} failed: ${message}`);
    process.exitCode = 1;
  };
  process.once("uncaughtException", (error) => {
    fail(error);
    process.exit();
  });
  main().catch(fail);
}
