import type { Clock } from '../clock.ts';
import type { DurableTimers } from '../routing/durable-timers.ts';
import type { Store } from '../store/store.ts';
import { type ShopperKey, shopperHash } from './notify-record.ts';

/** The durable timer that marks a shopper as being erased. */
export const ERASURE_GUARD_KIND = 'shopper.erasing';
/** How long the mark holds: longer than any notification or order event can be in flight. */
export const ERASURE_GUARD_MS = 15 * 60_000;

export const erasureGuardKey = (siteKey: string, shopperId: string): string =>
  `erasing:${shopperHash(siteKey, shopperId)}`;

/**
 * Keeps an erasure from being undone by a notification or an order event running at the same
 * time (on any node). The erasure marks the shopper first, then erases; the proactive paths write
 * first, then look for the mark, and take back what they wrote when they find it. Whatever the
 * interleaving, either the erasure's scan (after its mark) sees the write, or the write's look
 * (after the write) sees the mark. The mark is a durable timer under a hash of the shopper's id
 * and holds no data; it falls due and goes after {@link ERASURE_GUARD_MS}, after which the id may
 * start afresh (a new customer, or the same one signing up again).
 * @example
 * const guard = createErasureGuard({ store, clock, timers });
 * await guard.mark({ siteKey: 'shop', shopperId: 'u:42' }); // then erase
 */
export function createErasureGuard(d: {
  store: Pick<Store, 'getTimer'>;
  clock: Clock;
  timers: Pick<DurableTimers, 'mutate' | 'handle' | 'finish'>;
}) {
  d.timers.handle(ERASURE_GUARD_KIND, async (timer) => {
    await d.timers.finish(timer, null);
  });
  return {
    /** Marks the shopper as being erased (call before erasing). */
    async mark(shopper: ShopperKey): Promise<void> {
      await d.timers.mutate(erasureGuardKey(shopper.siteKey, shopper.shopperId), ERASURE_GUARD_KIND, () => ({
        next: { dueAt: d.clock.now() + ERASURE_GUARD_MS, data: {} },
        result: null,
      }));
    },
    /** Whether the shopper is being (or was just) erased. */
    async active(shopper: ShopperKey): Promise<boolean> {
      const timer = await d.store.getTimer(erasureGuardKey(shopper.siteKey, shopper.shopperId));
      return timer !== null && timer.dueAt !== null && timer.dueAt > d.clock.now();
    },
  };
}

export type ErasureGuard = ReturnType<typeof createErasureGuard>;
