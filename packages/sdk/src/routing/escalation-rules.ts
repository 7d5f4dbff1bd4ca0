import type {
  EscalationDecision,
  EscalationSignals,
  PluginContext,
  ShouldEscalatePlugin,
} from '../seams/plugins.ts';
import { DEFAULT_POLICY } from '../seams/policy.ts';
import { immediatePlugin } from '../seams/run-plugin.ts';

export interface EscalationRules {
  /** Anger at or over this goes to a human (0..1). */
  angerThreshold: number;
  /** Low-confidence bot turns in a row before offering a human; as many answers marked "not helpful" too. */
  maxFailedBotTurns: number;
  /** Intents that always go to a human. */
  humanIntents: readonly string[];
  /** Extra priority for angry shoppers. */
  angerPriority: number;
}

/** The rules as they stand with the default policy; unset rules follow the hub's `policy`. */
export const DEFAULT_ESCALATION_RULES: Readonly<EscalationRules> = Object.freeze({
  angerThreshold: DEFAULT_POLICY.angerThreshold,
  maxFailedBotTurns: DEFAULT_POLICY.maxFailedBotTurns,
  humanIntents: ['ask_for_human', 'complaint'],
  angerPriority: DEFAULT_POLICY.angerPriority,
});

/**
 * The default escalation rules: the bot asked for it, the shopper asked for a human, a
 * complaint, anger over the threshold, too many low-confidence turns in a row, or as many
 * answers marked "not helpful" (`maxFailedBotTurns` for both). A rule not
 * given here follows the hub's policy (`ctx.policy`), so one setting moves both.
 */
export function createEscalationRules(rules: Partial<EscalationRules> = {}): ShouldEscalatePlugin {
  // Pure and synchronous: the hub runs it without a plug-in timeout, and without a promise.
  const decideNow = (s: EscalationSignals, ctx?: Pick<PluginContext, 'policy'>): EscalationDecision => {
    const policy = ctx?.policy ?? DEFAULT_POLICY;
    const r: EscalationRules = {
      angerThreshold: rules.angerThreshold ?? policy.angerThreshold,
      maxFailedBotTurns: rules.maxFailedBotTurns ?? policy.maxFailedBotTurns,
      humanIntents: rules.humanIntents ?? DEFAULT_ESCALATION_RULES.humanIntents,
      angerPriority: rules.angerPriority ?? policy.angerPriority,
    };
    // A verdict on an answer, not a new message: only the count of "not helpful" decides.
    if (s.notHelpful !== undefined)
      return s.notHelpful >= r.maxFailedBotTurns
        ? { escalate: true, reason: `${s.notHelpful} bot answers were marked not helpful` }
        : { escalate: false };
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
  return immediatePlugin(
    async (s: EscalationSignals, ctx?: Pick<PluginContext, 'policy'>) => decideNow(s, ctx),
    decideNow,
  );
}
