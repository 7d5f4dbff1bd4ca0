import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { randomSecret, signToken, verifyToken } from './signed-token.ts';

const SECRET = 'a-secret-of-at-least-16-chars';

/** Swaps one base64url character for another, keeping the token well-formed. */
function flip(char: string): string {
  return char === 'A' ? 'B' : 'A';
}

describe('signToken / verifyToken', () => {
  it('round-trips a payload signed with the same secret', () => {
    const token = signToken({ sub: 'u_42', exp: 123, nested: { ok: true } }, SECRET);
    expect(token).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(verifyToken(token, SECRET)).toEqual({ sub: 'u_42', exp: 123, nested: { ok: true } });
  });

  it('refuses a token signed with another secret', () => {
    expect(verifyToken(signToken({ sub: 'u_42' }, 'another-secret-16-chars'), SECRET)).toBeNull();
  });

  it('refuses a token whose payload was changed', () => {
    const [, signature] = signToken({ sub: 'u_42' }, SECRET).split('.');
    const forgedBody = Buffer.from(JSON.stringify({ sub: 'admin' })).toString('base64url');
    expect(verifyToken(`${forgedBody}.${signature}`, SECRET)).toBeNull();
  });

  it('refuses a token whose payload or signature had one character changed', () => {
    const token = signToken({ sub: 'u_42', tier: 'vip' }, SECRET);
    const dot = token.indexOf('.');
    const bodyTampered = flip(token[0]!) + token.slice(1);
    const sigTampered = `${token.slice(0, dot + 1)}${flip(token[dot + 1]!)}${token.slice(dot + 2)}`;
    expect(verifyToken(bodyTampered, SECRET)).toBeNull();
    expect(verifyToken(sigTampered, SECRET)).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['a dot only', '.'],
    ['no dot', 'abcdef'],
    ['no payload', `.${'A'.repeat(43)}`],
    ['no signature', 'eyJhIjoxfQ.'],
    ['two dots', 'a.b.c'],
    ['not base64', '%%%.***'],
    ['unicode', '你好.世界'],
    ['very long', `${'A'.repeat(100_000)}.${'B'.repeat(100_000)}`],
  ])('returns null for a malformed token (%s) without throwing', (_name, token) => {
    expect(verifyToken(token, SECRET)).toBeNull();
  });

  it.each([
    ['not JSON', 'not json at all'],
    ['an array', '[1,2]'],
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"sub"'],
  ])('returns null for a correctly signed payload that is %s', (_name, json) => {
    // Sign the raw text by hand: signToken only signs objects.
    const body = Buffer.from(json).toString('base64url');
    const signature = createHmac('sha256', SECRET).update(body).digest('base64url');
    expect(verifyToken(`${body}.${signature}`, SECRET)).toBeNull();
  });

  it('makes a new random secret of 32 bytes each time', () => {
    const a = randomSecret();
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(randomSecret()).not.toBe(a);
  });

  // so a signature with junk appended (or inserted) still verifies: one token has many valid
  // spellings (signed-token.ts:17). Comparing the re-encoded signature string fixes it.
  it('refuses a signature with characters outside base64url', () => {
    const token = signToken({ sub: 'u_42' }, SECRET);
    expect(verifyToken(`${token}!!`, SECRET)).toBeNull();
  });
});
