import type { Clock } from '../clock.ts';

/**
 * A clock that only moves when a test says so. Timers fire in due order (ties in the order they
 * were set), and a timer set by a firing timer runs in the same `advance` if it falls due in it —
 * which is what chained deadlines (near-breach → breach) need to be tested without sleeping.
 * @example
 * const clock = new ManualClock(Date.UTC(2025, 0, 6, 1));
 * clock.setTimeout(() => console.log('due'), 15_000);
 * clock.advance(15_000); // logs "due"
 */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.current + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Timers not yet fired. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const until = this.current + ms;
    for (;;) {
      let dueId: number | undefined;
      let dueAt = Number.POSITIVE_INFINITY;
      // Map iteration is insertion order, so `<` keeps ties in the order they were set.
      for (const [id, timer] of this.timers) {
        if (timer.at < dueAt) {
          dueAt = timer.at;
          dueId = id;
        }
      }
      if (dueId === undefined || dueAt > until) break;
      const timer = this.timers.get(dueId)!;
      this.timers.delete(dueId);
      this.current = Math.max(this.current, dueAt);
      timer.fn();
    }
    this.current = until;
  }

  /**
   * Like {@link advance}, for timers whose work is async (a store behind them): fires them one
   * at a time in due order and awaits `settle()` after each, so work a timer starts (and timers
   * that work sets) is done before time moves on.
   */
  async advanceAsync(ms: number, settle: () => Promise<void>): Promise<void> {
    const until = this.current + ms;
    for (;;) {
      await settle();
      let dueAt = Number.POSITIVE_INFINITY;
      for (const timer of this.timers.values()) dueAt = Math.min(dueAt, timer.at);
      if (dueAt > until) break;
      this.advance(Math.max(0, dueAt - this.current));
    }
    this.current = until;
    await settle();
  }

  /** Moves time to an absolute instant (never backwards). */
  advanceTo(at: number): void {
    this.advance(Math.max(0, at - this.current));
  }
}
