import type { BotAnswer } from '../seams/plugins.ts';
import type { Policy } from '../seams/policy.ts';
import { isConfident } from './ask-bot.ts';
import { textsFor } from './texts.ts';

/** The bot's latest knowledge-base answer in a conversation, and how many times in a row it gave it. */
export interface LastAnswer {
  readonly entryId: string;
  readonly times: number;
}

/** Where the bot turn keeps each conversation's {@link LastAnswer} (the conversation service's bounded map). */
export interface LastAnswers {
  get(conversationId: string): LastAnswer | undefined;
  set(conversationId: string, last: LastAnswer): unknown;
  delete(conversationId: string): unknown;
}

/** The reason the hub hands over on the third same answer (its `escalated` event and the agent's inbox). */
export const REPEATED_ANSWER_REASON = 'the same answer a third time in a row';

/**
 * The bot's answer to a question whose answer the shopper got just before: a shopper who asks
 * again was not helped by it. The second time in a row the bot gives the same knowledge-base
 * entry, the answer comes with an offer of a person (the bot's "talk to a person" button); the
 * third time the bot does not repeat it but hands over, saying so. Only answers from an entry
 * (`entryId`) count: thanks, greetings and a merchant's own replies may repeat without a person.
 * Any other turn in between (another entry, a "did you mean", a decline) starts the count again.
 * @example
 * const answer = afterRepeats(lastAnswers, conversation.id, reply.answer, policy, conversation.locale);
 */
export function afterRepeats(
  last: LastAnswers,
  conversationId: string,
  answer: BotAnswer | null,
  policy: Pick<Policy, 'botConfidence'>,
  locale: string | undefined,
): BotAnswer | null {
  const entryId = answer?.entryId;
  if (!answer || entryId === undefined || !isConfident(answer, policy)) {
    last.delete(conversationId);
    return answer;
  }
  const before = last.get(conversationId);
  const times = before?.entryId === entryId ? before.times + 1 : 1;
  const texts = textsFor(locale);
  if (times >= 3) {
    last.delete(conversationId);
    return {
      content: [{ kind: 'text', text: texts.repeatHandoff }],
      confidence: 0,
      entryId,
      handoff: { reason: REPEATED_ANSWER_REASON },
    };
  }
  last.set(conversationId, { entryId, times });
  if (times === 1) return answer;
  return {
    ...answer,
    content: [
      ...answer.content,
      { kind: 'quick_replies', text: texts.repeatOffer, replies: [{ ...texts.person }] },
    ],
  };
}
