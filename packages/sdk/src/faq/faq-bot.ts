import type { AnswerPlugin, BotContent } from '../seams/plugins.ts';
import { readerLocale } from '../text/chinese-script.ts';
import { createFaqAnswerer, FAQ_PAYLOAD_PREFIX, type FaqAnswererOptions } from './faq-answerer.ts';
import { createFaqEngine, type FaqEngine, type FaqOptions } from './faq-engine.ts';
import type { KnowledgeBase } from './knowledge-base.ts';

/**
 * The hub's `answer` plug-in built on the FAQ engine: answers from the knowledge base, scoped to
 * the product on the shopper's page, offers "did you mean" when unsure (two unsure turns in a row
 * and the hub hands over), and hands over to a person otherwise. Pass an engine to reload it later with `engine.reload(kb)`.
 * @example
 * const kb = await readKnowledgeBaseFile('faq.json'); // or parseKnowledgeBase(data) on parsed JSON
 * const hub = createHub({ sites, agents, answer: createFaqBot(kb) });
 */
export function createFaqBot(
  source: KnowledgeBase | FaqEngine,
  options: FaqAnswererOptions & { engine?: FaqOptions } = {},
): AnswerPlugin {
  const engine =
    typeof source === 'object' && source !== null && 'match' in source
      ? source
      : createFaqEngine(source, options.engine);
  const answer = createFaqAnswerer(engine, options);
  return async (question, ctx) => {
    const product = ctx.page?.product;
    // A tapped "did you mean" carries the entry in its payload; the text is only its label.
    const tapped = question.payload?.startsWith(FAQ_PAYLOAD_PREFIX);
    const text = tapped ? question.payload! : question.text;
    // The label is in the script the shopper was shown, which their locale may not name (en, zh).
    const locale = tapped ? readerLocale(ctx.locale, question.text) : ctx.locale;
    const reply = await answer({
      text,
      ...(question.payload ? { payload: question.payload } : {}),
      ...(locale ? { locale } : {}),
      ...(product?.id ? { productId: product.id } : {}),
      ...(product?.category ? { category: product.category } : {}),
      ...(question.understanding ? { understanding: question.understanding as never } : {}),
    });
    return {
      content: reply.content as BotContent[],
      // Only an answer is a confident turn for the hub: a "did you mean" or a decline counts towards
      // the failed turns after which a person takes over, however sure the engine was of its guess.
      confidence: reply.decision === 'answer' ? reply.confidence : 0,
      ...(reply.entryId ? { entryId: reply.entryId } : {}),
      ...(reply.handoff ? { handoff: { reason: `faq: ${reply.decision}` } } : {}),
    };
  };
}
