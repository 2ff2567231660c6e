import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
const db = await PGlite.create();
const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 20 });
await server.start();
const port = server.getServerConn().split(':')[1];
const pool = new pg.Pool({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`, max: 8 });
let bad = 0, errs = 0;
const t0 = Date.now();
await Promise.all(Array.from({ length: 2000 }, async (_, i) => {
  try {
    const r = i % 2 ? await pool.query('select $1::int as v, $2::text as t', [i, 'x' + i])
                    : await pool.query('select $1::text as t, $2::int as v', ['x' + i, i]);
    if (r.rows[0].v !== i || r.rows[0].t !== 'x' + i) bad++;
  } catch (e) { errs++; if (errs < 4) console.error(e.message); }
}));
console.log({ bad, errs, ms: Date.now() - t0 });
// transaction isolation across clients
const a = await pool.connect(), b = await pool.connect();
await a.query('create table t(x int)');
await a.query('begin'); await a.query('insert into t values (1)');
const pb = b.query('select count(*)::int c from t');
await new Promise(r => setTimeout(r, 100));
await a.query('rollback');
console.log('b sees', (await pb).rows[0]);
a.release(); b.release();
await pool.end(); await server.stop(); await db.close();
