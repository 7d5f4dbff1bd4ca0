import { type Content, type ConversationStatus, KefuError, type Message } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import type { AnswerPlugin, BotAnswer, BotQuestion } from '../seams/plugins.ts';
import { DEFAULT_POLICY } from '../seams/policy.ts';
import type { ConversationExpectation, StoredConversation } from '../store/store.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { pluginContext } from '../testing/plugin-context.ts';
import { answerWhileWaiting, type WaitingAnswerDeps } from './waiting-answer.ts';

const waiting = (status: ConversationStatus, locale = 'zh-CN'): StoredConversation => ({
  ...pluginContext.conversation,
  state: { status },
  locale,
  lastSeq: 2,
});

/**
 * Deps over a one-conversation transcript whose status a test (or the bot, mid-answer) changes:
 * a post whose expectation no longer holds is the store's `conflict`, as in the real store.
 */
function deps(
  answer: AnswerPlugin,
  options: { status?: ConversationStatus; botWhileWaiting?: boolean } = {},
) {
  const conversation = { status: options.status ?? ('queued' as ConversationStatus) };
  const messages: Message[] = [];
  const records: string[] = [];
  const failures: string[] = [];
  const d: WaitingAnswerDeps = {
    o: {
      clock: new ManualClock(1000),
      pluginTimeoutMs: 1000,
      answer,
      understand: async (text) => ({
        intent: text.includes('运费')
          ? 'logistics'
          : /在吗|hello/.test(text)
            ? 'greeting'
            : /转人工|agent/.test(text)
              ? 'ask_for_human'
              : 'other',
        confidence: 0.9,
        anger: 0,
      }),
      policy: DEFAULT_POLICY,
      botWhileWaiting: options.botWhileWaiting ?? true,
      store: {
        listMessages: async (_id, { beforeSeq = Infinity, limit }) =>
          messages.filter((m) => m.seq < beforeSeq).slice(-limit),
      } as WaitingAnswerDeps['o']['store'],
    },
    understandings: { set: () => undefined },
    pluginFailed: (plugin, error) => void failures.push(`${plugin} ${error.code}`),
    pluginContext: (c) => ({ ...pluginContext, conversation: c }),
    botAuthor: () => ({ kind: 'bot', name: 'Kefu' }),
    post: async (conversationId, author, content: Content, o?: { expect?: ConversationExpectation }) => {
      if (o?.expect?.statuses && !o.expect.statuses.includes(conversation.status))
        throw new KefuError('conflict', 'the conversation changed');
      const message: Message = {
        id: `m${messages.length}`,
        conversationId,
        seq: messages.length + 3,
        author,
        content,
        createdAt: 0,
      };
      messages.push(message);
      return { message, duplicate: false };
    },
    // One by one through `post` (this deps' own, so a test's wrapper of it sees each part).
    async postTogether(conversationId, author, posts, expect) {
      const stored = [];
      for (const { content, clientMsgId } of posts)
        stored.push(
          await this.post(conversationId, author, content, {
            ...(clientMsgId ? { clientMsgId } : {}),
            ...(expect ? { expect } : {}),
          }),
        );
      return stored;
    },
    record: (kind, _id, extra) => void records.push(`${kind} ${JSON.stringify(extra?.data)}`),
  };
  const said = () =>
    messages.map((m) =>
      m.content.kind === 'text'
        ? `${m.author.kind}: ${m.content.text}`
        : m.content.kind === 'system'
          ? `${m.content.event}: ${m.content.text}`
          : m.content.kind,
    );
  return { d, conversation, messages, records, failures, said };
}

const reply = (text: string, more: Partial<BotAnswer> = {}): BotAnswer => ({
  content: [{ kind: 'text', text }],
  confidence: 0.9,
  ...more,
});

describe('answerWhileWaiting', () => {
  it('answers outright while queued, says once that the shopper keeps their place, and records each answer', async () => {
    const { d, said, records } = deps(async (q) =>
      reply(q.text.includes('运费') ? '满 99 元包邮。' : '付款后 48 小时内发货。', { entryId: 'e1' }),
    );
    await answerWhileWaiting(d, waiting('queued'), '运费多少钱？', undefined, 3);
    await answerWhileWaiting(d, waiting('queued'), '多久发货？', undefined, 4);
    expect(said()).toEqual([
      'bot: 满 99 元包邮。',
      'queued: 您的排队位置保持不变，人工客服稍后为您服务。',
      'bot: 付款后 48 小时内发货。',
    ]);
    expect(records).toEqual([
      'bot.answer {"seq":3,"confidence":0.9,"entryId":"e1"}',
      'bot.answer {"seq":5,"confidence":0.9,"entryId":"e1"}',
    ]);
  });

  // "还在吗？" from a queued shopper got the bot's introduction and a "转人工" button, as if the
  // conversation had just begun.
  it('answers a greeting while waiting with the line that the shopper keeps their place, once, not the introduction', async () => {
    const { d, said } = deps(async () =>
      reply('您好！我是本店的智能客服，请问有什么可以帮您？', {
        content: [
          { kind: 'quick_replies', text: '您好！', replies: [{ label: '转人工', payload: '转人工' }] },
        ],
        confidence: 1,
      }),
    );
    await answerWhileWaiting(d, waiting('queued'), '还在吗？', undefined, 5);
    await answerWhileWaiting(d, waiting('queued'), '在吗', undefined, 6);
    expect(said()).toEqual(['queued: 您的排队位置保持不变，人工客服稍后为您服务。']);
  });

  // A ticket holder's "agent pls" (or a queued shopper's 转人工 again) got no reply at all: the
  // bot's hand-over is no outright answer, so it was dropped, and the shopper saw nothing happen.
  it('answers a request for a person while waiting with the line that the shopper keeps their place, once', async () => {
    const handoff = async () => reply('好的，已为您转给人工客服。', { confidence: 0, handoff: true });
    const queued = deps(handoff);
    await answerWhileWaiting(queued.d, waiting('queued'), '转人工', undefined, 7);
    await answerWhileWaiting(queued.d, waiting('queued'), '快点转人工', undefined, 8);
    expect(queued.said()).toEqual(['queued: 您的排队位置保持不变，人工客服稍后为您服务。']);
    const ticket = deps(handoff, { status: 'ticket' });
    await answerWhileWaiting(ticket.d, waiting('ticket', 'en-GB'), 'agent pls', undefined, 9);
    expect(ticket.said()).toEqual(['notice: Your ticket stays open: our team will still reply here.']);
  });

  it('tells a shopper with a ticket, in English, that the ticket stays open', async () => {
    const { d, said } = deps(async () => reply('Delivery takes 2-4 days.'), { status: 'ticket' });
    await answerWhileWaiting(d, waiting('ticket', 'en-GB'), 'how long does delivery take?', undefined, 10);
    expect(said()).toEqual([
      'bot: Delivery takes 2-4 days.',
      'notice: Your ticket stays open: our team will still reply here.',
    ]);
  });

  it.each<[string, BotAnswer | null]>([
    ['an answer under the policy’s botConfidence', reply('Maybe this.', { confidence: 0.3 })],
    [
      'a "did you mean" (the FAQ bot gives it confidence 0)',
      { content: [{ kind: 'quick_replies', replies: [{ label: 'a', payload: 'faq:a' }] }], confidence: 0 },
    ],
    ['an answer that hands over', reply('Sorry, I can only help with shopping here.', { handoff: true })],
    ['no answer', null],
  ])('stays silent on %s', async (_name, answer) => {
    const { d, said, records } = deps(async () => answer);
    await answerWhileWaiting(d, waiting('queued'), '你们老板是谁', undefined, 11);
    expect(said()).toEqual([]);
    expect(records).toEqual([]);
  });

  it('stays silent when the bot fails, and reports it', async () => {
    const { d, said, failures } = deps(async () => {
      throw new Error('LLM quota exceeded');
    });
    await answerWhileWaiting(d, waiting('queued'), '运费多少钱？', undefined, 12);
    expect(said()).toEqual([]);
    expect(failures).toEqual(['answer plugin_failed']);
  });

  it('posts nothing once an agent took the conversation while the bot was answering', async () => {
    const t = deps(async () => {
      t.conversation.status = 'assigned';
      return reply('满 99 元包邮。');
    });
    await answerWhileWaiting(t.d, waiting('queued'), '运费多少钱？', undefined, 13);
    expect(t.said()).toEqual([]);
    expect(t.records).toEqual([]);
  });

  it('stops mid-answer, without the note or a record, when the agent takes it between two parts', async () => {
    const t = deps(async () => ({
      content: [
        { kind: 'text', text: '满 99 元包邮。' },
        { kind: 'text', text: '偏远地区除外。' },
      ],
      confidence: 0.9,
    }));
    const post = t.d.post;
    t.d = {
      ...t.d,
      post: async (...args) => {
        const posted = await post(...args);
        t.conversation.status = 'assigned';
        return posted;
      },
    };
    await answerWhileWaiting(t.d, waiting('queued'), '运费多少钱？', undefined, 14);
    expect(t.said()).toEqual(['bot: 满 99 元包邮。']);
    expect(t.records).toEqual([]);
  });

  it('asks the merchant’s bot as its own turn does: text, payload, failed turns, understanding', async () => {
    const asked: BotQuestion[] = [];
    const { d } = deps(async (q) => {
      asked.push(q);
      return null;
    });
    await answerWhileWaiting(d, waiting('queued'), '退款多久能到账？', 'faq:refund-time', 15);
    expect(asked).toEqual([
      {
        text: '退款多久能到账？',
        payload: 'faq:refund-time',
        failedBotTurns: 0,
        understanding: { intent: 'other', confidence: 0.9, anger: 0 },
      },
    ]);
  });

  it('does not ask the bot at all with botWhileWaiting: false', async () => {
    let asked = 0;
    const { d, said } = deps(
      async () => {
        asked++;
        return reply('满 99 元包邮。');
      },
      { botWhileWaiting: false },
    );
    await answerWhileWaiting(d, waiting('queued'), '运费多少钱？', undefined, 16);
    expect(asked).toBe(0);
    expect(said()).toEqual([]);
  });
});
