import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { looksLikeJwt, readJwtIdentity } from './jwt-identity.ts';

const SECRET = 'identity-secret-0123456789abcdef';
const SITE = 'shop';
const NOW = Date.UTC(2026, 11, 2, 12, 0);
const nowS = Math.floor(NOW / 1000);
const key = new TextEncoder().encode(SECRET);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A merchant's token as jose signs it; `claims` overrides or (undefined) removes a claim. */
async function jwt(
  claims: Record<string, unknown> = {},
  options: { alg?: string; secret?: Uint8Array } = {},
): Promise<string> {
  const payload: Record<string, unknown> = {
    sub: 'u_42',
    aud: SITE,
    exp: nowS + 300,
    jti: 'jti-0123456789',
    name: 'Li Lei',
    ...claims,
  };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  return new SignJWT(payload)
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .sign(options.secret ?? key);
}

const read = (token: string, now = NOW) => readJwtIdentity(token, SECRET, SITE, now);

describe('readJwtIdentity', () => {
  it('reads the identity of an HS256 JWT signed with the site secret for this site', async () => {
    const token = await jwt({ email: 'li@shop.test', tier: 'vip' });
    expect(looksLikeJwt(token)).toBe(true);
    expect(await read(token)).toEqual({
      ok: true,
      claims: {
        id: 'u_42',
        name: 'Li Lei',
        email: 'li@shop.test',
        tier: 'vip',
        exp: nowS + 300,
        nonce: 'jti-0123456789',
      },
    });
  });

  it('accepts an audience list that names this site', async () => {
    expect((await read(await jwt({ aud: ['other', SITE] }))).ok).toBe(true);
  });

  it('refuses a JWT whose aud is another site', async () => {
    expect(await read(await jwt({ aud: 'other-shop' }))).toEqual({
      ok: false,
      reason: 'identity token is not for this site (aud)',
    });
  });

  it('refuses a JWT signed with another secret', async () => {
    const token = await jwt({}, { secret: new TextEncoder().encode('another-secret-0123456789') });
    expect(await read(token)).toEqual({ ok: false, reason: 'identity token signature is invalid' });
  });

  it.each(['HS384', 'HS512'])('refuses a JWT signed with %s, even with the right secret', async (alg) => {
    expect(await read(await jwt({}, { alg }))).toEqual({
      ok: false,
      reason: 'identity token must be signed with HS256',
    });
  });

  it('refuses an unsigned JWT (alg none)', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'u_42', aud: SITE, exp: nowS + 300, jti: 'jti-0123456789' })}.`;
    expect(looksLikeJwt(token)).toBe(true);
    expect((await read(token)).ok).toBe(false);
  });

  it('refuses an RS256 JWT, and an HMAC forged under an RS256 header', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const rsa = await jwt({}, { secret: privateKey as unknown as Uint8Array, alg: 'RS256' });
    expect((await read(rsa)).ok).toBe(false);
    const [, body] = (await jwt()).split('.') as [string, string];
    const header = b64({ alg: 'RS256', typ: 'JWT' });
    const { createHmac } = await import('node:crypto');
    const sig = createHmac('sha256', SECRET).update(`${header}.${body}`).digest('base64url');
    expect(await read(`${header}.${body}.${sig}`)).toEqual({
      ok: false,
      reason: 'identity token must be signed with HS256',
    });
  });

  it('refuses an expired JWT, with a small tolerance for the merchant’s clock', async () => {
    const token = await jwt({ exp: nowS - 10 });
    expect((await read(token)).ok).toBe(true);
    expect(await read(token, NOW + 60_000)).toEqual({ ok: false, reason: 'identity token has expired' });
  });

  it('refuses a JWT that expires more than 24 hours ahead', async () => {
    expect((await read(await jwt({ exp: nowS + 23 * 3600 }))).ok).toBe(true);
    expect(await read(await jwt({ exp: nowS + 25 * 3600 }))).toEqual({
      ok: false,
      reason: 'identity token expires too far in the future (over 24 h)',
    });
  });

  it('refuses a JWT that is not valid yet (nbf)', async () => {
    expect((await read(await jwt({ nbf: nowS + 600 }))).ok).toBe(false);
  });

  it.each([
    ['exp', { exp: undefined }],
    ['sub', { sub: undefined }],
    ['jti', { jti: undefined }],
    ['aud', { aud: undefined }],
  ])('refuses a JWT without %s', async (_claim, claims) => {
    expect((await read(await jwt(claims))).ok).toBe(false);
  });

  it.each([
    ['an empty sub', { sub: '' }],
    ['a sub over 128 characters', { sub: 'u'.repeat(129) }],
    ['a short jti', { jti: 'short' }],
    ['a numeric jti', { jti: 12345678 }],
    ['a string exp', { exp: String(nowS + 300) }],
  ])('refuses a JWT with %s', async (_name, claims) => {
    expect((await read(await jwt(claims))).ok).toBe(false);
  });

  it('drops optional claims that are not strings of at most 200 characters', async () => {
    const check = await read(await jwt({ name: 'x'.repeat(201), email: 7, tier: 'vip' }));
    expect(check).toEqual({
      ok: true,
      claims: { id: 'u_42', tier: 'vip', exp: nowS + 300, nonce: 'jti-0123456789' },
    });
  });

  it.each(['a.b.c', '..', `${b64({ alg: 'HS256' })}.not-json.sig`, '😀.😀.😀'])(
    'refuses malformed input %j without throwing',
    async (token) => {
      expect((await read(token)).ok).toBe(false);
    },
  );
});
