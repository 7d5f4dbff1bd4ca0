import { type AssistFrame, type CannedReply, toStoredText } from '@kefu/protocol';
import { createFaqEngine, type FaqEngine } from '../faq/faq-engine.ts';
import type { KnowledgeBase, KnowledgeBaseEntry } from '../faq/knowledge-base.ts';
import { plainAnswer, plainLabel } from '../faq/plain-answer.ts';
import { showInShopperScript } from '../faq/shopper-script.ts';
import { createCannedScript } from './canned-script.ts';

export interface AssistOptions {
  /** Knowledge-base answers suggested to agents (often the same engine the bot answers from). */
  knowledgeBase?: KnowledgeBase | FaqEngine;
  /** The shop's canned replies; `{name}`, `{orderId}` and friends are filled in by the console. */
  canned?: CannedReply[];
  /** Suggestions under this confidence are not shown (default 0.2). */
  minConfidence?: number;
  /**
   * Suggest knowledge-base answers and canned replies in the shopper's Chinese script, as the FAQ
   * bot answers (a Simplified one in Traditional characters to a zh-TW shopper; default true):
   * the agent inserts them into the reply as they are. `false` suggests them as written.
   */
  convertScript?: boolean;
}

export interface Assistant {
  readonly canned: CannedReply[];
  suggest(
    text: string,
    ctx: { productId?: string; category?: string; locale?: string },
  ): Promise<Pick<AssistFrame, 'suggestions' | 'canned'>>;
}

/**
 * Agent assist: for the shopper's last message, the top knowledge-base answers and the canned
 * replies that match it, searched with the same engine as the bot (synonyms, zh/en, typos), in
 * the shopper's Chinese script (`ctx.locale`) with the bot's own conversions.
 * @example
 * const assistant = createAssistant({ knowledgeBase: engine, canned: [{ id: 'hi', title: '问候', text: '您好 {name}，…' }] });
 */
export function createAssistant(options: AssistOptions): Assistant {
  const kb = options.knowledgeBase
    ? 'match' in options.knowledgeBase
      ? options.knowledgeBase
      : createFaqEngine(options.knowledgeBase)
    : undefined;
  const canned = options.canned ?? [];
  const byId = new Map(canned.map((c) => [c.id, c]));
  const cannedIndex = canned.length
    ? createFaqEngine({
        version: 1,
        entries: canned.map((c) => ({
          id: c.id,
          question: c.title,
          alternatives: [c.text.slice(0, 200), ...(c.category ? [c.category] : [])],
          answer: c.text,
          tags: c.category ? [c.category] : [],
        })),
      })
    : undefined;
  const min = options.minConfidence ?? 0.2;
  const asWritten = options.convertScript === false;
  const showEntry = asWritten ? async (entry: KnowledgeBaseEntry) => entry : showInShopperScript;
  const showCanned = asWritten ? async (reply: CannedReply) => reply : createCannedScript();
  return {
    canned,
    async suggest(text, ctx) {
      const top = (kb?.match(text, ctx).top ?? []).filter((c) => c.confidence >= min).slice(0, 3);
      const shown = await Promise.all(
        top.map(async (c) => ({ ...c, entry: await showEntry(c.entry, ctx.locale) })),
      );
      const suggestions = shown.map((c) => ({
        entryId: c.entry.id.slice(0, 64),
        // Cut where a frame's limits are, never inside an emoji's surrogate pair.
        // The console shows the question as a title: its markup as the text a "did you mean" button shows.
        question: toStoredText(plainLabel(c.entry.question), 300),
        // The agent sends it as it is: markup from a help centre as the text the bot would send.
        answer: toStoredText(plainAnswer(c.entry.answer), 4000),
        confidence: c.confidence,
      }));
      const matched = (cannedIndex?.match(text).top ?? [])
        .filter((c) => c.confidence >= min)
        .slice(0, 3)
        .flatMap((c) => {
          const reply = byId.get(c.entry.id);
          return reply ? [reply] : [];
        });
      return { suggestions, canned: await Promise.all(matched.map((r) => showCanned(r, ctx.locale))) };
    },
  };
}
