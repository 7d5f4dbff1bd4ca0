import type { Clock } from '../clock.ts';

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
    const handle = this.clock.setTimeout(
      () => {
        // Only forget the key if it still points at this timer (fn may have re-set it).
        if (this.handles.get(key) === handle) this.handles.delete(key);
        fn();
      },
      Math.max(0, at - this.clock.now()),
    );
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
