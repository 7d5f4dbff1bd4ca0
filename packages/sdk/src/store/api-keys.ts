/** What an HTTP API key may do: `read` lists and reads, `write` changes, `admin` keys, erasure and exports. */
export type ApiKeyScope = 'read' | 'write' | 'admin';

export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['read', 'write', 'admin'];

/**
 * An API key as the store keeps it: never the key itself, only the SHA-256 of its secret part
 * (hex), so a leaked database does not leak working keys.
 */
export interface StoredApiKey {
  /** Public part of the key (`kefu_<id>_<secret>`), used to find the row. */
  id: string;
  /** The merchant's label, e.g. `crm-sync`. */
  name: string;
  scopes: ApiKeyScope[];
  /** SHA-256 of the secret, hex. */
  hash: string;
  createdAt: number;
  /** Set once, by the first revocation; a revoked key is refused from then on. */
  revokedAt?: number;
}

/** The API-key part of the {@link Store}. */
export interface ApiKeyStore {
  /** Stores a new key; conflict (KefuError) when its id exists. */
  createApiKey(key: StoredApiKey): Promise<StoredApiKey>;
  getApiKey(id: string): Promise<StoredApiKey | null>;
  /** Every key, revoked ones included, in creation order. */
  listApiKeys(): Promise<StoredApiKey[]>;
  /** Marks a key revoked at `at` (an earlier revocation stays); null when there is no such key. */
  revokeApiKey(id: string, at: number): Promise<StoredApiKey | null>;
}

/** A key to have from the start (e.g. from a config file): its id, scopes and the SHA-256 (hex) of its secret. */
export type SeedApiKey = Pick<StoredApiKey, 'id' | 'name' | 'scopes' | 'hash'>;
