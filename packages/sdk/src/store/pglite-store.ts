import { mkdir } from 'node:fs/promises';
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
   * A `dumpDataDir()` tarball to start from: a new in-memory database this way skips initdb
   * (seconds) and opens in well under one. Used by tests and benchmarks (see `pglite-seed.ts`).
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
    if (thread && !pglite)
      client = await pgliteThreadClient({
        ...(dataDir !== undefined && { dataDir }),
        ...(loadDataDir && { loadDataDir: await loadDataDir.arrayBuffer() }),
        options: (pgliteOptions ?? {}) as PgliteThreadStart['options'],
      });
    else {
      const db =
        pglite ??
        (await PGlite.create({
          ...pgliteOptions,
          ...(dataDir !== undefined && { dataDir }),
          ...(loadDataDir && { loadDataDir }),
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
