import type { SystemContent } from '@kefu/protocol';
import type { PluginContext } from '../seams/plugins.ts';
import type { StoredConversation } from '../store/store.ts';
import { type AskBotDeps, askBot, isConfident } from './ask-bot.ts';
import { type BotPostDeps, postAsBot, postBotAnswer } from './bot-post.ts';
import type { ConversationOptions } from './conversation-options.ts';
import { botMessageKey } from './message-keys.ts';
import { textsFor } from './texts.ts';
import { WAITING_STATUSES } from './views.ts';

/** What a post while waiting expects: still waiting, nobody's (one object for every post). */
const WHILE_WAITING = { expect: { statuses: WAITING_STATUSES, agentId: null } };

/** The last messages looked through for the note of an earlier answer, so it is said once a wait. */
const NOTE_WINDOW = 20;

export interface WaitingAnswerDeps extends AskBotDeps, BotPostDeps {
  readonly o: AskBotDeps['o'] & Pick<ConversationOptions, 'store' | 'policy' | 'botWhileWaiting'>;
  pluginContext(conversation: StoredConversation): Omit<PluginContext, 'signal'>;
}

/**
 * The bot's turn while the shopper waits for a person (`isWaiting`: queued, or a ticket nobody
 * took; once a person has it, assigned or pending, the bot is silent): a question the bot
 * answers outright (the same bot and the same `isConfident` as its own turns) gets the answer,
 * then, once a wait, a line that the shopper keeps their place. Nothing else is said and nothing
 * changes: no "did you mean", no decline, no failed turn counted, no escalation, the same place
 * in the queue. Every post expects the conversation still waiting, so an agent who takes it
 * meanwhile never sees the bot speak after them, and is keyed by the shopper's message it answers
 * (`answers`, its seq), so a turn run again after a failure says nothing twice.
 */
export async function answerWhileWaiting(
  d: WaitingAnswerDeps,
  conversation: StoredConversation,
  text: string,
  payload: string | undefined,
  answers: number,
): Promise<void> {
  if (!d.o.botWhileWaiting) return;
  const reply = await askBot(d, conversation, text, payload, d.pluginContext(conversation));
  if (!reply.ok) {
    // Reported, not apologised for: a person is on the way already.
    d.pluginFailed('answer', reply.error, conversation.id);
    return;
  }
  // "在吗？" / "hello?" from someone waiting asks whether anyone is there: the bot's introduction
  // (and its "talk to a person" button, to someone already waiting for one) answered it with a
  // fresh start. 转人工 / "agent pls" again asks the same, and got nothing at all (the bot's
  // hand-over is no outright answer). The line that they keep their place is the answer to both.
  const intent = reply.understanding?.intent;
  if (intent === 'greeting' || intent === 'ask_for_human')
    return notePlaceKept(d, conversation, undefined, answers);
  if (!reply.answer || !isConfident(reply.answer, d.o.policy)) return;
  const last = (await postBotAnswer(d, conversation, reply.answer, WHILE_WAITING, answers))?.at(-1);
  if (last) await notePlaceKept(d, conversation, last.seq, answers);
}

/** Tells a waiting shopper they keep their place, unless the last system line up to `upToSeq` said so. */
async function notePlaceKept(
  d: WaitingAnswerDeps,
  conversation: StoredConversation,
  upToSeq: number | undefined,
  answers: number,
): Promise<void> {
  const note = placeKept(conversation);
  if (await saidSince(d, conversation.id, upToSeq, note)) return;
  await postAsBot(d, conversation, note, WHILE_WAITING, botMessageKey(answers, 'kept'));
}

/** The line that tells a waiting shopper the bot's answer did not cost them their place. */
function placeKept(c: StoredConversation): SystemContent {
  const texts = textsFor(c.locale);
  return c.state.status === 'ticket'
    ? { kind: 'system', event: 'notice', text: texts.stillTicket }
    : { kind: 'system', event: 'queued', text: texts.stillQueued };
}

/**
 * Whether the shopper was told already: the latest system line up to `upToSeq` (or the newest) is
 * this note. Any other line since (queued anew, a ticket update) makes it worth saying again.
 */
async function saidSince(
  d: WaitingAnswerDeps,
  conversationId: string,
  upToSeq: number | undefined,
  note: SystemContent,
): Promise<boolean> {
  const recent = await d.o.store.listMessages(
    conversationId,
    upToSeq === undefined ? { limit: NOTE_WINDOW } : { beforeSeq: upToSeq + 1, limit: NOTE_WINDOW },
  );
  const line = recent.findLast((m) => m.content.kind === 'system')?.content;
  return line?.kind === 'system' && line.text === note.text;
}
