import { KefuError } from '@kefu/protocol';
import type { ApiKeyStore, StoredApiKey } from './api-keys.ts';

/**
 * The memory store's API keys (spread into `createMemoryStore`). Copies go in and out, so a
 * caller never changes a stored key by accident.
 * @example
 * const keys = memoryApiKeys();
 */
export function memoryApiKeys(): ApiKeyStore {
  const keys = new Map<string, StoredApiKey>();
  const copy = (k: StoredApiKey): StoredApiKey => ({ ...k, scopes: [...k.scopes] });
  return {
    async createApiKey(key) {
      if (keys.has(key.id)) throw new KefuError('conflict', `API key ${key.id} exists`);
      keys.set(key.id, copy(key));
      return copy(key);
    },
    async getApiKey(id) {
      const found = keys.get(id);
      return found ? copy(found) : null;
    },
    async listApiKeys() {
      return [...keys.values()].map(copy);
    },
    async revokeApiKey(id, at) {
      const found = keys.get(id);
      if (!found) return null;
      found.revokedAt ??= at;
      return copy(found);
    },
  };
}
