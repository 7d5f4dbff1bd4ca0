import { PGlite } from '@electric-sql/pglite';

let t = performance.now();
const db = await PGlite.create();
console.log('fresh', performance.now() - t, process.memoryUsage().rss / 1e6);
console.log(
  (
    await db.query("select 1::int8 as a, $1::text[] as b, pg_advisory_xact_lock(hashtext('x')) as l", [
      ['a', 'b'],
    ])
  ).rows,
);
for (const v of ['{"a":"x\\u0000y"}', '{"a":"\\ud800"}']) {
  for (const ty of ['json', 'jsonb']) {
    try {
      const r = await db.query(`select $1::text::${ty} as v`, [v]);
      console.log(ty, JSON.stringify(r.rows[0].v));
    } catch (e) {
      console.log(ty, 'ERR', e.message);
    }
  }
}
console.log((await db.query('select $1::text::jsonb as v', [JSON.stringify({ a: 1 })])).rows);
t = performance.now();
const dump = await db.dumpDataDir('none');
console.log('dump', performance.now() - t, dump.size);
t = performance.now();
const db2 = await PGlite.create({ loadDataDir: dump });
console.log('load', performance.now() - t, process.memoryUsage().rss / 1e6);
