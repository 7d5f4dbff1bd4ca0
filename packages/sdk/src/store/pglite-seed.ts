import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgliteClient } from './pglite-store.ts';
import { MIGRATIONS, migrate } from './sql/migrations.ts';

/**
 * A `dumpDataDir()` tarball of a database already through initdb and migrated (schema `kefu`),
 * for tests and benchmarks. initdb costs seconds; opening a dump well under one. The dump is
 * cached in the OS temp directory, keyed by the PGlite build and the migrations, so test files
 * after the first (and later runs) skip initdb entirely.
 * @example
 * const store = await createPgliteStore({ loadDataDir: await pgliteSeed() });
 */
export async function pgliteSeed(): Promise<Blob> {
  const migrations = JSON.stringify(MIGRATIONS.map((m) => [m.version, m.statements('"s"')]));
  const path = await cachedDump('kefu-pglite-seed-', migrations, async () => {
    // From the initdb dump: a cold cache pays initdb once for both.
    const db = await PGlite.create({ loadDataDir: await pgliteInitdbSeed() });
    await migrate(pgliteClient(db, { owned: false }), 'kefu');
    return db;
  });
  return new Blob([await readFile(path)]);
}

/**
 * The file of a `dumpDataDir()` tarball of a database just through initdb, nothing of Kefu's in it
 * yet: what a new data folder holds once PGlite has run initdb, without the seconds initdb takes.
 * Tests hand it to the processes they start as `KEFU_PGLITE_SEED` (read by `createPgliteStore`),
 * and its Blob ({@link pgliteInitdbSeed}) as `loadDataDir`; the migrations then run as on any new
 * database. Cached in the OS temp directory, keyed by the PGlite build.
 * @example
 * spawn(process.execPath, [bin, 'migrate'], { env: { ...process.env, KEFU_PGLITE_SEED: await pgliteInitdbSeedFile() } });
 */
export function pgliteInitdbSeedFile(): Promise<string> {
  return cachedDump('kefu-pglite-initdb-', '', () => PGlite.create());
}

/** {@link pgliteInitdbSeedFile}'s tarball, for `createPgliteStore({ dataDir, loadDataDir })`. */
export async function pgliteInitdbSeed(): Promise<Blob> {
  return new Blob([await readFile(await pgliteInitdbSeedFile())]);
}

/** The path of the dump of the database `open` makes, made once per `prefix`, PGlite build and `key`. */
async function cachedDump(prefix: string, key: string, open: () => Promise<PGlite>): Promise<string> {
  // The resolved path names the installed PGlite version (…/@electric-sql+pglite@0.5.16/…).
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const name = `${prefix}${createHash('sha256').update(pglite).update(key).digest('hex').slice(0, 16)}.tar`;
  const path = join(tmpdir(), name);
  if (await stat(path).catch(() => null)) return path;
  const db = await open();
  try {
    const dump = await db.dumpDataDir('none');
    // Write then rename: a parallel test worker never reads half a file.
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, path);
    // Dumps of earlier migrations or PGlite builds are 40 MB each and never read again.
    for (const old of await readdir(tmpdir()))
      if (old.startsWith(prefix) && old.endsWith('.tar') && old !== name)
        await rm(join(tmpdir(), old), { force: true });
    return path;
  } finally {
    await db.close();
  }
}
