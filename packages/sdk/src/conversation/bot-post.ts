import { type Author, type Content, KefuError, type Message } from '@kefu/protocol';
import type { BotAnswer } from '../seams/plugins.ts';
import type { ConversationExpectation } from '../store/store.ts';
import { botMessageKey } from './message-keys.ts';
import type { ConversationWrites } from './writes.ts';

/** What a bot post needs: the conversation's writes and the bot's author. */
export interface BotPostDeps extends Pick<ConversationWrites, 'post' | 'record'> {
  botAuthor(): Author;
}

/**
 * Posts bot content (a system line as the system) if `expect` still holds when it is stored, so
 * the bot never speaks after a person took the conversation; null when it was not posted. With a
 * `clientMsgId` (see `botMessageKey`), a post made already is answered as the stored one, not
 * made again.
 */
export async function postAsBot(
  d: BotPostDeps,
  conversationId: string,
  content: Content,
  expect: { expect: ConversationExpectation },
  clientMsgId?: string,
): Promise<Message | null> {
  return (await postBotContent(d, conversationId, content, expect, clientMsgId))?.message ?? null;
}

async function postBotContent(
  d: BotPostDeps,
  conversationId: string,
  content: Content,
  expect: { expect: ConversationExpectation },
  clientMsgId: string | undefined,
): Promise<{ message: Message; duplicate: boolean } | null> {
  try {
    return await d.post(
      conversationId,
      content.kind === 'system' ? { kind: 'system' } : d.botAuthor(),
      content,
      clientMsgId === undefined ? expect : { expect: expect.expect, clientMsgId },
    );
  } catch (error) {
    if (error instanceof KefuError && error.code === 'conflict') return null;
    throw error;
  }
}

/**
 * Posts the bot's answer to the shopper's message `answers` (its seq), each content in turn while
 * `expect` holds and under its own key (`botMessageKey`), and records it for feedback and reports
 * (`bot.answer`, by the seq of its first message): the messages posted, or null when it stopped
 * short. Posted again (a turn retried after a failure), the contents stored already are
 * duplicates, and an answer stored whole before is not recorded twice.
 */
export async function postBotAnswer(
  d: BotPostDeps,
  conversationId: string,
  answer: BotAnswer,
  expect: { expect: ConversationExpectation },
  answers: number,
): Promise<Message[] | null> {
  const messages: Message[] = [];
  let fresh = false;
  for (let i = 0; i < answer.content.length; i++) {
    const posted = await postBotContent(
      d,
      conversationId,
      answer.content[i]!,
      expect,
      botMessageKey(answers, i),
    );
    if (!posted) return null;
    if (!posted.duplicate) fresh = true;
    messages.push(posted.message);
  }
  const [first] = messages;
  if (first && fresh)
    d.record('bot.answer', conversationId, {
      data: { seq: first.seq, confidence: answer.confidence ?? null, entryId: answer.entryId ?? null },
    });
  return messages;
}
