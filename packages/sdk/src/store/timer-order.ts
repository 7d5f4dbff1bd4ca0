import type { TimerRecord } from './store.ts';

/**
 * Soonest first, parked (null) last, ties by key: the order every store lists and claims timers in.
 * @example
 * timers.sort(byDue);
 */
export function byDue(a: TimerRecord, b: TimerRecord): number {
  const da = a.dueAt ?? Number.POSITIVE_INFINITY;
  const db = b.dueAt ?? Number.POSITIVE_INFINITY;
  return da - db || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
