import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
  const name = `kefu-pglite-seed-${seedKey()}.tar`;
  const path = join(tmpdir(), name);
  const cached = await readFile(path).catch(() => null);
  if (cached) return new Blob([cached]);
  const db = await PGlite.create();
  try {
    await migrate(pgliteClient(db, { owned: false }), 'kefu');
    const dump = await db.dumpDataDir('none');
    const bytes = Buffer.from(await dump.arrayBuffer());
    // Write then rename: a parallel test worker never reads half a file.
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, path);
    // Seeds of earlier migrations or PGlite builds are 40 MB each and never read again.
    for (const old of await readdir(tmpdir()))
      if (old.startsWith('kefu-pglite-seed-') && old.endsWith('.tar') && old !== name)
        await rm(join(tmpdir(), old), { force: true });
    return new Blob([bytes]);
  } finally {
    await db.close();
  }
}

function seedKey(): string {
  // The resolved path names the installed PGlite version (…/@electric-sql+pglite@0.5.16/…).
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const migrations = JSON.stringify(MIGRATIONS.map((m) => [m.version, m.statements('"s"')]));
  return createHash('sha256').update(pglite).update(migrations).digest('hex').slice(0, 16);
}
