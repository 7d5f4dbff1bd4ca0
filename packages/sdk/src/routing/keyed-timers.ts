import type { Clock } from '../clock.ts';

/**
 * The longest delay Node's setTimeout keeps (about 24.8 days): a longer one fires after 1 ms. A
 * deadline further off waits this long and is armed again, so it never fires early.
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * One pending timer per key on an injected clock: setting a key again replaces its timer, so
 * a deadline that moves (a ticket re-planned, a follow-up pushed back) never fires twice.
 * @example
 * const timers = new KeyedTimers(clock);
 * timers.set('c1:first_response', clock.now() + 15_000, () => breach('c1'));
 * timers.clear('c1:first_response'); // the agent answered in time
 */
export class KeyedTimers {
  private readonly handles = new Map<string, unknown>();

  constructor(private readonly clock: Clock) {}

  /** Runs `fn` at the absolute time `at` (at once, on the clock, if that is already past). */
  set(key: string, at: number, fn: () => void): void {
    this.clear(key);
    // Capped: before 2026-12-05 a follow-up an agent set 30 days ahead fired after 1 ms, found
    // nothing due and was armed again, so the hub polled its store ~700 times a second for days.
    const delay = Math.min(Math.max(0, at - this.clock.now()), MAX_TIMER_DELAY_MS);
    const handle = this.clock.setTimeout(() => {
      if (delay === MAX_TIMER_DELAY_MS && this.clock.now() < at) return this.set(key, at, fn);
      // Only forget the key if it still points at this timer (fn may have re-set it).
      if (this.handles.get(key) === handle) this.handles.delete(key);
      fn();
    }, delay);
    this.handles.set(key, handle);
  }

  clear(key: string): boolean {
    const handle = this.handles.get(key);
    if (handle === undefined) return false;
    this.clock.clearTimeout(handle);
    this.handles.delete(key);
    return true;
  }

  /** Clears every key that starts with `prefix` (e.g. all timers of one conversation). */
  clearPrefix(prefix: string): void {
    for (const key of [...this.handles.keys()]) if (key.startsWith(prefix)) this.clear(key);
  }

  /** The keys with a timer pending. */
  keys(): string[] {
    return [...this.handles.keys()];
  }

  has(key: string): boolean {
    return this.handles.has(key);
  }

  get size(): number {
    return this.handles.size;
  }

  clearAll(): void {
    for (const key of [...this.handles.keys()]) this.clear(key);
  }
}
