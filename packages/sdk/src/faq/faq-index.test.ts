import { describe, expect, it, vi } from 'vitest';
import { normalizeText } from '../text/normalize.ts';
import { type Analyzer, createAnalyzer, type TermBag } from './analyzer.ts';
import { buildFaqIndex, type FaqIndex } from './faq-index.ts';
import type { KnowledgeBase } from './knowledge-base.ts';
import { DEFAULT_SYNONYMS } from './synonyms.ts';

// Counted, and run as they are: a rebuild should not normalise text it has analysed before.
vi.mock('../text/normalize.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../text/normalize.ts')>();
  return { ...real, normalizeText: vi.fn(real.normalizeText) };
});

const entry = (id: string, question: string, answer: string, alternatives: string[] = []) => ({
  id,
  question,
  alternatives,
  answer,
  tags: [],
});

const kb: KnowledgeBase = {
  version: 1,
  entries: [
    entry('refund', 'How long does a refund take?', 'Refunds reach your card in 3–5 days.', [
      'When do I get my money back?',
    ]),
    entry('shipping', 'How much is shipping?', 'Shipping is free over ¥99.'),
    entry('退货', '怎么退货？', '七天无理由退货，在订单页申请。', ['不想要了可以退吗']),
  ],
};

/** The analyzer, counting the texts it is asked to analyse. */
function countingAnalyzer(): { analyzer: Analyzer; analysed: string[] } {
  const inner = createAnalyzer({ synonyms: DEFAULT_SYNONYMS });
  const analysed: string[] = [];
  const analyzer: Analyzer = {
    ...inner,
    synonymWords: inner.synonymWords,
    latinWords: (text) => inner.latinWords(text),
    analyze: (text, options) => {
      analysed.push(text);
      return inner.analyze(text, options);
    },
  };
  return { analyzer, analysed };
}

function scoresOf(index: FaqIndex, query: TermBag): number[] {
  const into = new Float64Array(index.entryIndex.size);
  index.entryIndex.score(query, into, new Int32Array(index.entryIndex.size));
  return [...into];
}

describe('buildFaqIndex', () => {
  it('re-analyses only the entries whose wording changed when it is given the previous build', () => {
    const { analyzer, analysed } = countingAnalyzer();
    const first = buildFaqIndex(kb, analyzer, {});
    expect(analysed).toHaveLength(8); // 5 phrasings and 3 answers

    analysed.length = 0;
    const edited: KnowledgeBase = {
      version: 1,
      entries: kb.entries.map((e) =>
        e.id === 'shipping' ? { ...e, answer: 'Shipping is free over ¥199.' } : { ...e },
      ),
    };
    const second = buildFaqIndex(edited, analyzer, {}, first.analysed);
    expect(analysed).toEqual(['How much is shipping?', 'Shipping is free over ¥199.']);

    // The same index as one built from nothing.
    const fresh = buildFaqIndex(edited, createAnalyzer({ synonyms: DEFAULT_SYNONYMS }), {});
    for (const q of ['refund money back', 'free shipping 199', '退货']) {
      const query = analyzer.analyze(q);
      expect(scoresOf(second, query)).toEqual(scoresOf(fresh, query));
    }
    expect(second.phraseTerms).toEqual(fresh.phraseTerms);
    expect([...second.shopTopics]).toEqual([...fresh.shopTopics]);
    expect(second.correct('shiping')).toBe(fresh.correct('shiping'));
  });

  it('normalises no text of the entries it does not re-analyse', () => {
    const { analyzer } = countingAnalyzer();
    const first = buildFaqIndex(kb, analyzer, {});
    vi.mocked(normalizeText).mockClear();
    const edited = {
      ...kb,
      entries: kb.entries.map((e, i) => (i === 0 ? { ...e, answer: 'Within a week.' } : e)),
    };
    buildFaqIndex(edited, analyzer, {}, first.analysed);
    const untouched = kb.entries.slice(1).flatMap((e) => [e.question, ...e.alternatives, e.answer]);
    const normalised = vi.mocked(normalizeText).mock.calls.map(([text]) => text);
    expect(normalised.filter((text) => untouched.includes(text))).toEqual([]);
  });

  it('forgets the wording of entries no longer in the knowledge base', () => {
    const { analyzer } = countingAnalyzer();
    const first = buildFaqIndex(kb, analyzer, {});
    const second = buildFaqIndex({ version: 1, entries: kb.entries.slice(1) }, analyzer, {}, first.analysed);
    expect(second.analysed.byWording.size).toBe(2);
  });

  it('scores a term that is in two fields of one entry once, with both fields weighted', () => {
    const { analyzer } = countingAnalyzer();
    const index = buildFaqIndex(
      { version: 1, entries: [entry('a', 'refund', 'refund'), entry('b', 'shipping', 'shipping')] },
      analyzer,
      {},
    );
    const [withAnswer, other] = scoresOf(index, new Map([['refund', 1]]));
    const questionOnly = buildFaqIndex(
      { version: 1, entries: [entry('a', 'refund', 'yes'), entry('b', 'shipping', 'no')] },
      analyzer,
      {},
    );
    expect(other).toBe(0);
    expect(withAnswer).toBeGreaterThan(scoresOf(questionOnly, new Map([['refund', 1]]))[0]!);
  });
});
