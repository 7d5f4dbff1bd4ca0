import { describe, expect, it } from 'vitest';
import { createWordCorrector } from './typo.ts';

describe('createWordCorrector', () => {
  it('corrects a word one edit away from a known word, preferring the frequent one', () => {
    const correct = createWordCorrector(
      new Map([
        ['refund', 5],
        ['invoice', 2],
      ]),
    );
    expect(correct('refnud')).toBe('refund');
    expect(correct('invoce')).toBe('invoice');
    expect(correct('banana')).toBe('banana');
  });
});
