import { build } from 'esbuild';

/**
 * Bundles a TypeScript entry and the workspace sources it imports into one ESM file for Node, every
 * npm dependency left external (loaded as installed, from beside `outfile`: put it under the SDK's
 * node_modules). A test process started from the bundle skips tsx's loader, which cost each
 * start about 1.5 s of CPU (the sources transformed, then loaded through its loader thread).
 */
export async function bundleForNode(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    // The workspace's own sources are bundled; every npm dependency is loaded as installed.
    plugins: [
      {
        name: 'npm-dependencies-external',
        setup(bundle) {
          bundle.onResolve({ filter: /^[^./]/ }, ({ path }) =>
            path.startsWith('@kefu/') ? undefined : { path, external: true },
          );
        },
      },
    ],
    logLevel: 'warning',
  });
}
