import pg from 'pg';
import type { SqlClient } from './sql/sql-client.ts';
import { createSqlStore, type SqlStoreOptions } from './sql/sql-store.ts';
import type { Store } from './store.ts';

export type PostgresStoreOptions = SqlStoreOptions &
  (
    | {
        /** e.g. `postgres://kefu@db.internal:5432/kefu` */
        connectionString: string;
        /** Pool size (default 10). */
        max?: number;
        /**
         * Errors of idle pooled connections (the server restarted, the network dropped). The pool
         * already discarded the connection; without a listener Node would crash the process.
         */
        onPoolError?: (error: Error) => void;
      }
    | {
        /** A pool you own: `close()` leaves it open. */
        pool: pg.Pool;
      }
  );

/**
 * The store for production and for several hub nodes: PostgreSQL through a `pg` pool. All nodes
 * may start at once; the migrations take a lock.
 * @example
 * const store = await createPostgresStore({ connectionString: process.env.DATABASE_URL! });
 * const hub = createHub({ sites, store, bus: createRedisBus({ url: process.env.REDIS_URL! }) });
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  if ('pool' in options) {
    const { pool, ...sqlOptions } = options;
    return createSqlStore(pgPoolClient(pool, { owned: false }), sqlOptions);
  }
  const { connectionString, max = 10, onPoolError = () => {}, ...sqlOptions } = options;
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', onPoolError);
  try {
    return await createSqlStore(pgPoolClient(pool, { owned: true }), sqlOptions);
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/** Adapts a `pg` pool to {@link SqlClient}: a transaction holds one pooled connection throughout. */
export function pgPoolClient(pool: pg.Pool, { owned }: { owned: boolean }): SqlClient {
  return {
    async query<Row>(text: string, params?: readonly unknown[]) {
      // Not `pool.query`: a connection the pool opens for a query keeps that query's callback,
      // parameters and result for as long as it lives, so an erased shopper's id and words stayed
      // in memory. Checking a connection out first leaves only the checkout's resolver behind.
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        return await run<Row>(client, text, params);
      } catch (error) {
        if (!(error instanceof pg.DatabaseError)) broken = error as Error;
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (text, params) => run(client, text, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection whose ROLLBACK fails is in an unknown state: destroy it, don't pool it.
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: async () => {
      if (owned) await pool.end();
    },
  };
}

/** `pg` types rows as its own QueryResultRow; the store names the shape it selected. */
async function run<Row>(on: pg.Pool | pg.PoolClient, text: string, params?: readonly unknown[]) {
  const result = await on.query(text, params as unknown[] | undefined);
  return result as unknown as { rows: Row[] };
}
