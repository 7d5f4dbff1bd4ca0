import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NOTIFICATION_LIMITS,
  emptyRecord,
  isEmpty,
  judge,
  nextExpiry,
  notifyRecordKey,
  pruneRecord,
  release,
  reserve,
  resolveNotificationLimits,
} from './notify-record.ts';

const limits = { maxPerShopper: 2, windowMs: 1000, dedupeMs: 10_000 };

describe('the per-shopper notification record', () => {
  it('counts notifications in the window and refuses past the limit until the oldest leaves it', () => {
    let r = reserve(emptyRecord(), 0, undefined, 'c1');
    r = reserve(r, 500, undefined, 'c1');
    expect(judge(pruneRecord(r, 900, limits), limits, undefined)).toEqual({
      kind: 'rate_limited',
      retryAt: 1000,
    });
    expect(judge(pruneRecord(r, 1000, limits), limits, undefined)).toEqual({ kind: 'send' });
    // An urgent one (an order exception's apology) is never held back by the rate.
    expect(judge(pruneRecord(r, 900, limits), limits, undefined, true)).toEqual({ kind: 'send' });
  });

  it('answers a repeated key as a duplicate, before the opt-out and the rate', () => {
    const r = { ...reserve(emptyRecord(), 0, 'k', 'c1'), optedOut: true };
    expect(judge(r, limits, 'k')).toEqual({ kind: 'duplicate', conversationId: 'c1' });
    expect(judge(r, limits, 'other')).toEqual({ kind: 'opted_out' });
    expect(judge(pruneRecord(r, 10_000, limits), limits, 'k')).toEqual({ kind: 'opted_out' });
  });

  it('takes keys named like Object.prototype members as any other key', () => {
    // Before 2026-12-06 `constructor`, `toString` or `__proto__` read as seen already (a member
    // of every object), and POST /api/v1/notifications answered 500 and sent nothing.
    for (const key of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      expect(judge(pruneRecord(emptyRecord(), 0, limits), limits, key)).toEqual({ kind: 'send' });
      // Kept as its own key through a prune and a store (JSON) round trip, and released alone.
      const r = reserve(reserve(emptyRecord(), 0, 'a', 'c1'), 1, key, 'c2');
      const stored = pruneRecord(JSON.parse(JSON.stringify(r)), 2, limits);
      expect(judge(stored, limits, key)).toEqual({ kind: 'duplicate', conversationId: 'c2' });
      expect(Object.keys(stored.keys)).toEqual(['a', key]);
      expect(judge(release(stored, 1, key), limits, key)).toEqual({ kind: 'send' });
      expect(nextExpiry(stored, limits)).toBe(1000);
    }
  });

  it('releases a reservation that was never delivered', () => {
    const r = reserve(reserve(emptyRecord(), 0, 'a', 'c1'), 5, 'b', 'c1');
    const back = release(r, 5, 'b');
    expect(back).toEqual(reserve(emptyRecord(), 0, 'a', 'c1'));
  });

  it('falls due when it has something to forget, and keeps an opt-out for ever', () => {
    const r = reserve(emptyRecord(), 0, 'k', 'c1');
    expect(nextExpiry(r, limits)).toBe(1000);
    expect(isEmpty(pruneRecord(r, 10_000, limits))).toBe(true);
    const out = { ...emptyRecord(), optedOut: true };
    expect(nextExpiry(out, limits)).toBeNull();
    expect(isEmpty(out)).toBe(false);
  });

  it('keys the record by a hash, not the shopper id in clear', () => {
    expect(notifyRecordKey('shop', 'u:42')).toMatch(/^notify:[\w-]{32}$/);
    expect(notifyRecordKey('shop', 'u:42')).not.toContain('42');
    expect(notifyRecordKey('shop', 'u:42')).not.toBe(notifyRecordKey('shop', 'u:43'));
  });

  it('checks the limits by name', () => {
    expect(resolveNotificationLimits(undefined)).toEqual(DEFAULT_NOTIFICATION_LIMITS);
    expect(() => resolveNotificationLimits({ maxPerShopper: 0 })).toThrow('notifications.maxPerShopper');
    expect(() => resolveNotificationLimits({ windowMs: -1 })).toThrow('notifications.windowMs');
  });
});
