import { describe, expect, it } from 'vitest';
import { createFaqEngine } from '../faq/faq-engine.ts';
import { SMALL_KB } from '../faq/test-fixtures.ts';
import type { LearnedQuestion } from '../store/learned-questions.ts';
import { proposeKnowledge } from './knowledge-proposals.ts';

let n = 0;
const learned = (question: string, answer: string, extra: Partial<LearnedQuestion> = {}): LearnedQuestion => {
  n++;
  return {
    id: `lq_${n}`,
    conversationId: `c_${n}`,
    questionSeq: 2,
    question,
    answer,
    language: /[a-z]/i.test(question) ? 'en' : 'zh',
    miss: 'refused',
    createdAt: 1_000 + n,
    status: 'pending',
    ...extra,
  };
};
const knowledge = { engine: createFaqEngine(SMALL_KB) };

describe('proposeKnowledge', () => {
  it('groups near-duplicates with counts, most asked first, and keeps the first question’s id', () => {
    const questions = [
      learned('能寄到香港吗', '可以，顺丰 3 天到香港'),
      learned('能开发票吗', '可以开电子发票，下单时填写抬头'),
      learned('香港能寄吗', '可以，顺丰 3 天到香港'),
      learned('能寄到香港吗？', '可以，顺丰 3 天到香港'),
      learned('能寄到台湾吗', '暂时不能寄到台湾'),
    ];
    const proposals = proposeKnowledge(questions, knowledge);
    expect(proposals.map((p) => [p.id, p.count, p.kind])).toEqual([
      [questions[0]!.id, 3, 'entry'],
      [questions[4]!.id, 1, 'entry'],
      [questions[1]!.id, 1, 'entry'],
    ]);
    expect(proposals[0]).toMatchObject({
      questions: [
        { text: '能寄到香港吗', count: 2 },
        { text: '香港能寄吗', count: 1 },
      ],
      answer: '可以，顺丰 3 天到香港',
      conversations: 3,
      language: 'zh',
      questionIds: [questions[0]!.id, questions[2]!.id, questions[3]!.id],
    });
  });

  it('never groups questions in different languages', () => {
    const proposals = proposeKnowledge(
      [learned('Hong Kong shipping?', 'yes', { language: 'zh' }), learned('Hong Kong shipping?', 'yes')],
      knowledge,
    );
    expect(proposals).toHaveLength(2);
  });

  it('keeps apart questions alike in words that the agents answered with two different entries', () => {
    // 几天能退款 / 几天能退货 share most of their terms (0.6), but one is about the money and the
    // other about sending the item back: grouped, approving would give one entry's answer to both.
    const questions = [
      learned('几天能退款', '审核通过后原路退回，1-7 个工作日到账'),
      learned('几天能退货', '签收后 7 天内可无理由退货'),
      learned('退款要几天', '审核通过后原路退回，1-7 个工作日到账。'),
    ];
    const proposals = proposeKnowledge(questions, knowledge);
    expect(proposals.map((p) => [p.questionIds, p.kind, p.target?.entryId])).toEqual([
      [[questions[0]!.id, questions[2]!.id], 'alternate', 'refund-time'],
      [[questions[1]!.id], 'alternate', 'return-policy'],
    ]);
  });

  it('proposes an alternate of the entry the agents answered with', () => {
    const [p] = proposeKnowledge(
      [learned('几天能拿到退的钱', '审核通过后原路退回，1-7 个工作日到账')],
      knowledge,
    );
    expect(p).toMatchObject({ kind: 'alternate', target: { entryId: 'refund-time', by: 'answer' } });
    // The answer the bot gives once approved: the entry's own, for the supervisor to read.
    const entry = SMALL_KB.entries.find((e) => e.id === 'refund-time')!;
    expect(p!.target!.answer).toBe(entry.answer);
  });

  it('offers the entry the engine only ranks first, but proposes a new entry with the agents’ answer', () => {
    // The engine would not answer 怎么退货 outright ("did you mean"): the entry is a guess, and
    // approving it as an alternate would give the entry's answer instead of the agents'.
    expect(knowledge.engine.match('怎么退货').decision).not.toBe('answer');
    const [p] = proposeKnowledge([learned('怎么退货', '在订单页点申请售后就行')], knowledge);
    expect(p).toMatchObject({ kind: 'entry', target: { entryId: 'return-policy', by: 'ranking' } });
    expect(p!.target!.score).toBeGreaterThanOrEqual(0.5);
  });

  it('proposes an alternate of the entry the engine would answer a wording with outright', () => {
    const entry = SMALL_KB.entries.find((e) => e.id === 'return-policy')!;
    const engine = {
      match: (q: string) =>
        q === '怎么退货'
          ? { decision: 'answer' as const, confidence: 0.9, inScope: 1, top: [{ entry, score: 0.9 }] }
          : { decision: 'out_of_scope' as const, confidence: 0, inScope: 0, top: [] },
    };
    const [p] = proposeKnowledge([learned('怎么退货', '在订单页点申请售后就行')], {
      engine: engine as unknown as typeof knowledge.engine,
    });
    expect(p).toMatchObject({
      kind: 'alternate',
      target: { entryId: 'return-policy', by: 'ranking', answer: entry.answer },
    });
  });

  it('does not propose the entry whose answer the shopper marked not helpful', () => {
    const [p] = proposeKnowledge(
      [learned('怎么退货', '在订单页点申请售后就行', { miss: 'not_helpful', entryId: 'return-policy' })],
      knowledge,
    );
    expect(p?.target?.entryId).not.toBe('return-policy');
    expect(p?.misses).toEqual({ refused: 0, suggested: 0, not_helpful: 1 });
  });

  it('does not make a question an alternate of an entry answered from the same template about another place', () => {
    // Agents answer every country with one template: 老挝's answer is close in words to 泰国's entry,
    // but approving it as an alternate would tell a shopper asking about Laos the Thai price.
    const kb = {
      version: 1 as const,
      entries: [
        ...SMALL_KB.entries,
        {
          id: 'ship-th',
          question: '能寄到泰国吗',
          alternatives: [],
          answer: '可以寄泰国，运费 70 元，10 天左右送达。',
          tags: [],
        },
        {
          id: 'ship-th-en',
          question: 'Do you ship to Thailand?',
          alternatives: [],
          answer: 'Yes, we ship to Thailand: ¥70, about 10 days.',
          tags: [],
        },
      ],
    };
    const engine = createFaqEngine(kb);
    const [zh] = proposeKnowledge([learned('能寄到老挝吗', '可以寄老挝，运费 75 元，10 天左右送达。')], {
      engine,
    });
    expect(zh).toMatchObject({ kind: 'entry', answer: '可以寄老挝，运费 75 元，10 天左右送达。' });
    const [en] = proposeKnowledge(
      [learned('Do you ship to Laos?', 'Yes, we ship to Laos: ¥75, about 10 days.')],
      {
        engine,
      },
    );
    // The engine itself answers this one with Thailand's entry (a ranking matter): not a sure target either.
    expect(en).toMatchObject({ kind: 'entry' });
    // The same place in other words is still the entry's.
    const [same] = proposeKnowledge([learned('泰国能寄吗', '可以寄泰国，运费 70 元，10 天左右送达。')], {
      engine,
    });
    expect(same).toMatchObject({ kind: 'alternate', target: { entryId: 'ship-th', by: 'answer' } });
  });
});
