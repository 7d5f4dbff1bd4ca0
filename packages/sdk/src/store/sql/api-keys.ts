import { KefuError } from '@kefu/protocol';
import type { ApiKeyScope, ApiKeyStore, StoredApiKey } from '../api-keys.ts';
import { type SqlContext, sqlState, UNIQUE_VIOLATION } from './sql-context.ts';

interface ApiKeyRow {
  id: string;
  name: string;
  scopes: ApiKeyScope[] | string;
  hash: string;
  created_at: string | number;
  revoked_at: string | number | null;
}

const COLUMNS = 'id, name, scopes, hash, created_at, revoked_at';

/** API keys: one row per key, the secret's hash only. */
export function sqlApiKeys({ db, s }: SqlContext): ApiKeyStore {
  return {
    async createApiKey(key) {
      try {
        await db.query(
          `INSERT INTO ${s}.api_keys (id, name, scopes, hash, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)`,
          [key.id, key.name, JSON.stringify(key.scopes), key.hash, key.createdAt, key.revokedAt ?? null],
        );
      } catch (error) {
        if (sqlState(error) === UNIQUE_VIOLATION) throw new KefuError('conflict', `API key ${key.id} exists`);
        throw error;
      }
      return { ...key, scopes: [...key.scopes] };
    },
    async getApiKey(id) {
      const { rows } = await db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM ${s}.api_keys WHERE id = $1`, [id]);
      return rows[0] ? fromRow(rows[0]) : null;
    },
    async listApiKeys() {
      const { rows } = await db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM ${s}.api_keys ORDER BY pos`);
      return rows.map(fromRow);
    },
    async revokeApiKey(id, at) {
      const { rows } = await db.query<ApiKeyRow>(
        `UPDATE ${s}.api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, at],
      );
      return rows[0] ? fromRow(rows[0]) : null;
    },
  };
}

function fromRow(row: ApiKeyRow): StoredApiKey {
  return {
    id: row.id,
    name: row.name,
    // pg parses json columns; PGlite too, but a driver set to raw text would not.
    scopes: typeof row.scopes === 'string' ? (JSON.parse(row.scopes) as ApiKeyScope[]) : row.scopes,
    hash: row.hash,
    createdAt: Number(row.created_at),
    ...(row.revoked_at === null ? {} : { revokedAt: Number(row.revoked_at) }),
  };
}
