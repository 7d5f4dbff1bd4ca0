import { describe, expect, it } from 'vitest';
import type { StoredApiKey } from './api-keys.ts';
import { liveStore } from './contract-fixtures.ts';
import type { Store } from './store.ts';

/**
 * The API-key part of `storeContract`, run against `current()`, the store of the current test.
 * @example
 * apiKeyContract(() => store); // inside storeContract's describe
 */
export function apiKeyContract(current: () => Store): void {
  const store = liveStore(current);
  const key = (id: string, extra: Partial<StoredApiKey> = {}): StoredApiKey => ({
    id,
    name: `key ${id}`,
    scopes: ['read', 'write'],
    hash: 'a'.repeat(64),
    createdAt: 1_000,
    ...extra,
  });

  describe('API keys', () => {
    it('stores a key and finds it by id', async () => {
      expect(await store.createApiKey(key('k1'))).toEqual(key('k1'));
      expect(await store.getApiKey('k1')).toEqual(key('k1'));
      expect(await store.getApiKey('k2')).toBeNull();
    });

    it('refuses a second key with the same id as a conflict', async () => {
      await store.createApiKey(key('k1'));
      await expect(store.createApiKey(key('k1', { name: 'other' }))).rejects.toMatchObject({
        name: 'KefuError',
        code: 'conflict',
      });
      expect(await store.getApiKey('k1')).toEqual(key('k1'));
    });

    it('lists keys in creation order, revoked ones included', async () => {
      await store.createApiKey(key('kb', { scopes: ['admin'] }));
      await store.createApiKey(key('ka', { revokedAt: 5 }));
      expect(await store.listApiKeys()).toEqual([
        key('kb', { scopes: ['admin'] }),
        key('ka', { revokedAt: 5 }),
      ]);
    });

    it('revokes a key once: a later revocation keeps the first time', async () => {
      await store.createApiKey(key('k1'));
      expect(await store.revokeApiKey('k1', 2_000)).toEqual(key('k1', { revokedAt: 2_000 }));
      expect(await store.revokeApiKey('k1', 3_000)).toEqual(key('k1', { revokedAt: 2_000 }));
      expect(await store.getApiKey('k1')).toEqual(key('k1', { revokedAt: 2_000 }));
      expect(await store.revokeApiKey('missing', 3_000)).toBeNull();
    });

    it('hands out copies: changing a returned key changes nothing stored', async () => {
      const got = await store.createApiKey(key('k1'));
      got.scopes.push('admin');
      const again = await store.getApiKey('k1');
      again?.scopes.push('admin');
      expect(await store.getApiKey('k1')).toEqual(key('k1'));
    });

    it('is ready once open', async () => {
      await expect(store.ready()).resolves.toBeUndefined();
    });
  });
}
