import type { AnswerPlugin } from '../seams/plugins.ts';
import { textsFor } from './texts.ts';

/** The default bot: it cannot answer anything yet, so it says a human is coming and hands over. */
export const defaultAnswer: AnswerPlugin = async (_question, ctx) => ({
  content: [{ kind: 'text', text: textsFor(ctx.locale).handoff }],
  confidence: 0,
  handoff: { reason: 'the default bot hands every question to a human' },
});
