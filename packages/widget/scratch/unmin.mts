import { build } from 'vite';
import { appBuild } from '../scripts/build-config.ts';
const entry = process.argv[2];
const dir = '/tmp/kw/unmin';
const cfg = appBuild(dir);
await build({ ...cfg, build: { ...cfg.build, minify: false, rolldownOptions: { output: { minify: false } }, lib: { ...(cfg.build!.lib as any), ...(entry ? { entry: new URL(entry, `file://${process.cwd()}/`).pathname } : {}) } } });
