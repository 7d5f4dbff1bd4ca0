import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { STORED_TEXT_PATTERN, toStoredText } from './storable-text.ts';
import { storedText } from './stored-text.ts';

describe('storedText', () => {
  const text = storedText(10, 1);

  it('accepts any well-formed text: Chinese, emoji (surrogate pairs), control characters other than NUL', () => {
    for (const ok of ['你好', '😀', 'a😀b😀', '\t\n', 'x\u0001y'])
      expect(z.safeParse(text, ok).success, JSON.stringify(ok)).toBe(true);
  });

  it('refuses U+0000 anywhere', () => {
    for (const bad of ['\u0000', 'a\u0000', '\u0000a', '😀\u0000'])
      expect(z.safeParse(text, bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('refuses a lone surrogate, leading or trailing, at either end or between pairs', () => {
    for (const bad of ['\ud800', '\udc00', 'a\ud83d', '\ude00a', '😀\ud83d', '\ud83d\ud83d\ude00'])
      expect(z.safeParse(text, bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('still checks the length bounds', () => {
    expect(z.safeParse(text, '').success).toBe(false);
    expect(z.safeParse(text, 'a'.repeat(11)).success).toBe(false);
  });

  it('checks a frame-sized string full of surrogate pairs in one pass (no backtracking blow-up)', () => {
    expect(STORED_TEXT_PATTERN.test(`${'a😀'.repeat(20_000)}\u0000`)).toBe(false);
    expect(STORED_TEXT_PATTERN.test('a😀'.repeat(20_000))).toBe(true);
  });
});

describe('toStoredText', () => {
  it('clips to what storedText(max) accepts without cutting a surrogate pair', () => {
    expect(toStoredText('ab😀😀', 4)).toBe('ab😀');
    expect(toStoredText('ab😀😀', 3)).toBe('ab');
    expect(toStoredText('纯棉T恤', 10)).toBe('纯棉T恤');
    const emoji = toStoredText('😀'.repeat(300), 300);
    expect(emoji).toBe('😀'.repeat(150));
    expect(z.safeParse(storedText(300), emoji).success).toBe(true);
  });

  it('replaces NUL and lone surrogates with U+FFFD, so the result passes storedText', () => {
    const out = toStoredText('a\u0000b\ud800c\udc00😀', 300);
    expect(out).toBe('a\ufffdb\ufffdc\ufffd😀');
    expect(STORED_TEXT_PATTERN.test(out)).toBe(true);
  });
});
