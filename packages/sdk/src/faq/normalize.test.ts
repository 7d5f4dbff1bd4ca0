import { describe, expect, it } from 'vitest';
import { normalizeText, splitRuns } from './normalize.ts';
import { stem } from './stem.ts';
import { toSimplified } from './traditional-chinese.ts';
import { createWordCorrector } from './typo.ts';

describe('text normalisation', () => {
  it('turns full-width letters and digits into half-width lower case', () => {
    expect(normalizeText('ＸＬ码　１２３')).toBe('xl码 123');
  });

  it('folds traditional characters to simplified ones', () => {
    expect(toSimplified('退貨運費誰出')).toBe('退货运费谁出');
  });

  it('drops punctuation and emoji', () => {
    expect(normalizeText('退货？？😡！！ don’t')).toBe('退货 dont');
  });

  it('splits Chinese runs from Latin words', () => {
    expect(splitRuns('这件hoodie偏大吗 size l')).toEqual(['这件', 'hoodie', '偏大吗', 'size', 'l']);
  });

  it('stems English inflections onto one term', () => {
    expect(new Set(['cancel', 'cancelled', 'cancelling'].map(stem)).size).toBe(1);
    expect(stem('deliveries')).toBe(stem('delivery'));
  });

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
