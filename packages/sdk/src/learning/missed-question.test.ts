import type { Author, Content, Message } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../store/store.ts';
import { missedQuestion } from './missed-question.ts';

const SHOPPER: Author = { kind: 'shopper', id: 's1' };
const BOT: Author = { kind: 'bot', name: 'Bot' };
const AGENT: Author = { kind: 'agent', id: 'mei', name: 'Mei' };

/** A conversation as [author, content] pairs, seqs from 1. */
function conversation(...turns: [Author, Content | string][]): Message[] {
  return turns.map(([author, content], i) => ({
    id: `m${i + 1}`,
    conversationId: 'c1',
    seq: i + 1,
    author,
    content: typeof content === 'string' ? { kind: 'text', text: content } : content,
    createdAt: 1_000 + i,
  }));
}
const didYouMean: Content = {
  kind: 'quick_replies',
  text: '您是想问下面哪个问题？',
  replies: [
    { label: '运费怎么算', payload: 'faq:shipping-fee' },
    { label: '都不是，转人工', payload: '转人工' },
  ],
};
const botAnswer = (seq: number, entryId: string | null): EventRecord => ({
  id: `e${seq}`,
  at: 1,
  kind: 'bot.answer',
  conversationId: 'c1',
  data: { seq, confidence: entryId ? 0.9 : 0, entryId },
});
const notHelpful = (seq: number): EventRecord => ({
  id: `f${seq}`,
  at: 2,
  kind: 'feedback',
  conversationId: 'c1',
  data: { seq, helpful: false, entryId: 'x' },
});

describe('missedQuestion', () => {
  it('finds a question the bot declined, past a request for a person, with the agent’s block of replies', () => {
    const messages = conversation(
      [SHOPPER, '能寄到香港吗'],
      [BOT, '抱歉，这个问题我暂时答不好'],
      [SHOPPER, '转人工'],
      [BOT, '好的，正在为您转接'],
      [AGENT, '您好'],
      [AGENT, '可以寄到香港，顺丰 3 天到'],
    );
    const events = [botAnswer(2, null), botAnswer(4, null)];
    expect(missedQuestion(messages, events, 6)).toEqual({
      questionSeq: 1,
      question: '能寄到香港吗',
      answer: '您好\n可以寄到香港，顺丰 3 天到',
      miss: 'refused',
    });
  });

  it('counts a "did you mean" not taken, and not one the shopper tapped', () => {
    const untaken = conversation(
      [SHOPPER, '寄香港多少钱'],
      [BOT, didYouMean],
      [SHOPPER, { kind: 'text', text: '都不是，转人工', payload: '转人工' }],
      [AGENT, '寄香港 30 元'],
    );
    expect(missedQuestion(untaken, [botAnswer(2, null)], 4)).toMatchObject({ miss: 'suggested' });

    const taken = conversation(
      [SHOPPER, '寄香港多少钱'],
      [BOT, didYouMean],
      [SHOPPER, { kind: 'text', text: '运费怎么算', payload: 'faq:shipping-fee' }],
      [BOT, '满 99 元包邮。'],
      [AGENT, '还有别的问题吗'],
    );
    expect(missedQuestion(taken, [botAnswer(2, null), botAnswer(4, 'shipping-fee')], 5)).toBeNull();
  });

  it('takes an answer marked not helpful, with its entry', () => {
    const messages = conversation(
      [SHOPPER, '运费谁出'],
      [BOT, '满 99 元包邮。'],
      [AGENT, '退货运费由我们承担'],
    );
    expect(missedQuestion(messages, [botAnswer(2, 'shipping-fee'), notHelpful(2)], 3)).toEqual({
      questionSeq: 1,
      question: '运费谁出',
      answer: '退货运费由我们承担',
      miss: 'not_helpful',
      entryId: 'shipping-fee',
    });
    expect(missedQuestion(messages, [botAnswer(2, 'shipping-fee')], 3)).toBeNull();
  });

  it('takes the latest verdict: a "not helpful" the shopper took back is no miss', () => {
    // Was still proposed as a question the bot missed, while reports and escalation counted it helped.
    const messages = conversation(
      [SHOPPER, '运费谁出'],
      [BOT, '满 99 元包邮。'],
      [AGENT, '对，满 99 元包邮'],
    );
    const helpful: EventRecord = { ...notHelpful(2), id: 'g2', at: 3, data: { seq: 2, helpful: true } };
    expect(missedQuestion(messages, [botAnswer(2, 'shipping-fee'), notHelpful(2), helpful], 3)).toBeNull();
    expect(missedQuestion(messages, [botAnswer(2, 'shipping-fee'), helpful, notHelpful(2)], 3)).toMatchObject(
      {
        miss: 'not_helpful',
      },
    );
  });

  it('passes over what the shopper wrote while waiting, but not a new exchange after the agent replied', () => {
    const messages = conversation(
      [SHOPPER, '能寄到香港吗'],
      [BOT, '抱歉，这个问题我暂时答不好'],
      [SHOPPER, '我很急'],
      [AGENT, '可以寄到香港'],
      [SHOPPER, '那澳门呢'],
      [AGENT, '澳门也可以'],
    );
    const events = [botAnswer(2, null)];
    expect(missedQuestion(messages, events, 4)).toMatchObject({ questionSeq: 1, answer: '可以寄到香港' });
    expect(missedQuestion(messages, events, 6)).toBeNull();
  });

  it('ignores what is not an agent’s text reply', () => {
    const messages = conversation([SHOPPER, '能寄到香港吗'], [BOT, '抱歉'], [SHOPPER, '?']);
    expect(missedQuestion(messages, [botAnswer(2, null)], 3)).toBeNull();
    expect(missedQuestion(messages, [botAnswer(2, null)], 99)).toBeNull();
  });
});
