import { DurableTimers } from '../routing/durable-timers.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { ManualClock } from './manual-clock.ts';

/**
 * Durable timers on a manual clock and a store (memory by default), for tests of what runs on
 * them: `advance(ms)` moves time and waits for every timer that fell due to finish its work.
 * @example
 * const { timers, advance } = timerHarness();
 * const sla = new SlaTracker({ timers, clock: timers.clock });
 * await sla.awaitReply('c1');
 * await advance(15_000); // breached
 */
export function timerHarness(options: { store?: Store; owner?: string; clock?: ManualClock } = {}) {
  const clock = options.clock ?? new ManualClock(0);
  const store = options.store ?? createMemoryStore();
  const errors: unknown[] = [];
  const timers = new DurableTimers({
    store,
    clock,
    owner: options.owner ?? 'node-a',
    onError: (_what, error) => errors.push(error),
  });
  const advance = (ms: number) => clock.advanceAsync(ms, () => timers.idle());
  return { clock, store, timers, errors, advance };
}
