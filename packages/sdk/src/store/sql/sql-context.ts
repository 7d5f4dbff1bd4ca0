import type { SqlClient } from './sql-client.ts';

/** What every part of a SQL store shares: one client and the schema its tables live in. */
export interface SqlContext {
  db: SqlClient;
  /** The schema's name as configured; advisory lock keys include it. */
  schema: string;
  /** The schema quoted for SQL text (by `quoteIdent`). */
  s: string;
}

export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';
/** The SQLSTATE of a database error, as the drivers report it. */
export const sqlState = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;
