import { promiseHooks } from 'node:v8';
import { type Content, KefuError, type Message } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import type { BotAnswer } from '../seams/plugins.ts';
import { type BotPostDeps, postBotAnswer } from './bot-post.ts';

const WHILE_BOT = { expect: { statuses: ['bot' as const] } };
const answer: BotAnswer = { content: [{ kind: 'text', text: 'We ship in 2 days.' }], confidence: 0.9 };

/** Deps whose `post` answers `outcome` at once, recording posts and event-log records. */
function deps(outcome: { duplicate: boolean } | KefuError = { duplicate: false }) {
  const posts: Array<{ content: Content; clientMsgId?: string }> = [];
  const records: unknown[] = [];
  const d: BotPostDeps = {
    botAuthor: () => ({ kind: 'bot', name: 'Bot' }),
    post: (conversationId, author, content, options) => {
      posts.push({ content, ...(options?.clientMsgId ? { clientMsgId: options.clientMsgId } : {}) });
      if (outcome instanceof KefuError) return Promise.reject(outcome);
      const message = { seq: 7, id: 'm_1', conversationId, author, content, createdAt: 1 } as Message;
      return Promise.resolve({ message, duplicate: outcome.duplicate });
    },
    postTogether: () => Promise.reject(new Error('not used')),
    record: (kind, conversationId, extra) => records.push({ kind, conversationId, ...extra }),
  };
  return { d, posts, records };
}

describe('postBotAnswer', () => {
  it('posts a one-part answer under its key and records it by its seq', async () => {
    const { d, posts, records } = deps();
    const posted = await postBotAnswer(d, { id: 'c_1', locale: 'en' }, answer, WHILE_BOT, 3);
    expect(posted?.map((m) => m.seq)).toEqual([7]);
    expect(posts).toEqual([{ content: answer.content[0], clientMsgId: expect.stringContaining('3') }]);
    expect(records).toEqual([
      { kind: 'bot.answer', conversationId: 'c_1', data: { seq: 7, confidence: 0.9, entryId: null } },
    ]);
  });

  it('does not record an answer stored before (a retried turn), and answers null on a conflict', async () => {
    const again = deps({ duplicate: true });
    expect(await postBotAnswer(again.d, { id: 'c_1', locale: undefined }, answer, WHILE_BOT, 3)).toHaveLength(
      1,
    );
    expect(again.records).toEqual([]);
    const taken = deps(new KefuError('conflict', 'a person took it'));
    expect(await postBotAnswer(taken.d, { id: 'c_1', locale: undefined }, answer, WHILE_BOT, 3)).toBeNull();
    const broken = deps(new KefuError('internal', 'the store broke'));
    await expect(
      postBotAnswer(broken.d, { id: 'c_1', locale: undefined }, answer, WHILE_BOT, 3),
    ).rejects.toThrow('the store broke');
  });

  it("makes one promise of its own beside the post's: the bot's every answer takes this way", async () => {
    const { d } = deps();
    let made = 0;
    const stop = promiseHooks.onInit(() => made++);
    let posting: Promise<Message[] | null>;
    try {
      posting = postBotAnswer(d, { id: 'c_1', locale: 'en' }, answer, WHILE_BOT, 3);
    } finally {
      stop();
    }
    await posting;
    // The post's own (Promise.resolve in `deps`), and the one that follows it.
    expect(made).toBe(2);
  });
});
