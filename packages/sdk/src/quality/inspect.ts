import type { QaViolation } from '@kefu/protocol';
import type { QaRule } from './rules.ts';

export interface QaContext {
  /** The shopper is upset (anger at or over the hub's threshold). */
  angry: boolean;
  /** The latest shopper intent. */
  intent?: string;
  /** How long the shopper has waited for this reply, and the SLA's target for it. */
  waitedMs?: number;
  slaMs?: number;
  /**
   * How long the replying conversation has been its agent's (since the assignment, accept or
   * transfer to them). The SLA rule judges the shorter of this and `waitedMs`: a breach while the
   * conversation waited in the queue, or sat with someone before, is not this agent's.
   */
  heldMs?: number;
}

/**
 * Checks one agent message against the rules; the violations, most severe first.
 * @example
 * inspect('我们保证明天到', { angry: false }, DEFAULT_QA_RULES);
 * // → [{ ruleId: 'no-absolute-promises', severity: 'block', matches: ['保证'], … }]
 */
export function inspect(text: string, context: QaContext, rules: readonly QaRule[]): QaViolation[] {
  const lower = text.toLowerCase();
  const violations: QaViolation[] = [];
  for (const rule of rules) {
    if (rule.whenAngry && !context.angry) continue;
    if (rule.whenIntents && !(context.intent && rule.whenIntents.includes(context.intent))) continue;
    if (rule.minLength !== undefined && [...text].length < rule.minLength) continue;
    const checked = rule.allow?.length ? withoutAllowed(lower, rule.allow) : lower;
    const found = (rule.forbid ?? []).filter((word) => checked.includes(word.toLowerCase()));
    const missing =
      rule.require !== undefined && !rule.require.some((word) => lower.includes(word.toLowerCase()));
    const late =
      rule.withinSla === true &&
      context.waitedMs !== undefined &&
      context.slaMs !== undefined &&
      Math.min(context.waitedMs, context.heldMs ?? context.waitedMs) > context.slaMs;
    if (found.length === 0 && !missing && !late) continue;
    violations.push({
      ruleId: rule.id.slice(0, 64),
      severity: rule.severity,
      message: rule.description.slice(0, 1000),
      ...(found.length ? { matches: found.slice(0, 10).map((m) => m.slice(0, 100)) } : {}),
    });
  }
  return violations.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'block' ? -1 : 1));
}

/**
 * The text with the allowed phrases cut out, longest first, each replaced by a break so that
 * what stood either side cannot join into a forbidden word.
 */
function withoutAllowed(lower: string, allow: readonly string[]): string {
  let text = lower;
  for (const phrase of [...allow].map((p) => p.toLowerCase()).sort((a, b) => b.length - a.length))
    if (phrase) text = text.split(phrase).join('\n');
  return text;
}
