import { build, type Plugin } from 'vite';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { appBuild } from '../scripts/build-config.ts';
// usage: ablate.mts 'file-regex' 'search-regex' 'replacement' ...
const args = process.argv.slice(2);
const rules: [RegExp, RegExp, string][] = [];
for (let i = 0; i < args.length; i += 3) rules.push([new RegExp(args[i]!), new RegExp(args[i + 1]!, 'gs'), args[i + 2]!]);
const plugin: Plugin = { name: 'ablate', enforce: 'pre', transform(code, id) { let c = code; for (const [f, s, r] of rules) if (f.test(id)) c = c.replace(s, r); return c === code ? null : { code: c, map: null }; } };
const dir = '/tmp/kw/ablate';
const cfg = appBuild(dir);
await build({ ...cfg, plugins: [plugin, ...(cfg.plugins ?? [])] });
const b = readFileSync(`${dir}/kefu-app.js`);
console.log(b.length, 'gzip', gzipSync(b, { level: 9 }).length);
