import { createMigration } from '../../../scripts/db/create-migration';
const r = await createMigration({ name: 'touch_consultation', schemaPath: '/work/main/tests/db/.scratch/drift/schema.prisma', migrationsDir: '/work/main/tests/db/.scratch/drift/migrations', log: console.log });
console.log(r);
