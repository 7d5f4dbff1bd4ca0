import { build } from 'vite';
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { appBuild, loaderBuild } from '/work/main/packages/widget/scripts/build-config.ts';
const dir = '/tmp/kw/dist';
const out: any = await build({ ...appBuild(dir), build: { ...appBuild(dir).build, rolldownOptions: { ...appBuild(dir).build!.rolldownOptions } } });
await build(loaderBuild(dir));
for (const f of ['kefu-app.js', 'kefu.js']) {
  const b = readFileSync(`${dir}/${f}`);
  console.log(f, b.length, 'gzip', gzipSync(b, { level: 9 }).length, 'br', brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length);
}
const chunk = (Array.isArray(out) ? out[0] : out).output[0];
const mods = Object.entries(chunk.modules as Record<string, { renderedLength: number; code?: string | null }>);
const groups: Record<string, number> = {};
for (const [id, m] of mods) {
  const k = id.replace(/.*node_modules\/\.pnpm\/([^/]+)\/.*/, '$1').replace(/.*\/packages\//, 'pkg/');
  const g = k.startsWith('pkg/') ? k : k;
  groups[g] = (groups[g] ?? 0) + m.renderedLength;
}
for (const [k, v] of Object.entries(groups).sort((a, b) => b[1] - a[1])) console.log(String(v).padStart(7), k);
