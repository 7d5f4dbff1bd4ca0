import { mkdir } from 'node:fs/promises';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
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
}

/**
 * The embedded default: PostgreSQL compiled to wasm, in this process, nothing to install.
 * Same SQL and migrations as {@link createPostgresStore}.
 * @example
 * const store = await createPgliteStore({ dataDir: './.data/kefu' });
 * const hub = createHub({ sites, store });
 */
export async function createPgliteStore(options: PgliteStoreOptions = {}): Promise<Store> {
  const { dataDir, loadDataDir, pglite, pgliteOptions, ...sqlOptions } = options;
  // PGlite creates the directory but not its parents (`./.data/kefu` on a fresh checkout).
  if (!pglite && dataDir !== undefined && !dataDir.includes('://')) await mkdir(dataDir, { recursive: true });
  const db =
    pglite ??
    (await PGlite.create({
      ...pgliteOptions,
      ...(dataDir !== undefined && { dataDir }),
      ...(loadDataDir && { loadDataDir }),
    }));
  return createSqlStore(pgliteClient(db, { owned: !pglite }), sqlOptions);
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
