import { describe, expect, it } from 'vitest';
import { readSession, signSession } from './session-token.ts';
import { signToken } from './signed-token.ts';

const SECRET = 'hub-secret-0123456789abcdef';
const claims = { sid: 'u:42', site: 'shop', identified: true, iat: 1_000, exp: 5_000 };

describe('signSession / readSession', () => {
  it('round-trips whose session it is and its lifetime, and nothing else', () => {
    const token = signSession({ ...claims, name: 'Li Lei' } as typeof claims, SECRET);
    const [body] = token.split('.') as [string];
    expect(Object.keys(JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))).sort()).toEqual([
      'exp',
      'iat',
      'identified',
      'sid',
      'site',
    ]);
    expect(readSession(token, SECRET, 'shop', 4_999)).toEqual(claims);
  });

  it('refuses a token from its expiry on', () => {
    expect(readSession(signSession(claims, SECRET), SECRET, 'shop', 5_000)).toBeNull();
  });

  it('refuses a token of another site or another hub secret', () => {
    expect(readSession(signSession(claims, SECRET), SECRET, 'other', 2_000)).toBeNull();
    expect(readSession(signSession(claims, 'another-secret-0123456789'), SECRET, 'shop', 2_000)).toBeNull();
  });

  it('refuses a token from before sessions carried iat (which also named the shopper)', () => {
    const old = signToken(
      { sid: 'u:42', site: 'shop', identified: true, name: 'Li Lei', exp: 5_000 },
      SECRET,
    );
    expect(readSession(old, SECRET, 'shop', 2_000)).toBeNull();
  });

  it.each([
    ['an empty sid', { sid: '' }],
    ['a numeric sid', { sid: 42 }],
    ['a string identified', { identified: 'true' }],
    ['a string exp', { exp: '5000' }],
  ])('refuses a correctly signed token with %s', (_name, bad) => {
    expect(readSession(signToken({ ...claims, ...bad }, SECRET), SECRET, 'shop', 2_000)).toBeNull();
  });
});
