import { describe, expect, it } from 'vitest';
import { liveStore } from './contract-fixtures.ts';
import type { Store } from './store.ts';

/**
 * The session-revocation part of `storeContract`: when a shopper's sessions were ended, per site
 * and shopper, and forgetting records once every session they ended has expired, run against
 * `current()`, the store of the current test.
 * @example
 * sessionContract(() => store); // inside storeContract's describe
 */
export function sessionContract(current: () => Store): void {
  const store = liveStore(current);

  describe('session revocations', () => {
    it('knows no revocation for a shopper whose sessions were never ended', async () => {
      expect(await store.sessionsRevokedAt('site_a', 'u:42')).toBeNull();
    });

    it('remembers when a shopper’s sessions were ended, for that site and shopper only', async () => {
      await store.revokeSessions('site_a', 'u:42', 5_000, 100_000);
      expect(await store.sessionsRevokedAt('site_a', 'u:42')).toBe(5_000);
      expect(await store.sessionsRevokedAt('site_b', 'u:42')).toBeNull();
      expect(await store.sessionsRevokedAt('site_a', 'u:43')).toBeNull();
    });

    it('moves forward with a later revocation and never back with an earlier one', async () => {
      await store.revokeSessions('site_a', 'u:42', 5_000, 100_000);
      await store.revokeSessions('site_a', 'u:42', 9_000, 104_000);
      expect(await store.sessionsRevokedAt('site_a', 'u:42')).toBe(9_000);
      await store.revokeSessions('site_a', 'u:42', 7_000, 102_000);
      expect(await store.sessionsRevokedAt('site_a', 'u:42')).toBe(9_000);
    });

    it('keeps a revocation as long as the longest keepUntil given for it', async () => {
      await store.revokeSessions('site_a', 'u:42', 5_000, 100_000);
      await store.revokeSessions('site_a', 'u:42', 6_000, 50_000);
      await store.revokeSessions('site_a', 'u:7', 60_000, 200_000);
      expect(await store.sessionsRevokedAt('site_a', 'u:42')).toBe(6_000);
    });

    it('forgets revocations whose sessions have all expired, once another revocation comes', async () => {
      await store.revokeSessions('site_a', 'u:42', 5_000, 10_000);
      await store.revokeSessions('site_a', 'u:7', 20_000, 30_000);
      expect(await store.sessionsRevokedAt('site_a', 'u:42')).toBeNull();
      expect(await store.sessionsRevokedAt('site_a', 'u:7')).toBe(20_000);
    });

    it('records ten revocations of one shopper at once as the latest', async () => {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.revokeSessions('site_a', 'u:42', 1_000 + i, 100_000)),
      );
      expect(await store.sessionsRevokedAt('site_a', 'u:42')).toBe(1_009);
    });
  });
}
