import { createHash } from 'node:crypto';
import pg from 'pg';
import type { QueryOptions, SqlClient } from './sql/sql-client.ts';
import { createSqlStore, type SqlStoreOptions } from './sql/sql-store.ts';
import type { Store } from './store.ts';

export type PostgresStoreOptions = SqlStoreOptions & {
  /**
   * Prepare the hot path's statements once per connection (default true), saving the server's
   * parsing and planning on every message. Off behind a pooler that cannot keep prepared
   * statements (PgBouncer in transaction mode before 1.21, or without `max_prepared_statements`).
   */
  prepareStatements?: boolean;
  /**
   * How long one statement may take before it fails and its connection is dropped (default
   * 60 000; migrations at start have none, as they may wait for another node's). A database
   * behind a dead network path (a failover, a firewall dropping packets) never answers: without
   * this the statement waits for TCP to give up, a quarter of an hour, holding its conversation.
   */
  queryTimeoutMs?: number;
} & (
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
  checkConnectionOptions(options);
  const { prepareStatements: prepare = true, queryTimeoutMs = 60_000 } = options;
  if ('pool' in options) {
    const { pool, prepareStatements: _p, queryTimeoutMs: _q, ...sqlOptions } = options;
    const sql = pgPoolClient(pool, { owned: false, prepare });
    const store = await createSqlStore(sql, sqlOptions);
    sql.setQueryTimeout(queryTimeoutMs);
    return store;
  }
  const {
    connectionString,
    max = 10,
    onPoolError = () => {},
    prepareStatements: _p,
    queryTimeoutMs: _q,
    ...sqlOptions
  } = options;
  // keepAlive: an idle connection whose server vanished is found and dropped by TCP.
  // application_name: on call finds the hub's connections in pg_stat_activity (to end them, or to
  // see what they wait on); `?application_name=kefu-node-a` in the URL wins over it.
  const pool = new pg.Pool({
    connectionString,
    max,
    keepAlive: true,
    connectionTimeoutMillis: queryTimeoutMs,
    application_name: 'kefu',
  });
  pool.on('error', onPoolError);
  try {
    const sql = pgPoolClient(pool, { owned: true, prepare });
    const store = await createSqlStore(sql, sqlOptions);
    sql.setQueryTimeout(queryTimeoutMs);
    return store;
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/**
 * Refuses options `pg` would misread, before any connection: `connectionString:
 * process.env.DATABASE_URL!` with the variable unset failed in pg's startup as "no PostgreSQL user
 * name specified", and a pool given beside a connection string silently won over it.
 */
function checkConnectionOptions(options: PostgresStoreOptions): void {
  const given = options as { connectionString?: unknown; pool?: unknown };
  const fail = (message: string): never => {
    throw new TypeError(`createPostgresStore: ${message}`);
  };
  const example = 'postgres://kefu@db.internal:5432/kefu';
  if ('pool' in options && 'connectionString' in options) fail('give a connectionString or a pool, not both');
  if ('pool' in options) {
    // By shape, not instanceof: the merchant's pool may come from another copy of pg.
    const pool = given.pool as { connect?: unknown } | null | undefined;
    if (typeof pool?.connect !== 'function') fail(`pool must be a pg.Pool (got ${typeof given.pool})`);
    return;
  }
  if (typeof given.connectionString !== 'string' || given.connectionString.trim() === '')
    fail(
      `connectionString must be a PostgreSQL URL such as ${example} (got ${
        typeof given.connectionString === 'string' ? 'an empty string' : typeof given.connectionString
      }: is DATABASE_URL set?), or pass a pg.Pool as pool`,
    );
  // pg reads any scheme as PostgreSQL's: `postgress://db` went on to look up the host `db` (ENOTFOUND).
  // `socket:` and a bare path are pg's own forms for a Unix socket.
  const scheme = /^([a-z][a-z0-9+.-]*):(\/\/)?/i.exec((given.connectionString as string).trim());
  if (scheme && !/^(postgres|postgresql|socket)$/i.test(scheme[1]!))
    fail(`connectionString must start with postgres:// or postgresql:// (got ${scheme[0]})`);
}

/**
 * Adapts a `pg` pool to {@link SqlClient}: a transaction holds one pooled connection throughout.
 * With `prepare` (the default), the statements the store marks `prepare` are prepared once per
 * connection.
 */
export function pgPoolClient(
  pool: pg.Pool,
  { owned, prepare = true }: { owned: boolean; prepare?: boolean },
): SqlClient & { setQueryTimeout(ms: number | undefined): void } {
  let timeoutMs: number | undefined;
  const run = <Row>(lease: Lease, text: string, params?: readonly unknown[], options?: QueryOptions) =>
    runOn<Row>(lease.client, text, params, prepare && options?.prepare === true, timeoutMs).catch(
      (error: unknown) => {
        // The driver's own failures (a timeout, a lost socket) leave the connection unusable.
        if (!(error instanceof pg.DatabaseError)) lease.broken ??= error as Error;
        throw error;
      },
    );
  return {
    /** From now on each statement fails after `ms` (undefined: never), and its connection is dropped. */
    setQueryTimeout(ms) {
      timeoutMs = ms;
    },
    async query<Row>(text: string, params?: readonly unknown[], options?: QueryOptions) {
      // Not `pool.query`: a connection the pool opens for a query keeps that query's callback,
      // parameters and result for as long as it lives, so an erased shopper's id and words stayed
      // in memory. Checking a connection out first leaves only the checkout's resolver behind.
      const lease = await checkOut(pool);
      try {
        return await run<Row>(lease, text, params, options);
      } finally {
        lease.release();
      }
    },
    async transaction(fn) {
      const lease = await checkOut(pool);
      try {
        await run(lease, 'BEGIN');
        const result = await fn({ query: (text, params, options) => run(lease, text, params, options) });
        await run(lease, 'COMMIT');
        return result;
      } catch (error) {
        // A broken connection (a statement timed out: it would queue the ROLLBACK behind itself)
        // is destroyed, which ends the transaction on the server. One whose ROLLBACK fails is in
        // an unknown state: destroyed too, not pooled.
        if (!lease.broken)
          await run(lease, 'ROLLBACK').catch((rollbackError: Error) => {
            lease.broken ??= rollbackError;
          });
        throw error;
      } finally {
        lease.release();
      }
    },
    close: async () => {
      if (owned) await pool.end();
    },
  };
}

/**
 * A pooled connection checked out, listening for its errors while out. The pool listens only while
 * a connection is idle: one whose server goes away (a failover, `pg_terminate_backend`, a network
 * cut) between two statements of a checkout emits an `error` nobody heard, which crashed the hub.
 * The error marks the connection broken instead, so its release destroys it; the next statement on
 * it rejects, as the caller expects of a lost database.
 */
type Lease = Awaited<ReturnType<typeof checkOut>>;

async function checkOut(pool: pg.Pool) {
  const client = await pool.connect();
  const lease = {
    client,
    broken: undefined as Error | undefined,
    release() {
      client.off('error', onError);
      client.release(lease.broken);
    },
  };
  function onError(error: Error) {
    lease.broken ??= error;
  }
  client.on('error', onError);
  return lease;
}

/** `pg` types rows as its own QueryResultRow; the store names the shape it selected. */
async function runOn<Row>(
  on: pg.PoolClient,
  text: string,
  params: readonly unknown[] | undefined,
  prepare: boolean,
  timeoutMs: number | undefined,
) {
  const values = params as unknown[] | undefined;
  const result = await on.query({
    text,
    values,
    ...(prepare && { name: statementName(text) }),
    ...(timeoutMs !== undefined && { query_timeout: timeoutMs }),
  } as pg.QueryConfig);
  return result as unknown as { rows: Row[] };
}

const statementNames = new Map<string, string>();

/**
 * A prepared statement's name, from its text: `pg` keeps one statement per name on each
 * connection, so one text must always get one name, and two texts (two stores' schemas sharing a
 * pool) two names.
 */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `kefu_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
    statementNames.set(text, name);
  }
  return name;
}
