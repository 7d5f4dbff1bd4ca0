import { describe, expect, it } from 'vitest';
import { createRedisBus } from './redis-bus.ts';

// No Redis needed: the URL is checked before any connection is made.
describe('createRedisBus without a URL', () => {
  it('says which URL it needs, as README writes it with process.env.REDIS_URL unset', () => {
    expect(() => createRedisBus({ url: process.env.KEFU_TEST_UNSET_REDIS_URL as string })).toThrow(
      'createRedisBus: url must be a Redis URL such as redis://127.0.0.1:6379 (got undefined: is REDIS_URL set?)',
    );
  });
});
