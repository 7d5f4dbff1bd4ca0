import type { EscalationDecision } from '../seams/plugins.ts';
import { type PluginResult, pluginReturned } from '../seams/run-plugin.ts';

/**
 * A plug-in's queue priority as the frames carry it (an integer in every agent's inbox item): a
 * fraction is rounded; NaN, an infinity or a string fails the plug-in. Before, NaN or 2.5 was
 * stored as given, and every agent's client refused the inbox frame that carried it.
 * @example
 * fitPriority(7.3, 'route'); // { ok: true, value: 7 }
 */
export function fitPriority(priority: unknown, plugin = 'route'): PluginResult<number | undefined> {
  if (priority === undefined) return { ok: true, value: undefined };
  const rounded = typeof priority === 'number' ? Math.round(priority) : Number.NaN;
  if (Number.isSafeInteger(rounded)) return { ok: true, value: rounded };
  return pluginReturned(plugin, `a priority the frames cannot carry (${String(priority).slice(0, 20)})`);
}

/**
 * The `shouldEscalate` plug-in's decision checked where it enters the hub. Undefined, a string or
 * an `escalate` that is not a boolean fails the plug-in (the turn then hands over, as when it
 * throws); before, reading it threw inside the bot's turn and was logged as an internal fault
 * without the plug-in's name. A hand-over without a reason gets one people can read.
 */
export function fitEscalationDecision(decision: unknown): PluginResult<EscalationDecision> {
  if (typeof decision !== 'object' || decision === null || !('escalate' in decision))
    return pluginReturned('shouldEscalate', 'no decision: expected { escalate, reason?, priority? }');
  const d = decision as Partial<Extract<EscalationDecision, { escalate: true }>> & { escalate: unknown };
  if (typeof d.escalate !== 'boolean')
    return pluginReturned('shouldEscalate', 'a decision whose escalate is not true or false');
  if (!d.escalate) return { ok: true, value: decision as EscalationDecision };
  const priority = fitPriority(d.priority, 'shouldEscalate');
  if (!priority.ok) return priority;
  const reason =
    typeof d.reason === 'string' && d.reason.trim() !== '' ? d.reason : 'the escalation rules gave no reason';
  if (reason === d.reason && priority.value === d.priority)
    return { ok: true, value: decision as EscalationDecision };
  const value: EscalationDecision = { escalate: true, reason };
  if (priority.value !== undefined) value.priority = priority.value;
  return { ok: true, value };
}
