import { describe, expect, it } from 'vitest';
import { normalizeText, splitRuns } from './normalize.ts';

describe('text normalisation', () => {
  it('turns full-width letters and digits into half-width lower case', () => {
    expect(normalizeText('ＸＬ码　１２３')).toBe('xl码 123');
  });

  it('drops punctuation and emoji', () => {
    expect(normalizeText('退货？？😡！！ don’t')).toBe('退货 dont');
  });

  it("reads Taiwan's 帳 (folded to 帐) as the mainland's 账, so 轉帳 and 转账 are one word", () => {
    expect(normalizeText('轉帳')).toBe(normalizeText('转账'));
    expect(normalizeText('帳號')).toBe('账号');
  });

  it('splits Chinese runs from Latin words', () => {
    expect(splitRuns('这件hoodie偏大吗 size l')).toEqual(['这件', 'hoodie', '偏大吗', 'size', 'l']);
  });

  it('splits a number from the letters typed against it, as the knowledge base writes them apart', () => {
    // Shoppers glue units and model numbers ("500ml", "iphone15", "spf50"); merchants write "500 ml".
    expect(splitRuns('500ml iphone15 spf50 2xl')).toEqual([
      '500',
      'ml',
      'iphone',
      '15',
      'spf',
      '50',
      '2',
      'xl',
    ]);
    expect(splitRuns('iphone15能用吗')).toEqual(['iphone', '15', '能用吗']);
  });
});
