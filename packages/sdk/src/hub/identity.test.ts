import { describe, expect, it } from 'vitest';
import { readIdentityToken, signIdentity } from './identity.ts';
import { signToken } from './signed-token.ts';

const SECRET = 'identity-secret-for-tests';
const NOW = Date.UTC(2025, 0, 6, 9, 30);

describe('signIdentity / readIdentityToken', () => {
  it('reads back the identity the merchant signed', () => {
    const token = signIdentity({ id: 'u_42', name: 'Li Lei', email: 'li@shop.test', tier: 'vip' }, SECRET, {
      now: NOW,
    });
    const check = readIdentityToken(token, SECRET, NOW);
    expect(check).toEqual({
      ok: true,
      claims: {
        id: 'u_42',
        name: 'Li Lei',
        email: 'li@shop.test',
        tier: 'vip',
        exp: Math.floor(NOW / 1000) + 600,
        nonce: expect.any(String),
      },
    });
  });

  it('leaves out optional fields that were not given', () => {
    const check = readIdentityToken(signIdentity({ id: 'u_1' }, SECRET, { now: NOW }), SECRET, NOW);
    expect(check.ok && Object.keys(check.claims).sort()).toEqual(['exp', 'id', 'nonce']);
  });

  it('puts a fresh nonce in every token, so the hub can refuse a replay', () => {
    const a = readIdentityToken(signIdentity({ id: 'u_1' }, SECRET, { now: NOW }), SECRET, NOW);
    const b = readIdentityToken(signIdentity({ id: 'u_1' }, SECRET, { now: NOW }), SECRET, NOW);
    expect(a.ok && b.ok && a.claims.nonce !== b.claims.nonce).toBe(true);
    expect(a.ok && a.claims.nonce.length).toBeGreaterThanOrEqual(8);
  });

  it('accepts a token until its expiry and refuses it from that second on', () => {
    const token = signIdentity({ id: 'u_1' }, SECRET, { now: NOW, ttlSeconds: 60 });
    const exp = (Math.floor(NOW / 1000) + 60) * 1000;
    expect(readIdentityToken(token, SECRET, exp - 1).ok).toBe(true);
    expect(readIdentityToken(token, SECRET, exp)).toEqual({
      ok: false,
      reason: 'identity token has expired',
    });
  });

  it('expires after ten minutes by default', () => {
    const token = signIdentity({ id: 'u_1' }, SECRET, { now: NOW });
    expect(readIdentityToken(token, SECRET, NOW + 599_000).ok).toBe(true);
    expect(readIdentityToken(token, SECRET, NOW + 600_000).ok).toBe(false);
  });

  it('refuses a token signed with another secret', () => {
    const token = signIdentity({ id: 'u_1' }, 'some-other-secret-123', { now: NOW });
    expect(readIdentityToken(token, SECRET, NOW)).toEqual({
      ok: false,
      reason: 'identity token signature is invalid',
    });
  });

  it('refuses a token whose claims were edited after signing', () => {
    const token = signIdentity({ id: 'u_1', tier: 'basic' }, SECRET, { now: NOW });
    const [body, signature] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...claims, tier: 'vip' })).toString('base64url');
    expect(readIdentityToken(`${forged}.${signature}`, SECRET, NOW).ok).toBe(false);
  });

  it.each([
    ['no sub', { exp: 2e9, nonce: 'n0nce-123' }, 'identity token has no valid sub'],
    ['an empty sub', { sub: '', exp: 2e9, nonce: 'n0nce-123' }, 'identity token has no valid sub'],
    ['a numeric sub', { sub: 42, exp: 2e9, nonce: 'n0nce-123' }, 'identity token has no valid sub'],
    [
      'a sub over 128 chars',
      { sub: 'u'.repeat(129), exp: 2e9, nonce: 'n0nce-123' },
      'identity token has no valid sub',
    ],
    ['no exp', { sub: 'u_1', nonce: 'n0nce-123' }, 'identity token needs exp and nonce'],
    ['a string exp', { sub: 'u_1', exp: '2e9', nonce: 'n0nce-123' }, 'identity token needs exp and nonce'],
    ['no nonce', { sub: 'u_1', exp: 2e9 }, 'identity token needs exp and nonce'],
    ['a short nonce', { sub: 'u_1', exp: 2e9, nonce: 'short' }, 'identity token needs exp and nonce'],
  ])('refuses correctly signed claims with %s', (_name, claims, reason) => {
    expect(readIdentityToken(signToken(claims, SECRET), SECRET, NOW)).toEqual({ ok: false, reason });
  });

  it('drops optional claims that are not short strings instead of trusting them', () => {
    const token = signToken(
      { sub: 'u_1', exp: 2e9, nonce: 'n0nce-123', name: 'x'.repeat(201), email: 7, tier: 'vip' },
      SECRET,
    );
    const check = readIdentityToken(token, SECRET, NOW);
    expect(check).toEqual({ ok: true, claims: { id: 'u_1', exp: 2e9, nonce: 'n0nce-123', tier: 'vip' } });
  });

  it.each([
    '',
    '.',
    'garbage',
    'a.b.c',
    '{"sub":"u_1"}',
    `${Buffer.from('{"sub":"u_1"}').toString('base64url')}.`,
    '😀.😀',
  ])('refuses malformed input %j without throwing', (token) => {
    expect(() => readIdentityToken(token, SECRET, NOW)).not.toThrow();
    expect(readIdentityToken(token, SECRET, NOW).ok).toBe(false);
  });
});
