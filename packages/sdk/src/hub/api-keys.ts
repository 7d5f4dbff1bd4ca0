import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { KefuError } from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import type { ApiKeyScope, SeedApiKey, StoredApiKey } from '../store/api-keys.ts';
import type { Store } from '../store/store.ts';

/** An API key as the back office shows it: everything but the secret's hash. */
export type ApiKeyInfo = Omit<StoredApiKey, 'hash'>;

export type { SeedApiKey };

/** The HTTP API's keys: create (the key is shown once), list, revoke, and check a presented key. */
export interface ApiKeys {
  /**
   * Creates a key and returns it whole, once: only its hash is stored.
   * @example
   * const { id, key } = await hub.admin.apiKeys.create({ name: 'crm-sync', scopes: ['read'] });
   */
  create(input: { name: string; scopes: ApiKeyScope[] }): Promise<{ id: string; key: string }>;
  list(): Promise<ApiKeyInfo[]>;
  /** Revokes a key: it is refused from the next request on. False when there is no such key. */
  revoke(id: string): Promise<boolean>;
  /** The key a presented `kefu_<id>_<secret>` string belongs to, if it is live; null otherwise. */
  verify(presented: string): Promise<ApiKeyInfo | null>;
}

const KEY_PATTERN = /^kefu_([A-Za-z0-9]{1,40})_([A-Za-z0-9_-]{20,100})$/;

/** SHA-256 of a key's secret part, hex: what the store keeps and what a seed names. */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * Splits a whole key into its id and secret (the seed for a config file is
 * `{ id, hash: hashApiKeySecret(secret) }`); null when it is not a Kefu key.
 * @example
 * parseApiKey('kefu_k3F9_…') // { id: 'k3F9', secret: '…' }
 */
export function parseApiKey(key: string): { id: string; secret: string } | null {
  const m = KEY_PATTERN.exec(key);
  return m ? { id: m[1]!, secret: m[2]! } : null;
}

/**
 * Keys live in the store, so every hub node sees a revocation at once. Seeds are written at
 * start if missing (a seed never brings a revoked key back).
 * @example
 * const keys = createApiKeys({ store, clock, ids, seed: [] });
 */
export function createApiKeys(deps: {
  store: Pick<Store, 'createApiKey' | 'getApiKey' | 'listApiKeys' | 'revokeApiKey'>;
  clock: Clock;
  ids: IdGenerator;
  seed: readonly SeedApiKey[];
}): { keys: ApiKeys; seeded: Promise<void> } {
  const { store, clock } = deps;
  const seeded = (async () => {
    for (const s of deps.seed)
      if (!(await store.getApiKey(s.id))) await store.createApiKey({ ...s, createdAt: clock.now() });
  })();
  const info = ({ hash: _h, ...rest }: StoredApiKey): ApiKeyInfo => rest;
  const keys: ApiKeys = {
    async create({ name, scopes }) {
      if (name.trim() === '') throw new KefuError('invalid_frame', 'an API key needs a name');
      if (scopes.length === 0) throw new KefuError('invalid_frame', 'an API key needs at least one scope');
      // The id is public (it finds the row); 32 random bytes are the secret.
      const id = deps.ids('k').replace(/[^A-Za-z0-9]/g, '');
      const secret = randomBytes(32).toString('base64url');
      await store.createApiKey({
        id,
        name,
        scopes: [...new Set(scopes)],
        hash: hashApiKeySecret(secret),
        createdAt: clock.now(),
      });
      return { id, key: `kefu_${id}_${secret}` };
    },
    async list() {
      return (await store.listApiKeys()).map(info);
    },
    async revoke(id) {
      return (await store.revokeApiKey(id, clock.now())) !== null;
    },
    async verify(presented) {
      await seeded;
      const parsed = parseApiKey(presented);
      if (!parsed) return null;
      const found = await store.getApiKey(parsed.id);
      if (!found || found.revokedAt !== undefined) return null;
      const given = Buffer.from(hashApiKeySecret(parsed.secret), 'hex');
      const stored = Buffer.from(found.hash, 'hex');
      // Constant time, so response timing tells nothing about how much of the secret was right.
      if (given.length !== stored.length || !timingSafeEqual(given, stored)) return null;
      return info(found);
    },
  };
  return { keys, seeded };
}
