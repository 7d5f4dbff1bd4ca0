import {
  Content,
  describeIssues,
  isPlainTextContent,
  type KefuError,
  LIMITS,
  toStoredText,
} from '@kefu/protocol';
import * as z from 'zod/mini';
import type { BotAnswer, BotContent } from '../seams/plugins.ts';
import { pluginReturned } from '../seams/run-plugin.ts';

export type FittedAnswer = { ok: true; answer: BotAnswer | null } | { ok: false; error: KefuError };

const BOT_KINDS: ReadonlySet<string> = new Set<BotContent['kind']>([
  'text',
  'quick_replies',
  'product',
  'order',
]);

/**
 * The merchant bot's answer as the frames can carry it, checked where it enters the hub (every
 * turn of the bot asks through askBot). Its message goes to the shopper and, in every snapshot
 * and history page, to agents, whose client refuses a whole frame the protocol refuses: a bot
 * that echoed a 4000-character question made the transcript unreadable in the console. Text
 * meant for reading (a text, a quick-reply label) is cut to its limit; anything else the protocol
 * refuses (a payload over 256 characters, which a cut would turn into another button, too many
 * buttons, a bad order card, a kind the bot may not send, no content and no hand-over, a confidence
 * that is not a number; one outside 0..1 is clamped) fails the plug-in with `plugin_failed` naming
 * the field, which the turn reports and recovers from like a throw.
 * @example
 * fitBotAnswer({ content: [{ kind: 'text', text: 'x'.repeat(5000) }] }); // ok, the text cut to 4000
 */
export function fitBotAnswer(answer: BotAnswer | null): FittedAnswer {
  // A plug-in written in JavaScript may return undefined: "no answer", as null is.
  if (answer == null) return { ok: true, answer: null };
  if (!Array.isArray(answer?.content)) return refused('content must be a list');
  // Nothing to say and no hand-over left the shopper in silence with a bot that thought it answered.
  if (answer.content.length === 0 && !answer.handoff)
    return refused('content is empty (return null when the bot has no answer)');
  const confidence = answer.confidence;
  if (confidence !== undefined && (typeof confidence !== 'number' || Number.isNaN(confidence)))
    return refused('confidence must be a number from 0 to 1');
  // Above 1 reads as sure, below 0 as unsure, as the merchant meant: the metrics keep 0..1.
  if (confidence !== undefined && (confidence > 1 || confidence < 0))
    answer = { ...answer, confidence: Math.min(1, Math.max(0, confidence)) };
  let content: BotContent[] | undefined;
  for (let i = 0; i < answer.content.length; i++) {
    const item = answer.content[i]!;
    if (!BOT_KINDS.has(item?.kind))
      return refused(`content[${i}].kind must be text, quick_replies, product or order`);
    // The common answer passes as it is: nothing is copied then (a plain text without zod's garbage).
    if (isPlainTextContent(item) || z.safeParse(Content, item).success) continue;
    const cut = cutForReading(item);
    const checked = z.safeParse(Content, cut);
    if (!checked.success) return refused(`content[${i}] ${describeIssues(checked.error.issues)}`);
    content ??= answer.content.slice();
    content[i] = cut;
  }
  return { ok: true, answer: content ? { ...answer, content } : answer };
}

/** Text and labels cut to their limits, never inside an emoji; NUL and lone surrogates replaced. */
function cutForReading(item: BotContent): BotContent {
  if (item.kind === 'text' && typeof item.text === 'string')
    return { ...item, text: toStoredText(item.text, LIMITS.maxTextChars) };
  if (item.kind !== 'quick_replies') return item;
  const out = { ...item };
  if (typeof item.text === 'string') out.text = toStoredText(item.text, LIMITS.maxTextChars);
  if (Array.isArray(item.replies))
    out.replies = item.replies.map((r) =>
      typeof r?.label === 'string'
        ? { ...r, label: toStoredText(r.label, LIMITS.maxQuickReplyLabelChars) }
        : r,
    );
  return out;
}

const refused = (problem: string): FittedAnswer =>
  pluginReturned('answer', `an answer the frames cannot carry: ${problem}`);
