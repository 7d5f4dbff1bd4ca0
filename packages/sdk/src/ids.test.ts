import { describe, expect, it } from 'vitest';
import { defaultIds, randomToken, sequentialIds } from './ids.ts';

describe('ids', () => {
  it('makes prefixed ids of 16 lowercase letters and digits', () => {
    expect(defaultIds('c')).toMatch(/^c_[0-9a-z]{16}$/);
    expect(defaultIds('m')).toMatch(/^m_[0-9a-z]{16}$/);
    // Longer prefixes take the other path (learned questions are lq_…).
    expect(defaultIds('lq')).toMatch(/^lq_[0-9a-z]{16}$/);
  });

  it('does not repeat an id in many draws', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => defaultIds('c')));
    expect(seen.size).toBe(2000);
  });

  it('makes url-safe random tokens of the asked size (26 by default, 130 bits)', () => {
    expect(randomToken()).toMatch(/^[0-9a-v]{26}$/);
    expect(randomToken(10)).toMatch(/^[0-9a-v]{10}$/);
    expect(randomToken()).not.toBe(randomToken());
  });

  it("makes its tokens on a page whose Array.from takes no map function (Prototype.js 1.7's $A)", () => {
    const native = Array.from;
    Array.from = ((iterable: ArrayLike<unknown>) =>
      Array.prototype.slice.call(iterable)) as typeof Array.from;
    try {
      expect(randomToken()).toMatch(/^[0-9a-v]{26}$/);
    } finally {
      Array.from = native;
    }
  });

  it('counts sequential ids from 1 across prefixes, so every id in a test is unique', () => {
    const ids = sequentialIds();
    expect([ids('c'), ids('m'), ids('c')]).toEqual(['c_1', 'm_2', 'c_3']);
  });

  it('gives each sequential generator its own counter', () => {
    const a = sequentialIds();
    const b = sequentialIds();
    a('c');
    expect(b('c')).toBe('c_1');
  });
});
