import { fileURLToPath } from 'node:url';
import { build, defineConfig } from 'vite';
import { appBuild, loaderBuild, moduleBuild } from './scripts/build-config.ts';

const dist = fileURLToPath(new URL('dist', import.meta.url));

// `vite build -c vite.config.ts` builds the app (kefu-app.js), then the SPA entry (kefu.mjs) and the
// IIFE loader (kefu.js) as two more builds: an IIFE cannot share a build with ES output.
export default defineConfig({
  ...appBuild(dist),
  plugins: [
    ...(appBuild(dist).plugins ?? []),
    {
      name: 'kefu-entries',
      apply: 'build',
      async closeBundle() {
        await build(moduleBuild(dist));
        await build(loaderBuild(dist));
      },
    },
  ],
});
