import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import { signIdentity } from './identity.ts';
import { checkIdentityToken, readIdentity } from './identity-token.ts';

const secret = 'identity-secret-0123456789abcdef';
const site = { key: 'shop', identitySecret: secret };
const NOW = Date.UTC(2026, 11, 2, 12, 0);

const jwt = (jti: string, aud = 'shop') =>
  new SignJWT({ sub: '42', aud, jti, exp: Math.floor(NOW / 1000) + 300, email: 'li@shop.test' })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(secret));

describe('checkIdentityToken', () => {
  it('accepts a JWT once and refuses its replay', async () => {
    const store = createMemoryStore();
    const token = await jwt('jti-0123456789');
    expect(await checkIdentityToken(token, site, store, NOW)).toEqual({
      ok: true,
      identity: { id: '42', email: 'li@shop.test' },
    });
    expect(await checkIdentityToken(token, site, store, NOW + 1_000)).toEqual({
      ok: false,
      reason: 'identity token was already used (replayed)',
      // Whose it was: a session of that same shopper may still be kept (ShopperSession.identify).
      replayed: { id: '42', email: 'li@shop.test' },
    });
  });

  it('reads a token without spending it: the first spend() takes it, every later one is refused', async () => {
    const store = createMemoryStore();
    const token = await jwt('jti-read-then-spend');
    const first = await readIdentity(token, site, store, NOW);
    const second = await readIdentity(token, site, store, NOW);
    if (!first.ok || !second.ok) throw new Error('a genuine token was refused');
    expect(first.identity).toEqual({ id: '42', email: 'li@shop.test' });
    expect(await Promise.all([first.spend(), second.spend()])).toEqual([true, false]);
    expect((await checkIdentityToken(token, site, store, NOW)).ok).toBe(false);
  });

  it('accepts a Kefu-format token once and refuses its replay', async () => {
    const store = createMemoryStore();
    const token = signIdentity({ id: '42', name: 'Li Lei' }, secret, { audience: 'shop', now: NOW });
    expect(await checkIdentityToken(token, site, store, NOW)).toEqual({
      ok: true,
      identity: { id: '42', name: 'Li Lei' },
    });
    expect((await checkIdentityToken(token, site, store, NOW)).ok).toBe(false);
  });

  it('refuses a token for another site that shares the secret, in either format, without using its nonce', async () => {
    const store = createMemoryStore();
    const other = { key: 'other', identitySecret: secret };
    const token = await jwt('jti-for-shop-01');
    expect(await checkIdentityToken(token, other, store, NOW)).toEqual({
      ok: false,
      reason: 'identity token is not for this site (aud)',
    });
    const kefu = signIdentity({ id: '42' }, secret, { audience: 'shop', now: NOW });
    expect((await checkIdentityToken(kefu, other, store, NOW)).ok).toBe(false);
    expect((await checkIdentityToken(token, site, store, NOW)).ok).toBe(true);
  });
});
