import type {
  AnswerPlugin,
  EscalationDecision,
  EscalationSignals,
  ShouldEscalatePlugin,
} from '../seams/plugins.ts';
import { textsFor } from './hub-texts.ts';

/** The default bot: it cannot answer anything yet, so it says a human is coming and hands over. */
export const defaultAnswer: AnswerPlugin = async (_question, ctx) => ({
  content: [{ kind: 'text', text: textsFor(ctx.locale).handoff }],
  confidence: 0,
  handoff: { reason: 'the default bot hands every question to a human' },
});

export interface EscalationRules {
  /** Anger at or over this goes to a human (0..1). */
  angerThreshold: number;
  /** Low-confidence bot turns in a row before offering a human. */
  maxFailedBotTurns: number;
  /** Intents that always go to a human. */
  humanIntents: readonly string[];
  /** Extra priority for angry shoppers. */
  angerPriority: number;
}

export const DEFAULT_ESCALATION_RULES: EscalationRules = {
  angerThreshold: 0.7,
  maxFailedBotTurns: 2,
  humanIntents: ['ask_for_human', 'complaint'],
  angerPriority: 10,
};

/**
 * The default escalation rules: the bot asked for it, the shopper asked for a human, a
 * complaint, anger over the threshold, or too many low-confidence turns in a row.
 */
export function createEscalationRules(rules: Partial<EscalationRules> = {}): ShouldEscalatePlugin {
  const r = { ...DEFAULT_ESCALATION_RULES, ...rules };
  return async (s: EscalationSignals): Promise<EscalationDecision> => {
    const u = s.understanding;
    if (u && u.anger >= r.angerThreshold)
      return { escalate: true, reason: 'the shopper is upset', priority: r.angerPriority };
    if (u && r.humanIntents.includes(u.intent)) return { escalate: true, reason: `intent: ${u.intent}` };
    if (s.answer === null) return { escalate: true, reason: 'the bot had no answer' };
    if (s.answer.handoff)
      return {
        escalate: true,
        reason: typeof s.answer.handoff === 'object' ? s.answer.handoff.reason : 'the bot handed over',
      };
    if (s.failedBotTurns >= r.maxFailedBotTurns)
      return { escalate: true, reason: `${s.failedBotTurns} bot answers in a row were not confident` };
    return { escalate: false };
  };
}
