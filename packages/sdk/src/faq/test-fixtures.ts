import type { KnowledgeBase, KnowledgeBaseEntry } from './knowledge-base.ts';

/** A tiny shop knowledge base shared by the faq tests. */
export const SMALL_KB: KnowledgeBase = {
  version: 1,
  entries: [
    {
      id: 'return-policy',
      question: '支持七天无理由退货吗？',
      alternatives: ['可以退货吗', '退货政策是什么'],
      answer: '签收后 7 天内可无理由退货。',
      tags: ['退货'],
      quickReplies: [{ label: '退款多久到账', payload: 'faq:refund-time' }],
    },
    {
      id: 'refund-time',
      question: '退款多久能到账？',
      alternatives: ['钱什么时候退回来'],
      answer: '审核通过后原路退回，1-7 个工作日到账。',
      tags: ['退款'],
    },
    {
      id: 'shipping-fee',
      question: '运费怎么算？包邮吗？',
      alternatives: ['满多少包邮', '邮费多少钱'],
      answer: '满 99 元包邮。',
      tags: ['运费'],
    },
    {
      id: 'return-earbuds',
      question: '耳机拆封后还能退货吗？',
      alternatives: ['耳机用过能退吗'],
      answer: '入耳式耳机拆封后不支持无理由退货。',
      tags: ['退货'],
      scope: { productIds: ['p-earbuds'] },
    },
    {
      id: 'return-hoodie',
      question: '卫衣拆封后还能退货吗？',
      alternatives: ['卫衣穿过能退吗'],
      answer: '吊牌完好即可退。',
      tags: ['退货'],
      scope: { productIds: ['p-hoodie'] },
    },
    {
      id: 'track-parcel',
      question: 'How do I track my parcel?',
      alternatives: ['Where is my package?', 'tracking number'],
      answer: 'Open My Orders and tap Track Shipment.',
      tags: ['shipping'],
    },
    {
      id: 'refund-en',
      question: 'How long does a refund take?',
      alternatives: ['When will I get my money back?'],
      answer: 'Refunds take 1-7 working days.',
      tags: ['refund'],
    },
  ],
};

/** A bare entry: one question, no alternatives, no tags. */
export const bareEntry = (id: string, question: string, answer = 'A.'): KnowledgeBaseEntry => ({
  id,
  question,
  alternatives: [],
  answer,
  tags: [],
});
