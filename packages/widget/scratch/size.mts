import { build } from 'vite';
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { appBuild } from '../scripts/build-config.ts';
const entries = process.argv.slice(2);
for (const entry of entries) {
  const dir = `/tmp/kw/s-${entry.replace(/\W/g, '_')}`;
  const cfg = appBuild(dir);
  await build({ ...cfg, build: { ...cfg.build, lib: { ...(cfg.build!.lib as any), entry: new URL(entry, `file://${process.cwd()}/`).pathname } } });
  const b = readFileSync(`${dir}/kefu-app.js`);
  console.log(entry.padEnd(40), String(b.length).padStart(7), 'gzip', gzipSync(b, { level: 9 }).length, 'br', brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length);
}
