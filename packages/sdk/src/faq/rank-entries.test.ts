import { describe, expect, it } from 'vitest';
import { createAnalyzer } from './analyzer.ts';
import { buildFaqIndex } from './faq-index.ts';
import { DEFAULT_THRESHOLDS } from './faq-match.ts';
import type { KnowledgeBase } from './knowledge-base.ts';
import { topEntries } from './rank-entries.ts';
import { DEFAULT_SYNONYMS } from './synonyms.ts';

const ZH =
  '订单 退款 退货 换货 尺码 颜色 发票 优惠券 付款 快递 物流 地址 保修 电池 外套 耳机 库存 价格 破损 取消'.split(
    ' ',
  );
const EN =
  'order refund return exchange size colour invoice coupon payment courier address warranty battery jacket'.split(
    ' ',
  );

/** The same pseudo-random knowledge base and questions on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('topEntries', () => {
  const rand = random(11);
  const pick = (words: string[]) => words[Math.floor(rand() * words.length)]!;
  const phrase = (zh: boolean) =>
    zh ? `${pick(ZH)}${pick(ZH)}怎么${pick(ZH)}` : `how do I ${pick(EN)} my ${pick(EN)} ${pick(EN)}`;
  const entries = Array.from({ length: 400 }, (_, i) => {
    const zh = i % 3 !== 0;
    return {
      id: `e${i}`,
      question: phrase(zh),
      alternatives: [phrase(zh), phrase(zh), phrase(zh)],
      answer: `${phrase(zh)} ${phrase(zh)}`,
      tags: [],
      ...(i % 7 === 0 ? { scope: { productIds: [`p${i % 3}`] } } : {}),
    };
  });
  // Twins score alike: the order between equal scores must hold as well.
  for (let i = 0; i < 20; i++) entries.push({ ...entries[i * 5]!, id: `twin${i}` });
  const kb: KnowledgeBase = { version: 1, entries };
  const analyzer = createAnalyzer({ synonyms: DEFAULT_SYNONYMS });
  const index = buildFaqIndex(kb, analyzer, {});

  it('finds the same entries with the same scores, bit for bit, scoring every slot or only what the query reached', () => {
    let compared = 0;
    for (let q = 0; q < 300; q++) {
      const bag = analyzer.analyze(q % 2 ? phrase(true) : phrase(false), { conceptWeight: 1 });
      const ctx = q % 3 === 0 ? { productId: `p${q % 4}` } : {};
      for (const k of [1, 3, 10]) {
        const opts = { k, thresholds: DEFAULT_THRESHOLDS, entryMix: 0.5, scopeBoost: 1.25 };
        const dense = topEntries(index, bag, ctx, opts, true);
        expect(topEntries(index, bag, ctx, opts, false)).toEqual(dense);
        if (dense.topIdx.length > 0) compared++;
      }
    }
    expect(compared).toBeGreaterThan(600);
  });
});
