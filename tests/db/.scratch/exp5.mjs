import { readFile } from 'node:fs/promises';
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
const filters = { externalTables: [], externalEnums: [] };
const migrationsList = { baseDir: '/x', lockfile: { path: 'migration_lock.toml', content: null }, shadowDbInitScript: '', migrationDirectories: [] };
for (const [name, fn] of [
  ['devDiagnostic', () => engine.devDiagnostic({ migrationsList, filters })],
  ['markRolledBack', () => engine.markMigrationRolledBack({ migrationName: '20200101000000_a' })],
  ['diff', () => engine.diff({ from: { tag: 'empty' }, to: { tag: 'url', url }, script: true, exitCode: null, filters })],
]) {
  try { console.log(name, JSON.stringify(await fn()).slice(0, 300)); } catch (e) { console.error('ERR', name, e.message.slice(0, 400)); }
}
engine.free();
process.exit(0);
