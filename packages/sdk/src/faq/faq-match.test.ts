import { describe, expect, it } from 'vitest';
import { createFaqEngine, explainMatch } from './faq-engine.ts';
import { ANSWER_LEAD, CLEAR_LEAD, DEFAULT_THRESHOLDS, decide, RIVAL_LIMIT, TIE_MARGIN } from './faq-match.ts';
import { SMALL_KB } from './test-fixtures.ts';

describe('decide', () => {
  const t = { answer: 0.9, margin: 0.2, suggest: 0.5, outOfScope: 0.1 };
  // Signals of a question whose words the knowledge base and the entry all have, but for those tried.
  const plain = {
    margin: 0.5,
    oneWord: 0,
    rival: 0,
    known: 1,
    entryCoverage: 1,
    chinese: 0,
    chatCues: 0,
    offPage: 0,
    rivalWritten: 0,
    answerLead: 0,
  };

  it('answers only a confident match that is clearly ahead of the runner-up', () => {
    expect(decide(0.95, 0.9, { ...plain }, t)).toBe('answer');
    expect(decide(0.95, 0.9, { ...plain, margin: 0.1 }, t)).toBe('suggest');
    expect(decide(0.85, 0.9, { ...plain }, t)).toBe('suggest');
  });

  it('offers, never answers, a match tied with its runner-up, even with no margin rule', () => {
    const noMarginRule = { ...t, margin: 0 };
    expect(decide(0.97, 1, { ...plain, margin: 0 }, noMarginRule)).toBe('suggest');
    expect(decide(0.97, 1, { ...plain, margin: TIE_MARGIN / 2 }, noMarginRule)).toBe('suggest');
    expect(decide(0.97, 1, { ...plain, margin: TIE_MARGIN }, noMarginRule)).toBe('answer');
  });

  it('answers a less confident match whose top entry leaves every other far behind (outside QA: offered at 0.8–0.97)', () => {
    const d = DEFAULT_THRESHOLDS;
    expect(decide(0.85, 0.9, { ...plain, margin: CLEAR_LEAD }, d)).toBe('answer');
    expect(decide(0.75, 0.9, { ...plain, margin: CLEAR_LEAD }, d)).toBe('suggest');
    // A sibling close behind: the dev splits' wrong answers at this confidence all had one.
    expect(decide(0.85, 0.9, { ...plain, margin: 0.6 }, d)).toBe('suggest');
    // A greeting, a person or a complaint in the question: the lead alone does not answer it.
    expect(decide(0.92, 0.96, { ...plain, margin: 0.75, chatCues: 0.2 }, d)).toBe('suggest');
    // `answer` 1 still never answers; a stricter `answer` asks more of a lead too.
    expect(decide(0.999, 1, { ...plain, margin: 1 }, { ...d, answer: 1 })).toBe('suggest');
    expect(decide(0.85, 0.9, { ...plain, margin: 1 }, { ...d, answer: 0.99 })).toBe('suggest');
  });

  it('offers, never answers, a match on one word that is no customer-service word', () => {
    expect(decide(0.99, 0.99, { ...plain, margin: 1, oneWord: 1 }, t)).toBe('suggest');
  });

  it('offers "did you mean" when the top entry is fairly likely right, even if the question looks unusual', () => {
    expect(decide(0.6, 0.3, { ...plain }, t)).toBe('suggest');
    expect(decide(0.3, 0.3, { ...plain }, t)).toBe('fallback');
  });

  it("offers an unsure question from a lower in-scope line when the top entry's answer backs the ranking", () => {
    const d = DEFAULT_THRESHOLDS;
    // 「客服几点下班」 on a knowledge base of bare questions: the hours entry ranks first on 客服, its
    // answer alone holds the hours; handed to a person before.
    expect(decide(0.3, 0.4, { ...plain, answerLead: ANSWER_LEAD }, d)).toBe('suggest');
    expect(decide(0.3, 0.4, { ...plain, answerLead: ANSWER_LEAD / 2 }, d)).toBe('fallback');
    // Not for a question that hardly looks like one for this shop, whatever the answer holds.
    expect(decide(0.3, 0.15, { ...plain, answerLead: 1 }, d)).toBe('fallback');
    // Never an answer from it, and `suggest` 1 (never offer) still never offers.
    expect(decide(0.9, 0.9, { ...plain, margin: 0.1, answerLead: 1 }, d)).toBe('suggest');
    expect(decide(0.3, 0.9, { ...plain, answerLead: 1 }, { ...d, suggest: 1 })).toBe('fallback');
  });

  it('calls a question outside what the shop answers only when it clearly is', () => {
    expect(decide(0.05, 0.05, { ...plain, margin: 1 }, t)).toBe('out_of_scope');
    expect(decide(0.05, 0.2, { ...plain, margin: 1 }, t)).toBe('fallback');
  });

  it('offers, never answers, a match when a good part of the question is words only the runner-up uses', () => {
    expect(decide(0.99, 0.99, { ...plain, rival: 0.5 }, t)).toBe('suggest');
    expect(decide(0.99, 0.99, { ...plain, rival: 0.1 }, t)).toBe('answer');
  });

  it('answers a match that leaves the runner-up far behind, whatever words only the runner-up has', () => {
    // "does it shrink in the wash": the shrinking entry leads the washing one by 0.76; "wash" is the latter's.
    expect(decide(0.99, 0.99, { ...plain, rival: 0.46, margin: CLEAR_LEAD }, t)).toBe('answer');
    expect(decide(0.99, 0.99, { ...plain, rival: 0.46, margin: CLEAR_LEAD - 0.01 }, t)).toBe('suggest');
  });

  it('offers, never answers, an English question and an entry that each have a word of weight the other lacks', () => {
    expect(decide(0.99, 0.99, { ...plain, known: 0.6, entryCoverage: 0.63 }, t)).toBe('suggest');
    expect(decide(0.99, 0.99, { ...plain, known: 0.6, entryCoverage: 0.9 }, t)).toBe('answer');
    expect(decide(0.99, 0.99, { ...plain, known: 0.9, entryCoverage: 0.6 }, t)).toBe('answer');
    // A Chinese question's character bigrams make unknown terms of ordinary paraphrases.
    expect(decide(0.99, 0.99, { ...plain, known: 0.6, entryCoverage: 0.63, chinese: 1 }, t)).toBe('answer');
  });

  it('offers the top entry when the runner-up writes more of the English words as the shopper typed them, unless it leads clearly', () => {
    expect(decide(0.99, 0.99, { ...plain, rivalWritten: 1 }, t)).toBe('suggest');
    expect(decide(0.99, 0.99, { ...plain, rivalWritten: 1, margin: CLEAR_LEAD }, t)).toBe('answer');
  });

  it('offers an entry scoped to a page the shopper is not on, unless it leads clearly', () => {
    expect(decide(0.99, 0.99, { ...plain, offPage: 1 }, t)).toBe('suggest');
    expect(decide(0.99, 0.99, { ...plain, offPage: 1, margin: CLEAR_LEAD }, t)).toBe('answer');
  });
});

describe('an engine with one country it ships to', () => {
  const engine = createFaqEngine({
    ...SMALL_KB,
    entries: [
      ...SMALL_KB.entries,
      {
        id: 'th',
        question: 'Do you ship to Thailand?',
        alternatives: [],
        answer: 'Yes: 70 yuan, 5–8 days.',
        tags: [],
      },
    ],
  });

  it('answers about that country and offers it, never answers it, about another (QA: Laos got the Thailand answer at 0.998)', () => {
    const thailand = engine.match('Do you ship to Thailand?');
    expect(thailand.decision).toBe('answer');
    expect(thailand.top[0]?.entry.id).toBe('th');
    for (const other of ['Do you ship to Laos?', 'do you ship to canada', 'shipping to Japan?'])
      expect(engine.match(other).decision, other).not.toBe('answer');
  });
});

describe('an engine with two entries on one topic', () => {
  const entry = (id: string, question: string) => ({
    id,
    question,
    alternatives: [],
    answer: 'See the page.',
    tags: [],
  });
  const engine = createFaqEngine({
    version: 1,
    entries: [
      entry('warranty', 'What warranty do your products have?'),
      entry('protection', 'Do you offer extended protection plans?'),
      entry('repair', 'How do I get my device repaired?'),
      entry('returns', 'What is your return policy?'),
    ],
  });

  it('measures the words of the question only the runner-up uses, so the rule can hold back the answer', () => {
    const { match, signals } = explainMatch(engine, 'do you have an extended warranty');
    expect(match.top.slice(0, 2).map((c) => c.entry.id)).toEqual(['warranty', 'protection']);
    // "extended" is the protection entry's word; "warranty" the top entry's: about half the question.
    expect(signals?.rival).toBeGreaterThanOrEqual(RIVAL_LIMIT);
    expect(match.decision).not.toBe('answer');
  });

  it('still answers a question that only the top entry covers', () => {
    expect(engine.match('what warranty do your products have').decision).toBe('answer');
  });
});
