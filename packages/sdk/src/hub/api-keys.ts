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

/**
 * A key's secret: what `create` makes (43 base64url characters), or one of the merchant's own
 * seeded by hash, of 20–100 bearer-token characters (RFC 6750: `openssl rand -base64 32` and
 * `openssl rand -hex 32` both fit). Only the hash is compared, so any such secret works.
 */
const SECRET = '[A-Za-z0-9._~+/-]{20,100}={0,2}';
const KEY_PATTERN = new RegExp(`^kefu_([A-Za-z0-9]{1,40})_(${SECRET})$`);
const SECRET_PATTERN = new RegExp(`^${SECRET}$`);

const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * SHA-256 of a key's secret part, hex: what the store keeps and what a seed names. Throws a
 * TypeError for a secret no request could present (too short, a space, the whole key): its seed
 * would be accepted at start and every request with it answered 401.
 * @example
 * hashApiKeySecret(randomBytes(32).toString('base64url')) // '5e88…'
 */
export function hashApiKeySecret(secret: string): string {
  const problem = apiKeySecretProblem(secret);
  if (problem)
    throw new TypeError(
      `hashApiKeySecret: ${problem}; \`kefu api-key create --seed --name <n> --scopes <s>\` makes a key and its config entry`,
    );
  return sha256(secret);
}

/** Why a hand-made secret could never be presented as `kefu_<id>_<secret>`; undefined when it can. */
function apiKeySecretProblem(secret: string): string | undefined {
  if (secret.startsWith('kefu_')) return 'give the secret part of kefu_<id>_<secret>, not the whole key';
  if (!SECRET_PATTERN.test(secret))
    return `a key's secret is 20–100 letters, digits or -._~+/ (got ${secret.length} characters${
      /^[A-Za-z0-9._~+/-]*=*$/.test(secret) ? '' : ', some of them others'
    })`;
  return undefined;
}

/**
 * A new key, whole, and the seed that stores it (its hash): the key is shown once and only the
 * seed is kept, by the store or in a config file's `http.apiKeys`.
 * @example
 * const { key, seed } = newApiKey({ name: 'crm-sync', scopes: ['read'] }, defaultIds);
 */
export function newApiKey(
  { name, scopes }: { name: string; scopes: ApiKeyScope[] },
  ids: IdGenerator,
): { key: string; seed: SeedApiKey } {
  if (name.trim() === '') throw new KefuError('invalid_frame', 'an API key needs a name');
  if (scopes.length === 0) throw new KefuError('invalid_frame', 'an API key needs at least one scope');
  // The id is public (it finds the row); 32 random bytes are the secret.
  const id = ids('k').replace(/[^A-Za-z0-9]/g, '');
  const secret = randomBytes(32).toString('base64url');
  return {
    key: `kefu_${id}_${secret}`,
    seed: { id, name, scopes: [...new Set(scopes)], hash: sha256(secret) },
  };
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
    async create(input) {
      const { key, seed } = newApiKey(input, deps.ids);
      await store.createApiKey({ ...seed, createdAt: clock.now() });
      return { id: seed.id, key };
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
      const given = Buffer.from(sha256(parsed.secret), 'hex');
      const stored = Buffer.from(found.hash, 'hex');
      // Constant time, so response timing tells nothing about how much of the secret was right.
      if (given.length !== stored.length || !timingSafeEqual(given, stored)) return null;
      return info(found);
    },
  };
  return { keys, seeded };
}
