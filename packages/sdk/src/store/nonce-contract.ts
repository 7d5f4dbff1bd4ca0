import { describe, expect, it } from 'vitest';
import { liveStore } from './contract-fixtures.ts';
import type { Store } from './store.ts';

/**
 * The replay-guard part of `storeContract`: each nonce is accepted once, races included, run
 * against `current()`, the store of the current test.
 * @example
 * nonceContract(() => store); // inside storeContract's describe
 */
export function nonceContract(current: () => Store): void {
  const store = liveStore(current);

  describe('nonces', () => {
    it('accepts a nonce once and refuses it after', async () => {
      expect(await store.useNonce('n_1', 10_000, 1_000)).toBe(true);
      expect(await store.useNonce('n_1', 10_000, 2_000)).toBe(false);
      expect(await store.useNonce('n_2', 10_000, 2_000)).toBe(true);
    });

    it('accepts a nonce replayed ten times at once exactly once', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.useNonce('n_race', 10_000, 1_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('still refuses live nonces after many expired ones were recorded', async () => {
      expect(await store.useNonce('n_live', 1_000_000, 1_000)).toBe(true);
      for (let i = 0; i < 600; i++) await store.useNonce(`n_old_${i}`, 2_000, 1_500);
      for (let i = 0; i < 600; i++) await store.useNonce(`n_new_${i}`, 1_000_000, 5_000);
      expect(await store.useNonce('n_live', 1_000_000, 6_000)).toBe(false);
      expect(await store.useNonce('n_new_599', 1_000_000, 6_000)).toBe(false);
    });
  });
}
