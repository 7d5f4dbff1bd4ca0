import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { strongAgentToken } from './agent-token.ts';

describe('strongAgentToken', () => {
  it('takes what openssl rand -hex 16 prints, the 1 in 10,000 with only 9 different digits too', () => {
    // The example hub's token failed CI this way: 32 hex digits, 9 different ones.
    expect(strongAgentToken('9f99fc7f97a907af35973fa33cc39e9c')).toBe(true);
    expect(new Set('9f99fc7f97a907af35973fa33cc39e9c').size).toBe(9);
    for (let i = 0; i < 2_000; i++) expect(strongAgentToken(randomBytes(16).toString('hex'))).toBe(true);
    for (let i = 0; i < 2_000; i++)
      expect(strongAgentToken(randomBytes(16).toString('base64url'))).toBe(true);
  });

  it.each([
    ['19 characters', 'a1b2c3d4e5f6g7h8i9j'],
    ['a few characters over and over', 'abcabcabcabcabcabcabcabc'],
    ['one character but one', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab'],
    ['a word repeated', 'changeme-changeme-changeme'],
    ['a long word repeated', 'correct-horse-battery-correct-horse-battery-'],
    ['not a string', 1234567890123456],
  ])('refuses %s', (_, token) => {
    expect(strongAgentToken(token)).toBe(false);
  });

  it('takes the tokens the docs and tests use', () => {
    expect(strongAgentToken('agent-token-mei-4f9c2a7e1b')).toBe(true);
    expect(strongAgentToken('abcdefghijklmnopqrstuvwxyz')).toBe(true);
  });
});
