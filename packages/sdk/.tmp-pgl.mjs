import { PGlite } from '@electric-sql/pglite';
import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
const f = readdirSync(tmpdir()).find((x) => x.startsWith('kefu-pglite-seed-'));
const bytes = readFileSync(`${tmpdir()}/${f}`);
for (let i = 0; i < 3; i++) {
const c0 = process.cpuUsage(); const t = performance.now();
const db = await PGlite.create({ loadDataDir: new Blob([bytes]) });
await db.query('select 1');
const u = process.cpuUsage(c0);
console.log('seed', i, 'wall', (performance.now() - t).toFixed(0), 'cpu ms', ((u.user + u.system) / 1000).toFixed(0));
await db.close();
}
