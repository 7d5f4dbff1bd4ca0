import { describe, expect, it } from 'vitest';
import { readIdentityToken, signIdentity } from './identity.ts';
import { signToken } from './signed-token.ts';

const SECRET = 'identity-secret-for-tests';
const SITE = 'shop';
const NOW = Date.UTC(2025, 0, 6, 9, 30);
const SOON = Math.floor(NOW / 1000) + 600;
const sign = (
  identity: Parameters<typeof signIdentity>[0],
  extra: { ttlSeconds?: number; now?: number } = {},
) => signIdentity(identity, SECRET, { audience: SITE, now: NOW, ...extra });
const read = (token: string, now = NOW) => readIdentityToken(token, SECRET, SITE, now);

describe('signIdentity / readIdentityToken', () => {
  it('refuses at signing what every hello would refuse, saying what to pass', () => {
    const asJs = signIdentity as (identity: unknown, secret: unknown, options?: unknown) => string;
    expect(() => asJs({ id: 42 }, SECRET, { audience: SITE })).toThrow(
      /^signIdentity: identity\.id must be your user id as a string .*String\(user\.id\)/,
    );
    expect(() => asJs({ id: 'x'.repeat(129) }, SECRET, { audience: SITE })).toThrow(/identity\.id/);
    expect(() => asJs({ id: '42' }, undefined, { audience: SITE })).toThrow(
      /secret must be the site's identitySecret/,
    );
    expect(() => asJs({ id: '42' }, SECRET)).toThrow(/options\.audience is required/);
    expect(() => asJs({ id: '42' }, SECRET, {})).toThrow(/options\.audience is required/);
    expect(() => asJs({ id: '42' }, SECRET, { audience: SITE, ttlSeconds: -5 })).toThrow(/ttlSeconds/);
  });

  it('reads back the identity the merchant signed', () => {
    const check = read(sign({ id: 'u_42', name: 'Li Lei', email: 'li@shop.test', tier: 'vip' }));
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
    const check = read(sign({ id: 'u_1' }));
    expect(check.ok && Object.keys(check.claims).sort()).toEqual(['exp', 'id', 'nonce']);
  });

  it('puts a fresh nonce in every token, so the hub can refuse a replay', () => {
    const a = read(sign({ id: 'u_1' }));
    const b = read(sign({ id: 'u_1' }));
    expect(a.ok && b.ok && a.claims.nonce !== b.claims.nonce).toBe(true);
    expect(a.ok && a.claims.nonce.length).toBeGreaterThanOrEqual(8);
  });

  it('names the site it is for in aud', () => {
    const [body] = sign({ id: 'u_1' }).split('.') as [string];
    expect(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')).aud).toBe(SITE);
  });

  it('refuses a token signed for another site with the same secret', () => {
    const other = signIdentity({ id: 'u_1' }, SECRET, { audience: 'other-shop', now: NOW });
    expect(read(other)).toEqual({ ok: false, reason: 'identity token is not for this site (aud)' });
  });

  it('refuses a token that lives past 24 h, as a JWT is, since its nonce is kept until it expires', () => {
    const exp = (days: number) => Math.floor(NOW / 1000) + days * 86_400;
    const claims = { sub: 'u_1', aud: SITE, nonce: 'n0nce-123' };
    expect(read(signToken({ ...claims, exp: exp(3650) }, SECRET))).toEqual({
      ok: false,
      reason: 'identity token expires too far in the future (over 24 h)',
    });
    expect(read(signToken({ ...claims, exp: exp(1) }, SECRET))).toMatchObject({ ok: true });
    expect(() => sign({ id: 'u_1' }, { ttlSeconds: 2 * 86_400 })).toThrow(/ttlSeconds .* 86400/);
  });

  it('refuses a token without aud, as signed before audiences existed', () => {
    const legacy = signToken({ sub: 'u_1', exp: SOON, nonce: 'n0nce-123' }, SECRET);
    expect(read(legacy)).toEqual({ ok: false, reason: 'identity token is not for this site (aud)' });
  });

  it('accepts a token until its expiry and refuses it from that second on', () => {
    const token = sign({ id: 'u_1' }, { ttlSeconds: 60 });
    const exp = (Math.floor(NOW / 1000) + 60) * 1000;
    expect(read(token, exp - 1).ok).toBe(true);
    expect(read(token, exp)).toEqual({ ok: false, reason: 'identity token has expired' });
  });

  it('expires after ten minutes by default', () => {
    const token = sign({ id: 'u_1' });
    expect(read(token, NOW + 599_000).ok).toBe(true);
    expect(read(token, NOW + 600_000).ok).toBe(false);
  });

  it('refuses a token signed with another secret', () => {
    const token = signIdentity({ id: 'u_1' }, 'some-other-secret-123', { audience: SITE, now: NOW });
    expect(read(token)).toEqual({ ok: false, reason: 'identity token signature is invalid' });
  });

  it('refuses a token whose claims were edited after signing', () => {
    const token = sign({ id: 'u_1', tier: 'basic' });
    const [body, signature] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...claims, tier: 'vip' })).toString('base64url');
    expect(read(`${forged}.${signature}`).ok).toBe(false);
  });

  const aud = SITE;
  it.each([
    ['no sub', { aud, exp: SOON, nonce: 'n0nce-123' }, 'identity token has no valid sub'],
    ['an empty sub', { aud, sub: '', exp: SOON, nonce: 'n0nce-123' }, 'identity token has no valid sub'],
    ['a numeric sub', { aud, sub: 42, exp: SOON, nonce: 'n0nce-123' }, 'identity token has no valid sub'],
    [
      'a sub over 128 chars',
      { aud, sub: 'u'.repeat(129), exp: SOON, nonce: 'n0nce-123' },
      'identity token has no valid sub',
    ],
    [
      'a sub with a NUL',
      { aud, sub: 'u\u0000', exp: SOON, nonce: 'n0nce-123' },
      'identity token has no valid sub',
    ],
    [
      'a sub with a lone surrogate',
      { aud, sub: 'u\ud800', exp: SOON, nonce: 'n0nce-123' },
      'identity token has no valid sub',
    ],
    ['no exp', { aud, sub: 'u_1', nonce: 'n0nce-123' }, 'identity token needs exp and nonce'],
    [
      'a string exp',
      { aud, sub: 'u_1', exp: '2e9', nonce: 'n0nce-123' },
      'identity token needs exp and nonce',
    ],
    ['no nonce', { aud, sub: 'u_1', exp: SOON }, 'identity token needs exp and nonce'],
    [
      'a nonce with a NUL',
      { aud, sub: 'u_1', exp: SOON, nonce: 'n0nce-12\u0000' },
      'identity token needs exp and nonce',
    ],
    ['a short nonce', { aud, sub: 'u_1', exp: SOON, nonce: 'short' }, 'identity token needs exp and nonce'],
    [
      'a nonce over 200 chars',
      { aud, sub: 'u_1', exp: SOON, nonce: 'n'.repeat(201) },
      'identity token needs exp and nonce',
    ],
    [
      'an audience list',
      { aud: [SITE], sub: 'u_1', exp: SOON, nonce: 'n0nce-123' },
      'identity token is not for this site (aud)',
    ],
  ])('refuses correctly signed claims with %s', (_name, claims, reason) => {
    expect(read(signToken(claims, SECRET))).toEqual({ ok: false, reason });
  });

  it('drops optional claims that are not short strings instead of trusting them', () => {
    const token = signToken(
      { aud, sub: 'u_1', exp: SOON, nonce: 'n0nce-123', name: 'x'.repeat(201), email: 7, tier: 'vip' },
      SECRET,
    );
    expect(read(token)).toEqual({
      ok: true,
      claims: { id: 'u_1', exp: SOON, nonce: 'n0nce-123', tier: 'vip' },
    });
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
    expect(() => read(token)).not.toThrow();
    expect(read(token).ok).toBe(false);
  });
});
