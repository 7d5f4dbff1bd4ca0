import { describe, expect, it } from 'vitest';
import { createFaqEngine, explainMatch } from './faq-engine.ts';
import type { KnowledgeBase, KnowledgeBaseEntry } from './knowledge-base.ts';

const entry = (id: string, question: string, alternatives: string[] = []): KnowledgeBaseEntry => ({
  id,
  question,
  alternatives,
  answer: '请看商品页的说明。',
  tags: [],
});

// A furniture shop's spreadsheet: questions in Chinese, most with one English alternate.
const others = [
  entry('fee', '配送费怎么收？', ['Delivery fee']),
  entry('warranty', '质保多久？', ['What warranty do you offer?']),
  entry('return', '可以退货吗？', ['Return policy']),
  entry('install', '提供安装吗？', ['Do you assemble the furniture?']),
];
const bilingual: KnowledgeBase = {
  version: 1,
  entries: [entry('time', 'How long does delivery take? 多久送到？', ['When will it arrive?']), ...others],
};

describe('match signals on a knowledge base written in two languages', () => {
  it("counts only the query's language in the top entry's phrasings", () => {
    const { signals } = explainMatch(createFaqEngine(bilingual), '多久送到');
    // One phrasing of the entry is in Chinese, and the Chinese query covers all of its Chinese half.
    expect(signals?.sparsity).toBe(1);
    expect(signals?.entryCoverage).toBeGreaterThan(0.75);
  });

  it('answers or offers a Chinese question about an entry written in Chinese and English', () => {
    const engine = createFaqEngine(bilingual);
    expect(engine.match('多久送到').decision).toBe('answer');
    expect(engine.match('沙发多久能送到').decision).toBe('suggest');
    expect(engine.match('沙发多久能送到').top[0]?.entry.id).toBe('time');
  });
});

describe('a question of one word that is no customer-service word', () => {
  // A skincare shop's first knowledge base (fourteenth outside QA pass): bare questions.
  const skincare = createFaqEngine({
    version: 1,
    entries: [
      entry('vegan', 'Are your products vegan?'),
      entry('samples', 'Do you offer samples?'),
      entry('cruelty', 'Are your products cruelty-free?'),
      entry('shipping', 'How much is shipping?'),
      entry('instalments', 'Can I pay in instalments?', ['Is there interest on instalments?']),
    ],
  });

  it("is answered when the entry's phrasing writes that word as the shopper typed it", () => {
    for (const [query, id] of [
      ['is it vegan', 'vegan'],
      ['can i get samples', 'samples'],
    ]) {
      const { match, signals } = explainMatch(skincare, query!);
      expect(match.top[0]?.entry.id).toBe(id);
      expect(signals?.oneWord, query).toBe(0);
      expect(match.decision, query).toBe('answer');
    }
  });

  it('is still offered, not answered, when only its stem meets the entry ("interesting", "interest")', () => {
    const { match, signals } = explainMatch(skincare, 'tell me something interesting');
    expect(match.top[0]?.entry.id).toBe('instalments');
    expect(signals?.oneWord).toBe(1);
    expect(match.decision).not.toBe('answer');
  });
});
