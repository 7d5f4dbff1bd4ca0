import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { createApiAuth, scopeAllows } from './api-auth.ts';
import type { HttpError } from './api-error.ts';

const GOOD = `kefu_ops_${'g'.repeat(24)}`;

describe('scopeAllows', () => {
  it('lets write include read, and admin include both', () => {
    expect(scopeAllows(['read'], 'read')).toBe(true);
    expect(scopeAllows(['read'], 'write')).toBe(false);
    expect(scopeAllows(['write'], 'read')).toBe(true);
    expect(scopeAllows(['write'], 'admin')).toBe(false);
    expect(scopeAllows(['admin'], 'write')).toBe(true);
    expect(scopeAllows([], 'read')).toBe(false);
  });
});

describe('createApiAuth', () => {
  const request = (authorization: string, address = '203.0.113.7') =>
    ({
      headers: { authorization },
      rawHeaders: ['Authorization', authorization],
      socket: { remoteAddress: address },
    }) as unknown as IncomingMessage;
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'ok',
      (error: HttpError) => error.status,
    );

  it('stops asking the store once an address has sent more wrong keys than the rate allows', async () => {
    const clock = new ManualClock(0);
    let lookups = 0;
    const auth = createApiAuth({
      keys: {
        verify: async (presented) => {
          lookups++;
          return presented === GOOD ? { id: 'ops', name: 'ops', scopes: ['read'], createdAt: 0 } : null;
        },
      },
      rateLimit: { perSecond: 2, burst: 3 },
      clock,
      trustProxy: 0,
    });
    const wrong = (i: number) => `kefu_ops_${'x'.repeat(19)}${i}`;
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await refusal(auth(request(`Bearer ${wrong(i)}`), 'read')));
    expect(answers.slice(0, 3)).toEqual([401, 401, 401]);
    expect(answers.slice(3)).toEqual(Array(7).fill(429));
    expect(lookups).toBe(4); // the fourth, over the rate, starts the refusal
    // Another address, and a right key, are not held back by the guesser.
    expect(await refusal(auth(request(`Bearer ${wrong(99)}`, '198.51.100.1'), 'read'))).toBe(401);
    expect(await refusal(auth(request(`Bearer ${GOOD}`, '198.51.100.1'), 'read'))).toBe('ok');
    // The guesser gets a guess again as the bucket refills, at the rate.
    clock.advance(500);
    expect(await refusal(auth(request(`Bearer ${wrong(11)}`), 'read'))).toBe(401);
    expect(await refusal(auth(request(`Bearer ${wrong(12)}`), 'read'))).toBe(429);
  });
});
