import { describe, expect, it } from 'vitest';
import { sequentialIds } from '../ids.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { createApiKeys, hashApiKeySecret, parseApiKey } from './api-keys.ts';

function setup(seed: Parameters<typeof createApiKeys>[0]['seed'] = []) {
  const store = createMemoryStore();
  const clock = new ManualClock(1_000);
  return { store, clock, ...createApiKeys({ store, clock, ids: sequentialIds(), seed }) };
}

describe('API keys', () => {
  it('shows a key once, stores only its hash, and verifies it', async () => {
    const { keys, store } = setup();
    const { id, key } = await keys.create({ name: 'crm', scopes: ['read', 'read', 'write'] });
    expect(parseApiKey(key)).toMatchObject({ id });
    const stored = await store.getApiKey(id);
    expect(JSON.stringify(stored)).not.toContain(parseApiKey(key)?.secret);
    expect(stored?.hash).toBe(hashApiKeySecret(parseApiKey(key)?.secret ?? ''));
    expect(await keys.verify(key)).toEqual({ id, name: 'crm', scopes: ['read', 'write'], createdAt: 1_000 });
    expect(await keys.list()).toEqual([{ id, name: 'crm', scopes: ['read', 'write'], createdAt: 1_000 }]);
  });

  it('refuses a wrong secret, an unknown id, a malformed key and a revoked key', async () => {
    const { keys, clock } = setup();
    const { id, key } = await keys.create({ name: 'crm', scopes: ['read'] });
    expect(await keys.verify(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(await keys.verify(key.replace(id, 'nobody'))).toBeNull();
    expect(await keys.verify('Bearer nonsense')).toBeNull();
    clock.advance(500);
    expect(await keys.revoke(id)).toBe(true);
    expect(await keys.verify(key)).toBeNull();
    expect((await keys.list())[0]).toMatchObject({ revokedAt: 1_500 });
    expect(await keys.revoke('nobody')).toBe(false);
  });

  it('refuses a key without a name or scopes', async () => {
    const { keys } = setup();
    await expect(keys.create({ name: ' ', scopes: ['read'] })).rejects.toMatchObject({
      code: 'invalid_frame',
    });
    await expect(keys.create({ name: 'x', scopes: [] })).rejects.toMatchObject({ code: 'invalid_frame' });
  });

  it('accepts a seeded key by its hash, and a seed never brings a revoked key back', async () => {
    const secret = 'a-long-random-secret-from-config';
    const seed = [{ id: 'cfg1', name: 'config', scopes: ['admin' as const], hash: hashApiKeySecret(secret) }];
    const first = setup(seed);
    expect(await first.keys.verify(`kefu_cfg1_${secret}`)).toMatchObject({ id: 'cfg1', scopes: ['admin'] });
    await first.keys.revoke('cfg1');
    const again = createApiKeys({ store: first.store, clock: first.clock, ids: sequentialIds(), seed });
    await again.seeded;
    expect(await again.keys.verify(`kefu_cfg1_${secret}`)).toBeNull();
  });

  it('accepts a seeded secret of the merchant’s own in any bearer-token characters, as openssl makes them', async () => {
    // `openssl rand -base64 32`: standard base64, with + / and = padding; `-hex 32`: 64 hex digits.
    const base64 = 'q+Z3/9xVb0Rk1T2yW8nL5cPj4hG7sA6dE0fU1iO2pM8=';
    const hex = 'a3f1'.repeat(16);
    const { keys } = setup([
      { id: 'b64', name: 'b64', scopes: ['read'], hash: hashApiKeySecret(base64) },
      { id: 'hex', name: 'hex', scopes: ['read'], hash: hashApiKeySecret(hex) },
    ]);
    expect(await keys.verify(`kefu_b64_${base64}`)).toMatchObject({ id: 'b64' });
    expect(await keys.verify(`kefu_hex_${hex}`)).toMatchObject({ id: 'hex' });
    expect(await keys.verify(`kefu_b64_${base64.slice(0, -2)}A=`)).toBeNull();
  });

  it('refuses to hash a secret no request could present, saying how to make a key', () => {
    const make = '`kefu api-key create --seed --name <n> --scopes <s>` makes a key and its config entry';
    expect(() => hashApiKeySecret('hunter2')).toThrow(
      `hashApiKeySecret: a key's secret is 20–100 letters, digits or -._~+/ (got 7 characters); ${make}`,
    );
    expect(() => hashApiKeySecret('correct horse battery staple')).toThrow(
      '(got 28 characters, some of them others)',
    );
    expect(() => hashApiKeySecret('x'.repeat(101))).toThrow('(got 101 characters)');
    expect(() => hashApiKeySecret(`kefu_ops1_${'x'.repeat(43)}`)).toThrow(
      'give the secret part of kefu_<id>_<secret>, not the whole key',
    );
  });

  it('answers null, not an error, for a presented secret that only looks like a key', async () => {
    const { keys } = setup();
    expect(await keys.verify(`kefu_ops1_kefu_${'x'.repeat(40)}`)).toBeNull();
  });
});
