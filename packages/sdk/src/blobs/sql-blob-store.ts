import { Readable } from 'node:stream';
import { quoteIdent, type SqlClient } from '../store/sql/sql-client.ts';
import {
  assertBlobKey,
  assertBlobPrefix,
  assertContentType,
  type BlobStore,
  BlobStoreError,
  backend,
  bodyBytes,
} from './blob-store.ts';

export interface SqlBlobStoreOptions {
  /** The schema of the `blobs` table, created if missing (default `kefu`, beside the store's tables). */
  schema?: string;
}

/**
 * Blobs as `bytea` rows in PostgreSQL or PGlite, through the same {@link SqlClient} as the
 * conversation store: for a cluster that has a database and nothing else. A blob is read and
 * written whole (a `bytea` value is one value), so keep blobs to a few megabytes, which the image
 * intake does. Its table is its own, set up here rather than in the store's migrations so a hub
 * without photos never has it.
 * @example
 * import { pgPoolClient } from '@kefu/sdk/postgres';
 * const blobs = await createSqlBlobStore(pgPoolClient(pool, { owned: false }));
 */
export async function createSqlBlobStore(
  db: SqlClient,
  options: SqlBlobStoreOptions = {},
): Promise<BlobStore> {
  const schema = options.schema ?? 'kefu';
  const table = `${quoteIdent(schema)}.blobs`;
  await backend('set up the blobs table', () => setupBlobTable(db, schema));
  let closed = false;
  const check = () => {
    if (closed) throw new BlobStoreError('closed', 'the blob store is closed');
  };

  return {
    async put(key, body, { contentType }) {
      check();
      assertBlobKey(key);
      assertContentType(contentType);
      const bytes = await bodyBytes(body);
      await backend(`write ${key}`, () =>
        db.query(
          `INSERT INTO ${table} (key, content_type, bytes) VALUES ($1, $2, $3)
           ON CONFLICT (key) DO UPDATE SET content_type = $2, bytes = $3, created_at = now()`,
          [key, contentType, bytes],
        ),
      );
      return { size: bytes.byteLength };
    },

    async get(key) {
      check();
      assertBlobKey(key);
      const { rows } = await backend(`read ${key}`, () =>
        db.query<{ content_type: string; bytes: Uint8Array }>(
          `SELECT content_type, bytes FROM ${table} WHERE key = $1`,
          [key],
        ),
      );
      const row = rows[0];
      if (!row) return null;
      // pg returns a Buffer, PGlite a Uint8Array: one view over the same memory either way.
      const bytes = Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
      return { body: Readable.from([bytes]), contentType: row.content_type, size: bytes.byteLength };
    },

    async delete(key) {
      check();
      assertBlobKey(key);
      await backend(`delete ${key}`, () => db.query(`DELETE FROM ${table} WHERE key = $1`, [key]));
    },

    async deletePrefix(prefix) {
      check();
      assertBlobPrefix(prefix);
      // starts_with, not LIKE: `_` in a key is a LIKE wildcard.
      await backend(`delete ${prefix}`, () =>
        db.query(`DELETE FROM ${table} WHERE starts_with(key, $1)`, [prefix]),
      );
    },

    async close() {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
}

/**
 * Creates the schema and the `blobs` table if missing. Idempotent, and safe when several nodes
 * start at once: concurrent `CREATE TABLE IF NOT EXISTS` can still collide in the catalog, so it
 * runs under a transaction-scoped advisory lock named after the table.
 */
export async function setupBlobTable(db: SqlClient, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`kefu.blobs:${schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${s}.blobs (
         key text PRIMARY KEY,
         content_type text NOT NULL,
         bytes bytea NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
  });
}
