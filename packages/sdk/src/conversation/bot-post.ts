import { type Author, type Content, KefuError, type Message } from '@kefu/protocol';
import type { BotAnswer } from '../seams/plugins.ts';
import type { ConversationExpectation } from '../store/store.ts';
import type { ConversationWrites } from './writes.ts';

/** What a bot post needs: the conversation's writes and the bot's author. */
export interface BotPostDeps extends Pick<ConversationWrites, 'post' | 'record'> {
  botAuthor(): Author;
}

/**
 * Posts bot content (a system line as the system) if `expect` still holds when it is stored, so
 * the bot never speaks after a person took the conversation; null when it was not posted.
 */
export async function postAsBot(
  d: BotPostDeps,
  conversationId: string,
  content: Content,
  expect: { expect: ConversationExpectation },
): Promise<Message | null> {
  try {
    const { message } = await d.post(
      conversationId,
      content.kind === 'system' ? { kind: 'system' } : d.botAuthor(),
      content,
      expect,
    );
    return message;
  } catch (error) {
    if (error instanceof KefuError && error.code === 'conflict') return null;
    throw error;
  }
}

/**
 * Posts the bot's answer, each content in turn while `expect` holds, and records it for feedback
 * and reports (`bot.answer`, by the seq of its first message): the messages posted, or null when
 * it stopped short.
 */
export async function postBotAnswer(
  d: BotPostDeps,
  conversationId: string,
  answer: BotAnswer,
  expect: { expect: ConversationExpectation },
): Promise<Message[] | null> {
  const messages: Message[] = [];
  for (const content of answer.content) {
    const posted = await postAsBot(d, conversationId, content, expect);
    if (!posted) return null;
    messages.push(posted);
  }
  const [first] = messages;
  if (first)
    d.record('bot.answer', conversationId, {
      data: { seq: first.seq, confidence: answer.confidence ?? null, entryId: answer.entryId ?? null },
    });
  return messages;
}
