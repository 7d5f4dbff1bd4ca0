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

describe('createRedisBus with a URL of another scheme', () => {
  // ioredis reads an http:// or postgres:// URL as a socket path: the error was
  // "cannot connect to the bus at http://127.0.0.1:6379 (connect ENOENT //127.0.0.1:6379)".
  it.each(['http://127.0.0.1:6379', 'postgres://127.0.0.1:5432/test', 'redis:/127.0.0.1:6379'])(
    'refuses %s at once, naming the schemes it takes',
    (url) => {
      expect(() => createRedisBus({ url })).toThrow(TypeError);
      expect(() => createRedisBus({ url })).toThrow(
        `createRedisBus: url must start with redis:// or rediss:// (got ${url})`,
      );
    },
  );

  it('names a URL with a password without it', () => {
    expect(() => createRedisBus({ url: 'https://user:s3cret@cache.example:6379' })).toThrow(
      'createRedisBus: url must start with redis:// or rediss:// (got https://user@cache.example:6379/)',
    );
  });
});
