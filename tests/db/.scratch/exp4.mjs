import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
const dir = process.argv[2], mode = process.argv[3];
const t0 = Date.now();
const db = await PGlite.create({ dataDir: dir, extensions: { btree_gist } });
console.log(mode, 'open ms', Date.now() - t0);
if (mode === 'write') {
  await db.exec('create extension if not exists btree_gist; create table if not exists t(x int); insert into t values (1);');
  console.log('written; hanging');
  setInterval(() => {}, 1000);
} else {
  console.log((await db.query('select count(*) from t')).rows, (await db.query("select extname from pg_extension")).rows);
  await db.close();
}
