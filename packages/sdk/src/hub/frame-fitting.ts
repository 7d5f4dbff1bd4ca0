import { LIMITS, utf8Length } from '@kefu/protocol';

/** Room left in a frame for its items (the envelope and a margin for escaping). */
const BUDGET = LIMITS.maxFrameBytes - 2_048;

/**
 * The leading items whose JSON fits in one frame, for a list answered in one frame (a supervisor's
 * proposals, findings, entries): the rest is left out, not a frame the hub could not send.
 * @example
 * const items = fittingInOneFrame(proposals.map(toKbProposal));
 */
export function fittingInOneFrame<T>(items: readonly T[]): T[] {
  let used = 0;
  const out: T[] = [];
  for (const item of items) {
    used += utf8Length(JSON.stringify(item)) + 1;
    if (used > BUDGET) break;
    out.push(item);
  }
  return out;
}
