import { describe, expect, it } from 'vitest';
import { createFaqEngine } from './faq-engine.ts';
import { parseKnowledgeBase } from './knowledge-base.ts';
import { bareEntry as entry } from './test-fixtures.ts';

// Bare questions, as a merchant's first knowledge base has them: the product-specific returns
// entries are scoped to their category or product, the general ones are not.
const engine = createFaqEngine(
  parseKnowledgeBase({
    version: 1,
    entries: [
      entry('return-policy', '支持七天无理由退货吗？'),
      { ...entry('return-electronics', '电子产品能退货吗？'), scope: { categories: ['electronics'] } },
      { ...entry('return-apparel', '衣服怎么退货？有什么要求？'), scope: { categories: ['apparel'] } },
      entry('how-to-return', '怎么申请退货退款？'),
      entry('return-fee', '退货运费谁承担？'),
      entry('policy-en', 'Do you accept returns within 7 days?'),
      entry('how-to-return-en', 'How do I request a return and refund?'),
      {
        ...entry('return-earbuds-en', 'Can I return the earbuds after opening them?'),
        scope: { productIds: ['p-earbuds'] },
      },
      {
        ...entry('return-electronics-en', 'Can I return electronics?'),
        scope: { categories: ['electronics'] },
      },
    ],
  }),
);
const ids = (q: string, ctx = {}) => engine.match(q, ctx).top.map((c) => c.entry.id);

describe('generalFirst', () => {
  it("ranks the general entry over a scoped one off the scoped entry's page when the question names nothing of the scoped one", () => {
    expect(ids('可以退貨嗎')[0]).toBe('return-policy');
    expect(ids('我要退货 流程是啥')[0]).toBe('how-to-return');
    expect(ids('can i return stuff i dont like')[0]).toBe('policy-en');
  });

  it('does not read a bigram where two words meet as a word of the scoped entry', () => {
    // 么退 of 「怎么退货」 is in 「衣服怎么退货？」 and not in 「怎么申请退货退款？」, which writes 么 and 退 apart.
    expect(ids('怎么退货')[0]).toBe('how-to-return');
  });

  it('offers, not answers, the general entry it moved ahead of a better-scored one', () => {
    expect(engine.match('可以退貨嗎').decision).not.toBe('answer');
  });

  it('keeps the scoped entry first on its page, or when the question names what it is about', () => {
    expect(ids('可以退貨嗎', { category: 'electronics' })[0]).toBe('return-electronics');
    expect(ids('电子产品可以退吗')[0]).toBe('return-electronics');
    expect(ids('can i return the earbuds')[0]).toBe('return-earbuds-en');
  });
});
