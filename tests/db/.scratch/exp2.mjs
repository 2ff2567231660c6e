import { readFile, mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
const require = createRequire(import.meta.url);
const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg');
const { instance } = await WebAssembly.instantiate(await readFile(bgPath.replace(/\.js$/, '.wasm')), { './schema_engine_bg.js': bg });
bg.__wbg_set_wasm(instance.exports); instance.exports.__wbindgen_start();
const url = process.argv[2];
const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: url }));
const engine = await bg.SchemaEngine.new({ datamodels: undefined }, (m) => process.env.LOGS && console.error('LOG', m), factory);
const dir = '/work/main/tests/db/.scratch/mig';
const migrationsList = { baseDir: dir, lockfile: { path: 'migration_lock.toml', content: null }, shadowDbInitScript: '', migrationDirectories: [
 { path: '20200101000000_a', migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: 'CREATE TABLE "T" (id int primary key, c "char");\nCREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;\n' } } } ] };
const filters = { externalTables: [], externalEnums: [] };
for (const [name, fn] of [
  ['diagnose', () => engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters })],
  ['apply', () => engine.applyMigrations({ migrationsList, filters })],
  ['diagnose', () => engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters })],
]) {
  try { console.log(name, JSON.stringify(await fn())); } catch (e) { console.error('ERR', name, e.message, e.cause ?? '', factory.errorRegistry && e.id); }
}
engine.free();
