import type { KefuError } from '@kefu/protocol';
import type { BotAnswer, BotQuestion, PluginContext } from '../seams/plugins.ts';
import type { Policy } from '../seams/policy.ts';
import { type PluginResult, runPlugin, runPluginNow } from '../seams/run-plugin.ts';
import type { Understanding } from '../seams/understanding.ts';
import type { StoredConversation } from '../store/store.ts';
import { fitBotAnswer } from './bot-answer-fit.ts';
import type { ConversationOptions } from './conversation-options.ts';
import { fitUnderstanding } from './understanding-fit.ts';

/** What asking the bot needs: its plug-ins, their timeout and clock, and where failures and understandings go. */
export interface AskBotDeps {
  readonly o: Pick<ConversationOptions, 'clock' | 'pluginTimeoutMs' | 'answer' | 'understand'>;
  readonly understandings: { set(conversationId: string, understanding: Understanding): unknown };
  pluginFailed(plugin: string, error: KefuError, conversationId: string): void;
}

/** The bot's reply to one question: its answer, or the answer plug-in's failure, and what the question meant. */
export type BotReply = { understanding: Understanding | undefined } & (
  | { ok: true; answer: BotAnswer | null }
  | { ok: false; error: KefuError }
);

/**
 * Runs the merchant's `understand` plug-in on a shopper's text; a failure (an answer
 * {@link fitUnderstanding} refuses included) is reported and reads as "not understood".
 */
export function understandMessage(
  d: AskBotDeps,
  c: StoredConversation,
  text: string,
  ctx: Omit<PluginContext, 'signal'>,
): Promise<Understanding | undefined> {
  // Not async: every message the bot answers is understood first, and a promise chain makes fewer objects.
  const now = understoodNow(d, c, text, ctx);
  if (now !== LATER) return now === undefined ? NOT_UNDERSTOOD : Promise.resolve(now);
  return understandLater(d, c, text, ctx);
}

/** A merchant's `understand` plug-in, awaited under its timeout (after {@link understoodNow} said LATER). */
function understandLater(
  d: AskBotDeps,
  c: StoredConversation,
  text: string,
  ctx: Omit<PluginContext, 'signal'>,
): Promise<Understanding | undefined> {
  const understand = d.o.understand!;
  return runPlugin(
    'understand',
    d.o.pluginTimeoutMs,
    d.o.clock,
    (call) => understand(text, call.context(ctx)),
    understand,
  ).then((answered) => understood(d, c, answered));
}

const NOT_UNDERSTOOD: Promise<undefined> = Promise.resolve(undefined);
/** What {@link understoodNow} answers for a plug-in that answers later (a merchant's). */
const LATER = Symbol('later');

/**
 * The understanding at once: none without an `understand` plug-in, the built-in one's answer
 * from its synchronous twin (see `runPluginNow`); LATER for a plug-in that must be awaited.
 */
function understoodNow(
  d: AskBotDeps,
  c: StoredConversation,
  text: string,
  ctx: Omit<PluginContext, 'signal'>,
): Understanding | undefined | typeof LATER {
  const understand = d.o.understand;
  if (!understand) return undefined;
  const answered = runPluginNow('understand', understand, text, ctx);
  return answered ? understood(d, c, answered) : LATER;
}

/** The `understand` plug-in's answer, fitted and kept; a failure reported, as "not understood". */
function understood(
  d: AskBotDeps,
  c: StoredConversation,
  answered: PluginResult<Understanding | undefined>,
): Understanding | undefined {
  const result = answered.ok ? fitUnderstanding(answered.value) : answered;
  if (!result.ok) {
    d.pluginFailed('understand', result.error, c.id);
    return undefined;
  }
  if (result.value) d.understandings.set(c.id, result.value);
  return result.value;
}

/**
 * Asks the bot (the merchant's `answer` plug-in, or the FAQ bot) a shopper's question, understood
 * first: the one way every turn of the bot reaches it, so the one place its answer is fitted to
 * the frames ({@link fitBotAnswer}). A failure of `answer` (an answer the frames cannot carry
 * among them) is returned, not reported: what the shopper is told depends on the turn.
 */
export function askBot(
  d: AskBotDeps,
  conversation: StoredConversation,
  text: string,
  payload: string | undefined,
  ctx: Omit<PluginContext, 'signal'>,
): Promise<BotReply> {
  // A promise chain, not an async function: every message the bot answers is asked here. The
  // built-in understanding answers at once: asked then, with no promise (and turn) before it.
  const now = understoodNow(d, conversation, text, ctx);
  if (now !== LATER) return ask(d, conversation, text, payload, ctx, now);
  return understandLater(d, conversation, text, ctx).then((understanding) =>
    ask(d, conversation, text, payload, ctx, understanding),
  );
}

/** The `answer` plug-in asked the question, as understood (see {@link askBot}). */
function ask(
  d: AskBotDeps,
  conversation: StoredConversation,
  text: string,
  payload: string | undefined,
  ctx: Omit<PluginContext, 'signal'>,
  understanding: Understanding | undefined,
): Promise<BotReply> {
  // Built field by field, as in the other objects of a turn: a conditional spread makes a
  // throwaway object per field, on every message the bot answers.
  const question: BotQuestion = { text, failedBotTurns: conversation.failedBotTurns };
  if (payload !== undefined) question.payload = payload;
  if (understanding) question.understanding = understanding;
  return runPlugin('answer', d.o.pluginTimeoutMs, d.o.clock, (call) =>
    d.o.answer(question, call.context(ctx)),
  ).then((answered): BotReply => {
    const fitted = answered.ok ? fitBotAnswer(answered.value) : answered;
    return fitted.ok
      ? { ok: true, answer: fitted.answer, understanding }
      : { ok: false, error: fitted.error, understanding };
  });
}

/**
 * An answer the bot gives outright: one, without a hand-over, at or above the policy's
 * `botConfidence` (the FAQ bot gives a "did you mean" or a decline confidence 0). Anything else
 * is a failed bot turn.
 */
export function isConfident(answer: BotAnswer | null, policy: Pick<Policy, 'botConfidence'>): boolean {
  return answer !== null && !answer.handoff && (answer.confidence ?? 1) >= policy.botConfidence;
}
