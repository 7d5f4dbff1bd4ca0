import { mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { bundleForNode } from '../bundle-for-node.ts';

/**
 * The attack suite's global set-up: hub-child.ts and the SDK sources it imports, bundled once per
 * run into one ESM file beside the SDK's node_modules (so its dependencies resolve as the SDK's
 * do). Each attack starts its hub from that file: loading the sources through tsx's loader thread
 * cost every one of the suite's ~90 hub processes about 1.6 s more CPU than this (2.8 s → 1.2 s).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = fileURLToPath(
    new URL('../../packages/sdk/node_modules/.cache/kefu-attack-hub/', import.meta.url),
  );
  const outfile = `${dir}hub-child-${process.pid}.mjs`;
  await mkdir(dir, { recursive: true });
  await bundleForNode(fileURLToPath(new URL('./hub-child.ts', import.meta.url)), outfile);
  project.provide('attackHubChild', outfile);
  return () => rm(outfile, { force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The bundled hub-child.ts (see build-hub-child.ts). */
    attackHubChild: string;
  }
}
