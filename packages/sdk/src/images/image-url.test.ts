import { describe, expect, it } from 'vitest';
import { signToken } from '../hub/signed-token.ts';
import { type ImageUrlClaims, signImageUrl, verifyImageUrl } from './image-url.ts';

const SECRET = 'image-url-secret-of-32-characters!';
const claims: ImageUrlClaims = {
  conversationId: 'c_1',
  imageId: 'img_A1',
  variant: 'thumb',
  expiresAt: 10_000,
};

describe('signImageUrl / verifyImageUrl', () => {
  it('signs a path naming the conversation, image and variant, and verifies it before it expires', () => {
    const url = signImageUrl(claims, SECRET);
    expect(url).toMatch(/^\/images\/c_1\/img_A1\/thumb\?t=[\w-]+\.[\w-]+$/);
    expect(verifyImageUrl(url, SECRET, { now: 9_999, conversationId: 'c_1' })).toEqual({ ok: true, claims });
    expect(verifyImageUrl(`https://hub.example${url}`, SECRET, { now: 0, conversationId: 'c_1' }).ok).toBe(
      true,
    );
  });

  it('refuses an expired URL', () => {
    const verdict = verifyImageUrl(signImageUrl(claims, SECRET), SECRET, {
      now: 10_000,
      conversationId: 'c_1',
    });
    expect(verdict).toMatchObject({ ok: false, error: { name: 'ImageUrlError', code: 'expired' } });
  });

  it("refuses a URL for another conversation's image", () => {
    const verdict = verifyImageUrl(signImageUrl(claims, SECRET), SECRET, { now: 0, conversationId: 'c_2' });
    expect(verdict).toMatchObject({ ok: false, error: { code: 'wrong_conversation' } });
  });

  it.each([
    ['another secret', (url: string) => url, 'another-secret-of-32-characters!!'],
    ['a path moved to another conversation', (url: string) => url.replace('/c_1/', '/c_2/'), SECRET],
    ['a path moved to another image', (url: string) => url.replace('/img_A1/', '/img_B2/'), SECRET],
    [
      'the thumbnail token used for the full image',
      (url: string) => url.replace('/thumb?', '/full?'),
      SECRET,
    ],
    ['another base path', (url: string) => url.replace('/images/', '/files/'), SECRET],
    ['no token', (url: string) => url.slice(0, url.indexOf('?')), SECRET],
    [
      'a token with one character changed',
      (url: string) => url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      SECRET,
    ],
  ])('refuses %s as invalid', (_, change, secret) => {
    const verdict = verifyImageUrl(change(signImageUrl(claims, SECRET)), secret, {
      now: 0,
      conversationId: 'c_1',
    });
    expect(verdict).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('refuses another token signed with the same secret (a session token) as an image token', () => {
    const session = signToken({ c: 'c_1', i: 'img_A1', v: 'thumb', e: 10_000 }, SECRET);
    const verdict = verifyImageUrl(`/images/c_1/img_A1/thumb?t=${session}`, SECRET, {
      now: 0,
      conversationId: 'c_1',
    });
    expect(verdict).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('serves under another base path when told, and refuses ids that do not belong in a path', () => {
    const url = signImageUrl(claims, SECRET, { base: '/kefu/img' });
    expect(url.startsWith('/kefu/img/c_1/')).toBe(true);
    expect(verifyImageUrl(url, SECRET, { now: 0, conversationId: 'c_1' }, { base: '/kefu/img' }).ok).toBe(
      true,
    );
    expect(() => signImageUrl({ ...claims, imageId: '../x' }, SECRET)).toThrow(TypeError);
    expect(() => signImageUrl(claims, SECRET, { base: 'images/' })).toThrow(TypeError);
  });
});
