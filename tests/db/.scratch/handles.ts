import { createMigration } from '../../../scripts/db/create-migration';
const t0 = Date.now();
const r = await createMigration({ name: 'probe', migrationsDir: '/work/main/tests/db/.scratch/migprobe', log: console.log });
console.log(r, Date.now() - t0);
setTimeout(() => { console.log(process.getActiveResourcesInfo()); }, 500).unref();
