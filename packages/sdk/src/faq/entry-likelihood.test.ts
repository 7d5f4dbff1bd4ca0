import { describe, expect, it } from 'vitest';
import { createAnalyzer } from './analyzer.ts';
import { orderByWholeEntry } from './entry-likelihood.ts';
import { createFaqEngine } from './faq-engine.ts';
import { buildFaqIndex } from './faq-index.ts';
import { type KnowledgeBase, parseKnowledgeBase } from './knowledge-base.ts';
import { DEFAULT_SYNONYMS } from './synonyms.ts';

const kb: KnowledgeBase = parseKnowledgeBase({
  version: 1,
  entries: [
    {
      id: 'place-order',
      question: 'How do I buy from you?',
      alternatives: [
        'I want to order several items',
        'help me purchase a few of your products',
        "I don't know how to place an order",
        'can I order more than one article',
      ],
      answer: 'Add the items to your cart and check out.',
    },
    {
      id: 'change-order',
      question: "I can't swap several products of my order",
      alternatives: [
        'help me edit my purchase',
        'I need to modify what I bought',
        'replace an item I paid for',
      ],
      answer: 'Open the order and choose Edit.',
    },
    {
      id: 'track-order',
      question: 'Where is my order?',
      alternatives: ['track my parcel', 'when will my order arrive'],
      answer: 'See your orders page.',
    },
  ],
});

describe('orderByWholeEntry', () => {
  it("ranks first the entry whose phrasings together hold the question's words, over a rival's one phrasing holding them side by side", () => {
    const match = createFaqEngine(kb).match('order several products');
    expect(match.top.map((c) => c.entry.id)).toEqual(['place-order', 'change-order', 'track-order']);
    // Each entry keeps its own score: the rival scored higher, so the first is offered with doubt.
    expect(match.top[0]!.score).toBeLessThan(match.top[1]!.score);
    expect(match.decision).not.toBe('answer');
    expect(match.top[1]!.confidence).toBeLessThanOrEqual(match.confidence);
  });

  it("still answers a question that is one entry's phrasing", () => {
    const match = createFaqEngine(kb).match("I can't swap several products of my order");
    expect(match.top[0]!.entry.id).toBe('change-order');
    expect(match.decision).toBe('answer');
  });

  it('leaves a bare question where its score put it, and a knowledge base of bare questions as scored', () => {
    const analyzer = createAnalyzer({ synonyms: DEFAULT_SYNONYMS });
    const bare = { ...kb.entries[1]!, id: 'bare', alternatives: [] };
    const index = buildFaqIndex({ ...kb, entries: [...kb.entries, bare] }, analyzer, {});
    const bag = analyzer.analyze('order several products');
    // Slots 0 and 2 hold the two entries with phrasings to reorder; the bare one keeps slot 1.
    const ordered = orderByWholeEntry(index.likelihood, bag, 4, {
      topIdx: [1, 3, 0, 2],
      topScore: [0.42, 0.42, 0.4, 0.14],
    });
    expect(ordered).toEqual({ topIdx: [0, 3, 1, 2], topScore: [0.4, 0.42, 0.42, 0.14] });

    const sparse = buildFaqIndex(
      { ...kb, entries: kb.entries.map((e) => ({ ...e, alternatives: [] })) },
      analyzer,
      {},
    );
    const top = { topIdx: [1, 0, 2], topScore: [0.5, 0.4, 0.1] };
    expect(orderByWholeEntry(sparse.likelihood, bag, 2, top)).toEqual({
      topIdx: [1, 0],
      topScore: [0.5, 0.4],
    });
  });
});
