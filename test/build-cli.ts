import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { bundleForNode } from './bundle-for-node.ts';

/**
 * A global set-up: the `kefu` CLI (bin.ts and the SDK sources it imports) bundled once per run, with
 * the PGlite thread's script beside it where the CLI looks for it, under the SDK's node_modules (so
 * dependencies resolve as the SDK's do). Tests that start hub processes (the cluster's nodes) run
 * `node <kefuCli> hub …` from it instead of the sources through tsx: about 1.5 s of CPU less per start.
 * Not for `kefu version`, which reads the package.json two folders up from the script.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = fileURLToPath(
    new URL(`../packages/sdk/node_modules/.cache/kefu-cli-${process.pid}/`, import.meta.url),
  );
  await mkdir(dir, { recursive: true });
  // Under node_modules, Node looks no further up for a package.json: this one makes `.js` ESM.
  await writeFile(`${dir}package.json`, '{ "type": "module" }\n');
  const sdk = (path: string) => fileURLToPath(new URL(`../packages/sdk/src/${path}`, import.meta.url));
  await Promise.all([
    bundleForNode(sdk('cli/bin.ts'), `${dir}bin.mjs`),
    bundleForNode(sdk('store/pglite-worker.ts'), `${dir}pglite-worker.js`),
  ]);
  project.provide('kefuCli', `${dir}bin.mjs`);
  return () => rm(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The bundled `kefu` CLI (see build-cli.ts). */
    kefuCli: string;
  }
}
