import { type PluginResult, pluginReturned } from '../seams/run-plugin.ts';
import type { Understanding } from '../seams/understanding.ts';

/**
 * The `understand` plug-in's answer checked where it enters the hub: its numbers go to routing
 * (anger over the threshold), to metrics and, in the assist frame, to the agent, whose client
 * refused the whole frame for a NaN. A confidence or anger that is not a number, or an intent that
 * is not a string, fails the plug-in (the turn goes on as not understood); numbers outside 0..1
 * are clamped. Undefined and null are "not understood".
 * @example
 * fitUnderstanding({ intent: 'logistics', confidence: 7, anger: 0 }); // confidence 1
 */
export function fitUnderstanding(u: unknown): PluginResult<Understanding | undefined> {
  if (u == null) return { ok: true, value: undefined };
  if (typeof u !== 'object') return refused('not an object');
  const { intent, confidence, anger } = u as Record<string, unknown>;
  if (typeof intent !== 'string') return refused('an intent that is not a string');
  if (!isNumber(confidence) || !isNumber(anger)) return refused('a confidence or anger that is not a number');
  if (confidence >= 0 && confidence <= 1 && anger >= 0 && anger <= 1)
    return { ok: true, value: u as Understanding };
  return { ok: true, value: { ...(u as Understanding), confidence: unit(confidence), anger: unit(anger) } };
}

const isNumber = (x: unknown): x is number => typeof x === 'number' && !Number.isNaN(x);
const unit = (x: number) => Math.min(1, Math.max(0, x));

const refused = (problem: string) => pluginReturned('understand', problem);
