import { describe, expect, it } from 'vitest';
import { countMatches } from './count-matches.ts';

describe('countMatches', () => {
  it('counts what match() would find, and leaves the shared pattern ready for the next text', () => {
    const bang = /[!！]/g;
    expect(countMatches(bang, '退款！！!')).toBe(3);
    expect(bang.lastIndex).toBe(0);
    expect(countMatches(bang, 'no bang')).toBe(0);
    expect(countMatches(/\p{Script=Han}/gu, '这个 hoodie 偏大吗')).toBe(
      '这个 hoodie 偏大吗'.match(/\p{Script=Han}/gu)?.length,
    );
  });

  it('starts from the beginning even when a pattern was left part-way', () => {
    const word = /[a-z]+/g;
    word.lastIndex = 5;
    expect(countMatches(word, 'one two three')).toBe(3);
  });

  it('refuses a pattern that is not global, which would count its first match for ever', () => {
    expect(() => countMatches(/!/, '!!')).toThrow(/global/);
  });
});
