import { type Author, type Content, KefuError, type Message } from '@kefu/protocol';
import type { BotAnswer } from '../seams/plugins.ts';
import type { ConversationExpectation, StoredConversation } from '../store/store.ts';
import type { TransitionLead } from './lifecycle.ts';
import { botMessageKey } from './message-keys.ts';
import type { ConversationWrites } from './writes.ts';

/** What a bot post needs: the conversation's writes and the bot's author. */
export interface BotPostDeps extends Pick<ConversationWrites, 'post' | 'postTogether' | 'record'> {
  /** The bot, named in the conversation's language (see `botAuthors`). */
  botAuthor(locale: string | undefined): Author;
}

/** The conversation a bot post goes to: its id, and its locale for the bot's name. */
export type BotPostTarget = Pick<StoredConversation, 'id' | 'locale'>;

/**
 * Posts bot content (a system line as the system) if `expect` still holds when it is stored, so
 * the bot never speaks after a person took the conversation; null when it was not posted. With a
 * `clientMsgId` (see `botMessageKey`), a post made already is answered as the stored one, not
 * made again.
 */
export async function postAsBot(
  d: BotPostDeps,
  conversation: BotPostTarget,
  content: Content,
  expect: { expect: ConversationExpectation },
  clientMsgId?: string,
): Promise<Message | null> {
  return (await postBotContent(d, conversation, content, expect, clientMsgId))?.message ?? null;
}

/**
 * Not async: the bot's every answer is posted here, and a promise chain makes fewer objects.
 * `then`, what follows a post, goes in the post's own `then`: one after it made a promise and a
 * turn more on every answer.
 */
function postBotContent<T = { message: Message; duplicate: boolean }>(
  d: BotPostDeps,
  conversation: BotPostTarget,
  content: Content,
  expect: { expect: ConversationExpectation },
  clientMsgId: string | undefined,
  then?: (posted: { message: Message; duplicate: boolean }) => T,
): Promise<T | null> {
  let posted: Promise<{ message: Message; duplicate: boolean }>;
  try {
    posted = d.post(
      conversation.id,
      content.kind === 'system' ? { kind: 'system' } : d.botAuthor(conversation.locale),
      content,
      clientMsgId === undefined ? expect : { expect: expect.expect, clientMsgId },
    );
  } catch (error) {
    posted = Promise.reject(error);
  }
  return posted.then(then as (posted: { message: Message; duplicate: boolean }) => T, conflictAsNull);
}

/** A post refused because the conversation moved on (a person took it) is not posted: null. */
function conflictAsNull(error: unknown): null {
  if (error instanceof KefuError && error.code === 'conflict') return null;
  throw error;
}

/**
 * Posts the bot's answer to the shopper's message `answers` (its seq), each content in turn while
 * `expect` holds and under its own key (`botMessageKey`), and records it for feedback and reports
 * (`bot.answer`, by the seq of its first message): the messages posted, or null when it stopped
 * short. Posted again (a turn retried after a failure), the contents stored already are
 * duplicates, and an answer stored whole before is not recorded twice.
 */
export function postBotAnswer(
  d: BotPostDeps,
  conversation: BotPostTarget,
  answer: BotAnswer,
  expect: { expect: ConversationExpectation },
  answers: number,
): Promise<Message[] | null> {
  // The common answer, one content, without an async function and its loop around it.
  if (answer.content.length !== 1) return postBotContents(d, conversation, answer, expect, answers);
  return postBotContent(
    d,
    conversation,
    answer.content[0]!,
    expect,
    botMessageKey(answers, 0),
    (posted): Message[] => {
      if (!posted.duplicate) recordAnswer(d, conversation.id, answer, posted.message);
      return [posted.message];
    },
  );
}

/**
 * An answer of several contents (or none), stored together (`postTogether`): posted one by one,
 * the shopper's next question, stored as soon as it came, landed between them, and the first
 * answer's quick replies arrived under the second question. A question sent meanwhile is stored
 * before the answer's first part or after its last.
 */
async function postBotContents(...args: Parameters<typeof postBotAnswer>): Promise<Message[] | null> {
  const [d, conversation, answer, expect, answers] = args;
  const posts = answer.content.map((content, i) => ({ content, clientMsgId: botMessageKey(answers, i) }));
  let stored: { message: Message; duplicate: boolean }[];
  try {
    stored = await d.postTogether(conversation.id, d.botAuthor(conversation.locale), posts, expect.expect);
  } catch (error) {
    return conflictAsNull(error);
  }
  recordParts(d, conversation.id, answer, stored);
  return stored.map((posted) => posted.message);
}

/** An answer's parts as stored: recorded unless every one was stored before (a retry). */
function recordParts(
  d: BotPostDeps,
  conversationId: string,
  answer: BotAnswer,
  stored: readonly { message: Message; duplicate: boolean }[],
): void {
  const [first] = stored;
  if (first && stored.some((posted) => !posted.duplicate))
    recordAnswer(d, conversationId, answer, first.message);
}

/** `bot.answer` in the event log, by the seq of the answer's first message. */
function recordAnswer(d: BotPostDeps, conversationId: string, answer: BotAnswer, first: Message): void {
  d.record('bot.answer', conversationId, {
    data: { seq: first.seq, confidence: answer.confidence ?? null, entryId: answer.entryId ?? null },
  });
}

/**
 * The bot's answer to the shopper's message `answers` as a hand-over's lead (see `escalate`):
 * posted with the change to people, under the keys `postBotAnswer` would use, and recorded as it does.
 */
export function handOverLead(
  d: BotPostDeps,
  conversation: BotPostTarget,
  answer: BotAnswer,
  answers: number,
): Omit<TransitionLead, 'failed'> {
  return {
    author: d.botAuthor(conversation.locale),
    posts: answer.content.map((content, i) => ({ content, clientMsgId: botMessageKey(answers, i) })),
    stored: (messages) => recordParts(d, conversation.id, answer, messages),
  };
}
