import { understand } from '@kefu/sdk';
import { describe, expect, it } from 'vitest';
import zhTW from './zh-tw.ts';

/** Every text of a locale, its functions called with sample arguments. */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') return texts((value as (...a: unknown[]) => unknown)(2, '客服'));
  if (value && typeof value === 'object') return Object.values(value).flatMap(texts);
  return [];
}

// Simplified forms whose Traditional form differs, among the characters the zh-CN strings use.
const SIMPLIFIED =
  '转为们这复应单达读试输图发内网络断连线续评价满馈帮说话务员见过时进请问题换对记录览选择订货请开关闭结东';

describe('zh-TW strings', () => {
  // Finding (2026-12-04): "talk to a person" put 「转人工」, in Simplified, in a zh-TW shopper's own transcript.
  it('hold no Simplified-only character', () => {
    const found = texts(zhTW).filter((text) => [...text].some((c) => SIMPLIFIED.includes(c)));
    expect(found).toEqual([]);
  });

  // Finding (QA as a Hong Kong shopper, 2026-12-06): Hong Kong reads these strings too, and an order
  // card said 已出貨, Taiwan's word for shipped; 寄出 is said in both.
  it('say shipped in words Hong Kong says too', () => {
    expect(texts(zhTW).filter((text) => /出貨/.test(text))).toEqual([]);
  });

  it('send words for "talk to a person" that the hub takes as a request for a person', () => {
    expect(understand(zhTW.talkToPersonText).intent).toBe('ask_for_human');
  });
});
