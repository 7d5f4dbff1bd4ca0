import type { KefuError } from '@kefu/protocol';
import type { BotAnswer, BotContent, EscalationSignals, PluginContext } from '../seams/plugins.ts';
import { runPlugin } from '../seams/run-plugin.ts';
import type { StoredConversation } from '../store/store.ts';
import type { ConversationOptions } from './conversation-options.ts';
import { fitEscalationDecision } from './escalation-fit.ts';

/** What escalating after a "not helpful" needs from the hub (the conversation service passes itself). */
export interface FeedbackEscalationDeps {
  readonly o: Pick<ConversationOptions, 'store' | 'clock' | 'pluginTimeoutMs' | 'shouldEscalate'>;
  pluginContext(conversation: StoredConversation): Omit<PluginContext, 'signal'>;
  pluginFailed(plugin: string, error: KefuError, conversationId: string): void;
  /** Resolves when every event recorded so far is stored. */
  flushEvents(): Promise<void>;
  escalate(conversation: StoredConversation, reason: string, priority?: number): Promise<void>;
}

/** Event kinds after which the bot starts a new stretch: handed to people, or reopened. */
const NEW_STRETCH = new Set(['escalated', 'reopened']);

/**
 * A shopper who marks the bot's answers "not helpful" wants a person as much as one the bot
 * keeps failing, though each answer was confident. After such a verdict, while the bot still has
 * the conversation, the escalation rules run again with `signals.notHelpful`: how many of the
 * bot's answers since it last handed over the shopper now marks not helpful (the latest verdict
 * on each counts). `text` is empty (no new message) and `answer` is the rated answer's first
 * message.
 */
export async function escalateAfterNotHelpful(
  d: FeedbackEscalationDeps,
  conversationId: string,
  seq: number,
): Promise<void> {
  const conversation = await d.o.store.getConversation(conversationId);
  if (conversation?.state.status !== 'bot') return;
  await d.flushEvents();
  const events = await d.o.store.listEvents({
    conversationId,
    kinds: ['feedback', 'escalated', 'reopened', 'bot.answer'],
  });
  const since = events.findLast((e) => NEW_STRETCH.has(e.kind))?.at ?? 0;
  const verdicts = new Map<unknown, boolean>();
  for (const e of events)
    if (e.kind === 'feedback' && e.at >= since) verdicts.set(e.data?.seq, e.data?.helpful === true);
  const notHelpful = [...verdicts.values()].filter((helpful) => !helpful).length;
  const [message] = await d.o.store.listMessages(conversationId, { afterSeq: seq - 1, limit: 1 });
  const recorded = events.find((e) => e.kind === 'bot.answer' && e.data?.seq === seq)?.data;
  const answer: BotAnswer = { content: message ? [message.content as BotContent] : [] };
  if (typeof recorded?.confidence === 'number') answer.confidence = recorded.confidence;
  if (typeof recorded?.entryId === 'string') answer.entryId = recorded.entryId;
  const signals: EscalationSignals = {
    text: '',
    answer,
    failedBotTurns: conversation.failedBotTurns,
    notHelpful,
  };
  const ctx = d.pluginContext(conversation);
  const asked = await runPlugin(
    'shouldEscalate',
    d.o.pluginTimeoutMs,
    d.o.clock,
    (call) => d.o.shouldEscalate(signals, call.context(ctx)),
    d.o.shouldEscalate,
  );
  const decided = asked.ok ? fitEscalationDecision(asked.value) : asked;
  if (!decided.ok) {
    d.pluginFailed('shouldEscalate', decided.error, conversationId);
    return;
  }
  if (decided.value.escalate) await d.escalate(conversation, decided.value.reason, decided.value.priority);
}
