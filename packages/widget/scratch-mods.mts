import { build } from 'vite';
import { appBuild } from '/work/main/packages/widget/scripts/build-config.ts';
const dir = '/tmp/kw/dist2';
const out: any = await build({ ...appBuild(dir), build: { ...appBuild(dir).build, minify: false, rolldownOptions: { output: { minify: false } } } });
const chunk = (Array.isArray(out) ? out[0] : out).output[0];
for (const [id, m] of Object.entries(chunk.modules as Record<string, any>).sort((a: any, b: any) => b[1].renderedLength - a[1].renderedLength)) if (/zod|preact/.test(id)) console.log(String(m.renderedLength).padStart(7), id.replace(/.*node_modules\/\.pnpm\//, ''));
