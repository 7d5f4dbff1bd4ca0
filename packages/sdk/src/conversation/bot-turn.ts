import type { AssistFrame, ImageContent, Message } from '@kefu/protocol';
import { channels } from '../bus/bus.ts';
import type { ImageLibrary } from '../images/image-library.ts';
import { runClassifyImage } from '../images/run-classify-image.ts';
import type { SlaScope } from '../routing/sla.ts';
import type { ImageLabel } from '../seams/classify-image.ts';
import type { BotAnswer, EscalationSignals } from '../seams/plugins.ts';
import { runPlugin, runPluginNow } from '../seams/run-plugin.ts';
import type { Understanding } from '../seams/understanding.ts';
import type { StoredConversation } from '../store/store.ts';
import { askBot, isConfident, understandMessage } from './ask-bot.ts';
import type { Assistant } from './assistant.ts';
import { handOverLead, postAsBot, postBotAnswer } from './bot-post.ts';
import type { BotTurnMemo } from './bot-turn-retry.ts';
import type { ConversationOptions } from './conversation-options.ts';
import { fitEscalationDecision } from './escalation-fit.ts';
import type { TransitionLead } from './lifecycle.ts';
import { botMessageKey } from './message-keys.ts';
import { afterRepeats, type LastAnswers } from './repeated-answer.ts';
import { textsFor } from './texts.ts';
import { isWaiting } from './views.ts';
import { answerWhileWaiting, type WaitingAnswerDeps } from './waiting-answer.ts';
import type { ConversationWrites } from './writes.ts';
import { learnLanguage, mayTellLanguage } from './written-language.ts';

export type Assist = Omit<AssistFrame, 'v' | 'type'>;

/**
 * What the bot's turn needs from the hub, as one explicit record (the conversation service
 * passes itself): options, writes through the lifecycle, plug-in running, routing's clocks.
 */
export interface BotTurnDeps extends ConversationWrites, WaitingAnswerDeps {
  readonly o: Pick<
    ConversationOptions,
    | 'store'
    | 'bus'
    | 'clock'
    | 'policy'
    | 'pluginTimeoutMs'
    | 'answer'
    | 'understand'
    | 'shouldEscalate'
    | 'classifyImage'
    | 'botWhileWaiting'
  >;
  readonly images: Pick<ImageLibrary, 'classifiable'> | undefined;
  readonly assists: { set(conversationId: string, assist: Assist): unknown };
  /** The bot's latest knowledge-base answer per conversation: a shopper asking again is offered a person. */
  readonly lastAnswers: LastAnswers;
  readonly assistant: Pick<Assistant, 'suggest'>;
  readonly dispatcher: {
    shopperReplied(conversationId: string, scope: SlaScope, wasPending: boolean): Promise<void>;
    offline(agentId: string): Promise<boolean>;
    requeue(conversationId: string, agentId: string, reason: string): Promise<void>;
  };
  republishInbox(conversationId: string): Promise<void>;
  escalate(
    conversation: StoredConversation,
    reason: string,
    priority?: number,
    understanding?: Understanding,
    group?: string,
    lead?: Omit<TransitionLead, 'failed'>,
  ): Promise<void>;
  /** The shopper's tier, for the SLA policy that applies. */
  tierOf(c: StoredConversation): { customerTier?: string };
}

// After a shopper message: the bot's turn, the bot's outright answers while a person is awaited,
// or (once a person has it) the agent's clock.

/**
 * One try of the turn after `message`. `known`: the conversation as of `message`'s append, when
 * nothing can have changed it since on this node. `memo`: what the turn's tries share (see
 * `bot-turn-retry.ts`); a try after a failure goes on only if the conversation has not moved on.
 */
export function afterShopperMessage(
  d: BotTurnDeps,
  conversationId: string,
  message: Message,
  known: StoredConversation | undefined,
  memo: BotTurnMemo,
): Promise<void> {
  // The common turn, the bot's answer to a text in a conversation the bot has, without an async
  // function around it: what the general path below does for it, straight to the bot.
  const { content } = message;
  if (
    known?.state.status === 'bot' &&
    (memo.status === undefined || memo.status === 'bot') &&
    content.kind === 'text' &&
    !mayTellLanguage(known, content.text)
  ) {
    memo.status = 'bot';
    return botTurn(d, known, content.text, content.payload, message, memo);
  }
  return anyTurn(d, conversationId, message, known, memo);
}

/** The turn in any case: the conversation read if need be, then whoever's turn it is. */
async function anyTurn(...args: Parameters<typeof afterShopperMessage>): Promise<void> {
  const [d, conversationId, message, known, memo] = args;
  let conversation = known ?? (await d.o.store.getConversation(conversationId));
  if (!conversation) return;
  conversation = await learnLanguage(d.o.store, conversation, message);
  const status = conversation.state.status;
  // Moved on since an earlier try (a person took it, closed it, handed it over): not the bot's now.
  if (memo.status !== undefined && memo.status !== status) return;
  if (status === 'closed') {
    conversation = await d.move(
      'reopen',
      conversationId,
      { reason: 'the shopper wrote again' },
      { patch: { failedBotTurns: 0 } },
    );
    if (!conversation) return;
    d.record('reopened', conversationId, { group: conversation.state.group });
  }
  memo.status = conversation.state.status;
  if (status === 'assigned' || status === 'pending') {
    // The shopper answered: the agent owes the next reply, and a follow-up wait is over.
    const scope = {
      ...(conversation.state.group ? { group: conversation.state.group } : {}),
      ...d.tierOf(conversation),
    };
    await d.dispatcher.shopperReplied(conversationId, scope, status === 'pending');
    if (message.content.kind === 'text') {
      const understanding = await understandMessage(
        d,
        conversation,
        message.content.text,
        d.pluginContext(conversation),
      );
      await publishAssist(d, conversation, message, understanding);
    } else if (message.content.kind === 'image')
      await publishAssist(d, conversation, message, await recognizePhoto(d, conversation, message.content));
    const owner = conversation.state.agent?.id;
    if (status === 'pending' && owner && (await d.dispatcher.offline(owner))) {
      // Their agent waited on them and went offline meanwhile: routed like anyone waiting.
      await d.dispatcher.requeue(conversationId, owner, 'the shopper wrote while their agent was offline');
    } else if (status === 'pending') {
      const { followUpAt: _done, ...state } = conversation.state;
      await d.move('resume', conversationId, state);
    } else await d.republishInbox(conversationId);
    return;
  }
  if (isWaiting(conversation.state)) {
    // Waiting for a person: the bot still answers what it can outright, and keeps their place.
    if (message.content.kind === 'text')
      await answerWhileWaiting(d, conversation, message.content.text, message.content.payload, message.seq);
    return;
  }
  if (conversation.state.status !== 'bot') return;
  if (message.content.kind === 'image') {
    // The bot cannot read a photo: a person takes it, routed by what the recognizer saw.
    const understanding = await recognizePhoto(d, conversation, message.content);
    const label = understanding?.image ? ` (${understanding.image.label})` : '';
    await publishAssist(d, conversation, message, understanding);
    const line = { kind: 'text' as const, text: textsFor(conversation.locale).photoHandoff };
    await d.escalate(conversation, `sent a photo${label}`, undefined, understanding, undefined, {
      author: d.botAuthor(conversation.locale),
      posts: [{ content: line, clientMsgId: botMessageKey(message.seq, 'photo') }],
    });
    return;
  }
  if (message.content.kind !== 'text') return;
  await botTurn(d, conversation, message.content.text, message.content.payload, message, memo);
}

/** Labels of a photo that mean after-sales work: the default router sends `after_sale` there. */
const AFTER_SALE_LABELS: ReadonlySet<string> = new Set<ImageLabel>(['damaged', 'wrong_item', 'missing_part']);

/**
 * Runs the merchant's recognizer on a shopper's photo; its label becomes the turn's understanding
 * (`after_sale` for damage, a wrong item or a missing part, with the recognizer's confidence), so
 * routing and the assist panel treat it like a recognised sentence. Undefined without a
 * recognizer, an answer, or the stored image; a failure is reported like any plug-in's.
 */
async function recognizePhoto(
  d: BotTurnDeps,
  c: StoredConversation,
  content: ImageContent,
): Promise<Understanding | undefined> {
  const plugin = d.o.classifyImage;
  if (!plugin || !d.images) return undefined;
  const image = await d.images.classifiable(c.id, content);
  if (!image) return undefined;
  const result = await runClassifyImage(plugin, image, d.pluginContext(c), {
    timeoutMs: d.o.pluginTimeoutMs,
    clock: d.o.clock,
  });
  if (!result.ok) {
    d.pluginFailed('classifyImage', result.error, c.id);
    return undefined;
  }
  if (!result.value) return undefined;
  const { label, confidence } = result.value;
  const understanding: Understanding = {
    intent: AFTER_SALE_LABELS.has(label) ? 'after_sale' : 'other',
    confidence,
    anger: 0,
    image: { imageId: content.id, label, confidence },
  };
  d.understandings.set(c.id, understanding);
  return understanding;
}

export async function publishAssist(
  d: BotTurnDeps,
  c: StoredConversation,
  message: Message,
  understanding: Understanding | undefined,
) {
  const { content } = message;
  // A photo's caption is what the shopper said with it.
  const text =
    content.kind === 'text' ? content.text : content.kind === 'image' ? (content.caption ?? '') : null;
  if (text === null) return;
  const product = c.page?.product;
  const { suggestions, canned } = await d.assistant.suggest(text, {
    ...(product?.id ? { productId: product.id } : {}),
    ...(product?.category ? { category: product.category } : {}),
    ...(c.locale ? { locale: c.locale } : {}),
  });
  const assist: Omit<AssistFrame, 'v' | 'type'> = {
    conversationId: c.id,
    forSeq: message.seq,
    understanding: {
      intent: (understanding?.intent ?? 'other').slice(0, 40),
      confidence: understanding?.confidence ?? 0,
      anger: understanding?.anger ?? 0,
    },
    suggestions,
    canned,
    ...(understanding?.image ? { image: understanding.image } : {}),
  };
  d.assists.set(c.id, assist);
  await d.o.bus.publish(channels.notes(c.id), { kind: 'assist', conversationId: c.id, assist });
}

async function botTurn(
  d: BotTurnDeps,
  conversation: StoredConversation,
  text: string,
  payload: string | undefined,
  message: Message,
  memo: BotTurnMemo,
): Promise<void> {
  const conversationId = conversation.id;
  const ctx = d.pluginContext(conversation);
  // A try after a failure posts the reply the first one got: asked again, a bot that words its
  // answers anew (a language model) would finish one answer with another's parts.
  const asked = memo.reply === undefined;
  let reply = memo.reply ?? (await askBot(d, conversation, text, payload, ctx));
  // Counted once per turn, like the failed turns: a later try posts what the first one decided.
  if (asked && reply.ok) {
    const answer = afterRepeats(d.lastAnswers, conversationId, reply.answer, d.o.policy, conversation.locale);
    if (answer !== reply.answer) reply = { ...reply, answer };
  }
  memo.reply = reply;
  const { understanding } = reply;
  let answer: BotAnswer | null = null;
  if (reply.ok) answer = reply.answer;
  else {
    if (asked) d.pluginFailed('answer', reply.error, conversationId);
    await postAsBot(
      d,
      conversation,
      { kind: 'system', event: 'bot_unavailable', text: textsFor(conversation.locale).botUnavailable },
      WHILE_BOT,
      botMessageKey(message.seq, 'down'),
    );
  }
  const confident = isConfident(answer, d.o.policy);
  // Counted once per turn: an earlier try of it may have stored the count already.
  const failedBotTurns = memo.failedBotTurns ?? (confident ? 0 : conversation.failedBotTurns + 1);
  memo.failedBotTurns = failedBotTurns;
  const signals = escalationInput(text, answer, failedBotTurns, understanding);
  // The default rules answer at once (see runPluginNow): no await, no promise, no turn.
  const rules =
    runPluginNow('shouldEscalate', d.o.shouldEscalate, signals, ctx) ??
    (await runPlugin(
      'shouldEscalate',
      d.o.pluginTimeoutMs,
      d.o.clock,
      (call) => d.o.shouldEscalate(signals, call.context(ctx)),
      d.o.shouldEscalate,
    ));
  const decided = rules.ok ? fitEscalationDecision(rules.value) : rules;
  if (!decided.ok) d.pluginFailed('shouldEscalate', decided.error, conversationId);
  const decision = decided.ok
    ? decided.value
    : { escalate: true as const, reason: 'the escalation rules failed' };
  if (!decision.escalate) {
    if (answer && !(await postBotAnswer(d, conversation, answer, WHILE_BOT, message.seq))) return;
    // Unchanged (the common confident answer): no write needed.
    if (failedBotTurns !== conversation.failedBotTurns)
      await d.o.store.updateConversation(conversationId, { failedBotTurns }, { statuses: ['bot'] });
    return;
  }
  const updated = await d.o.store.updateConversation(
    conversationId,
    { failedBotTurns },
    { statuses: ['bot'] },
  );
  if (!updated) return;
  // Back with the bot later, the shopper starts afresh.
  d.lastAnswers.delete(conversationId);
  // The agent who takes it over starts with suggestions for what the shopper asked last.
  await publishAssist(d, updated, message, understanding);
  // The answer (the hand-over line) goes with the change, after the state that says the bot left.
  const lead = answer ? handOverLead(d, conversation, answer, message.seq) : undefined;
  await d.escalate(updated, decision.reason, decision.priority, understanding, undefined, lead);
}

function escalationInput(
  text: string,
  answer: BotAnswer | null,
  failedBotTurns: number,
  understanding: Understanding | undefined,
): EscalationSignals {
  const input: EscalationSignals = { text, answer, failedBotTurns };
  if (understanding) input.understanding = understanding;
  return input;
}

/** What a bot post expects: the bot still has the conversation (one object for every post). */
const WHILE_BOT = { expect: { statuses: ['bot' as const] } };
