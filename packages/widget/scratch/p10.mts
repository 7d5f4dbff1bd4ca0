import { build } from 'vite';
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { appBuild } from '../scripts/build-config.ts';
const P = '/tmp/kw/p10/package';
const dir = '/tmp/kw/p10out';
const cfg = appBuild(dir);
await build({ ...cfg, resolve: { ...cfg.resolve, alias: [
  { find: /^preact$/, replacement: `${P}/dist/preact.module.js` },
  { find: /^preact\/hooks$/, replacement: `${P}/hooks/dist/hooks.module.js` },
  { find: /^preact\/jsx-runtime$/, replacement: `${P}/jsx-runtime/dist/jsxRuntime.module.js` },
] } });
const b = readFileSync(`${dir}/kefu-app.js`);
console.log('preact10', b.length, 'gzip', gzipSync(b, { level: 9 }).length, 'br', brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length);
