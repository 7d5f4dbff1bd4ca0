/**
 * The little a SQL store needs from a database driver, so one set of SQL runs on PGlite and on
 * PostgreSQL (`pg`). Parameters are `$1`-style; json values are passed as JSON text.
 */
export interface SqlClient {
  query<Row = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<{ rows: Row[] }>;
  /**
   * Runs `fn` in one transaction (READ COMMITTED) on one connection: committed when it
   * resolves, rolled back when it throws.
   */
  transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T>;
  /** Releases what the adapter opened itself; a pool or database handed in stays open. */
  close(): Promise<void>;
}

export interface QueryOptions {
  /**
   * A statement of the hot path whose text never changes: a driver that can (`pg`) prepares it
   * once per connection and then only binds and executes it, skipping the server's parsing and
   * planning. Only for texts from a small fixed set: each one stays prepared on every connection.
   */
  prepare?: boolean;
}

/** A connection inside a transaction: queries only. */
export type SqlQuery = Pick<SqlClient, 'query'>;

/** Quotes an identifier (a schema name) for SQL text; schema names are not parameters in SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
