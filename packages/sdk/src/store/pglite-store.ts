import { mkdir, readdir, readFile } from 'node:fs/promises';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.ts';
import { type PgliteThreadStart, pgliteThreadClient } from './pglite-thread-client.ts';
import type { SqlClient } from './sql/sql-client.ts';
import { createSqlStore, type SqlStoreOptions } from './sql/sql-store.ts';
import type { Store } from './store.ts';

export interface PgliteStoreOptions extends SqlStoreOptions {
  /** Directory the database lives in (created if missing); undefined keeps it in memory. */
  dataDir?: string;
  /**
   * A `dumpDataDir()` tarball to start a new database from: it skips initdb (seconds) and opens in
   * well under one. A dataDir that already holds anything opens as it is. Used by tests and
   * benchmarks (see `pglite-seed.ts`); without it, a new database (in memory, or in a new or empty
   * dataDir) with no `pgliteOptions` starts from the file `KEFU_PGLITE_SEED` names, if set.
   */
  loadDataDir?: Blob;
  /** An open database to use instead; `close()` then leaves it open for its owner. */
  pglite?: PGlite;
  /**
   * Passed to `PGlite.create`, for tuning: e.g. `postgresqlconf: ['shared_buffers = 16MB']`
   * takes a reopened database from about 290 MB to about 165 MB RSS (see `pnpm bench store`).
   */
  pgliteOptions?: Omit<PGliteOptions, 'dataDir' | 'loadDataDir'>;
  /**
   * Run the database in a worker thread (default false): PGlite runs each statement synchronously,
   * so in the hub's own thread every write stalls the hub meanwhile; in a thread of its own it
   * uses a second core (see `pgliteThreadClient`). `pgliteOptions` then may not hold functions or
   * extensions, which cannot cross to the thread.
   */
  thread?: boolean;
}

/**
 * The embedded default: PostgreSQL compiled to wasm, in this process, nothing to install.
 * Same SQL and migrations as {@link createPostgresStore}.
 *
 * Durability on a dataDir: a write resolves once its COMMIT has returned, and by then PostgreSQL
 * has written its WAL to the files with write(). PGlite runs PostgreSQL with fsync off, so what
 * was acknowledged survives a kill of the process (see pglite-durability.test.ts) but not a crash
 * of the machine or a power loss, which lose what the OS had not yet flushed to disk.
 * @example
 * const store = await createPgliteStore({ dataDir: './.data/kefu' });
 * const hub = createHub({ sites, store });
 */
export async function createPgliteStore(options: PgliteStoreOptions = {}): Promise<Store> {
  const { dataDir, loadDataDir, pglite, pgliteOptions, thread, ...sqlOptions } = options;
  const onDisk = !pglite && dataDir !== undefined && !dataDir.includes('://');
  // PGlite creates the directory but not its parents (`./.data/kefu` on a fresh checkout).
  if (onDisk) await mkdir(dataDir, { recursive: true });
  const release = onDisk ? lockDataDir(dataDir) : () => {};
  let client: SqlClient | undefined;
  try {
    // Once the directory is locked: whether it is new cannot change meanwhile.
    const dump = pglite ? undefined : await startingDump(options, onDisk);
    if (thread && !pglite)
      client = await pgliteThreadClient({
        ...(dataDir !== undefined && { dataDir }),
        ...(dump && { loadDataDir: await dump.arrayBuffer() }),
        options: (pgliteOptions ?? {}) as PgliteThreadStart['options'],
      });
    else {
      const db =
        pglite ??
        (await PGlite.create({
          ...pgliteOptions,
          ...(dataDir !== undefined && { dataDir }),
          ...(dump && { loadDataDir: dump }),
        }));
      client = pgliteClient(db, { owned: !pglite });
    }
    return await createSqlStore(releasing(client, release), sqlOptions);
  } catch (error) {
    await client?.close().catch(() => {});
    release();
    throw error;
  }
}

/**
 * The dump a new database starts from: `loadDataDir`, else the file `KEFU_PGLITE_SEED` names, a
 * test and CI aid (`pgliteInitdbSeedFile()`: what initdb makes, so the migrations then run as on
 * any new database). None for a folder that holds anything: its data is never replaced. None from
 * the variable with `pgliteOptions` either, which initdb reads (user, database, settings).
 */
async function startingDump(
  { dataDir, loadDataDir, pgliteOptions }: PgliteStoreOptions,
  onDisk: boolean,
): Promise<Blob | undefined> {
  if (onDisk && (await readdir(dataDir as string)).length > 0) return undefined;
  if (loadDataDir) return loadDataDir;
  const seed = process.env.KEFU_PGLITE_SEED;
  // Not for another file system's URL (`idb://…`): whether it holds a database cannot be told here.
  if (!seed || pgliteOptions || (dataDir !== undefined && !onDisk)) return undefined;
  return new Blob([await readFile(seed)]);
}

/** The client, whose close also gives up the data directory once the database is closed. */
function releasing(client: SqlClient, release: () => void): SqlClient {
  return {
    ...client,
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/** Adapts a PGlite database to {@link SqlClient}; PGlite queues concurrent transactions itself. */
export function pgliteClient(db: PGlite, { owned }: { owned: boolean }): SqlClient {
  return {
    query: async (text, params) => db.query(text, params as unknown[] | undefined),
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({ query: async (text, params) => tx.query(text, params as unknown[] | undefined) }),
      ),
    close: async () => {
      if (owned) await db.close();
    },
  };
}
