import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWidget } from './build-config.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
/** What the shipped files are made of: the widget, the client and protocol it bundles, the build, the lockfile. */
const INPUTS = [
  'packages/widget/src',
  'packages/widget/scripts',
  'packages/sdk/src',
  'packages/protocol/src',
];
const CACHE = join(repo, 'node_modules', '.cache', 'kefu-widget');

let built: Promise<string> | undefined;

/**
 * The widget as `pnpm build` makes it, built once for the sources as they are: every browser test
 * file (about 30, one after another) built its own, seconds each since terser minifies. The folder
 * is named for a hash of the inputs' contents (tests excluded), so an edit anywhere in them builds
 * afresh and a build is never reused for other sources; a build lands by rename, whole or not at all.
 * Read-only for its users.
 * @example
 * const dist = await builtWidget(); // …/node_modules/.cache/kefu-widget/<hash>/kefu.js
 */
export function builtWidget(): Promise<string> {
  built ??= buildOnce().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

async function buildOnce(): Promise<string> {
  const dir = join(CACHE, await inputsHash());
  /** Whether a build is in `dir`: the loader is the last of its three builds. */
  const landed = () =>
    stat(join(dir, 'kefu.js')).then(
      () => true,
      () => false,
    );
  if (await landed()) return dir;
  await mkdir(CACHE, { recursive: true });
  const fresh = await mkdtemp(join(CACHE, 'building-'));
  try {
    await buildWidget(fresh);
    await rename(fresh, dir);
    // Builds of earlier sources would pile up with every edit.
    for (const other of await readdir(CACHE))
      if (/^[0-9a-f]{16}$/.test(other) && join(CACHE, other) !== dir)
        await rm(join(CACHE, other), { recursive: true, force: true });
  } catch (error) {
    await rm(fresh, { recursive: true, force: true });
    // Another process (a second vitest worker) landed the same build first: it is the same one.
    if (!(await landed())) throw error;
  }
  return dir;
}

async function inputsHash(): Promise<string> {
  const hash = createHash('sha256');
  const files: string[] = ['pnpm-lock.yaml'];
  for (const input of INPUTS)
    for (const entry of await readdir(join(repo, input), { recursive: true, withFileTypes: true }))
      if (entry.isFile() && !/\.test\.tsx?$/.test(entry.name)) files.push(join(entry.parentPath, entry.name));
  for (const file of files.map((f) => (f.startsWith(repo) ? f : join(repo, f))).sort())
    hash
      .update(file.slice(repo.length))
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}
