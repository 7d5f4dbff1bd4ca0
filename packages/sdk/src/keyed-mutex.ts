/** One key's queue: the promise the next task waits for, and how many tasks are queued or running. */
interface Lane {
  tail: Promise<void>;
  pending: number;
  /** The bookkeeping after each of its tasks: made once per lane, not twice per task. */
  readonly done: () => void;
}

/**
 * Runs tasks one at a time per key, in the order they were queued: messages of one
 * conversation are stored, answered and fanned out in order, while other conversations
 * proceed in parallel.
 */
export class KeyedMutex {
  private readonly lanes = new Map<string, Lane>();
  private readonly keepIdle: number;
  /** The size at which idle lanes are swept out, when some are kept. */
  private sweepAt: number;

  /**
   * `keepIdle`: how many lanes with nothing queued may stay in the map before they are swept out
   * together (0, the default: each leaves as its last task ends). For keys that come back often
   * (a conversation's id, on every message): deleting a Map entry and adding it back a moment
   * later makes the map shrink and grow again, a new table each time. Keep it 0 for keys that
   * name a person, which should not outlive their work in memory.
   */
  constructor(options: { keepIdle?: number } = {}) {
    this.keepIdle = options.keepIdle ?? 0;
    this.sweepAt = this.keepIdle;
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    // Runs on every message (its write, the bot's turn): the lane's tail is the bookkeeping
    // callback itself, not a promise of its own with the bookkeeping chained after; the callback
    // is the lane's own, not two closures made for every task.
    let lane = this.lanes.get(key);
    if (!lane) {
      if (this.keepIdle > 0 && this.lanes.size >= this.sweepAt) this.sweep();
      const made: Lane = { tail: SETTLED, pending: 0, done: () => this.finished(key, made) };
      this.lanes.set(key, made);
      lane = made;
    }
    lane.pending++;
    const result = lane.tail.then(task, task);
    lane.tail = result.then(lane.done, lane.done);
    return result;
  }

  /** Whether a task of `key` is queued or running: a task queued now would start at once if not. */
  busy(key: string): boolean {
    return (this.lanes.get(key)?.pending ?? 0) > 0;
  }

  private finished(key: string, lane: Lane): void {
    if (--lane.pending === 0 && this.keepIdle === 0 && this.lanes.get(key) === lane) this.lanes.delete(key);
  }

  /** Drops the idle lanes; the next sweep waits until the map has doubled what stayed (busy lanes). */
  private sweep(): void {
    for (const [key, lane] of this.lanes) if (lane.pending === 0) this.lanes.delete(key);
    this.sweepAt = Math.max(this.keepIdle, this.lanes.size * 2);
  }

  /** Resolves when every queued task has finished. */
  async idle(): Promise<void> {
    for (;;) {
      const busy: Promise<void>[] = [];
      for (const lane of this.lanes.values()) if (lane.pending > 0) busy.push(lane.tail);
      if (busy.length === 0) return;
      await Promise.all(busy);
    }
  }
}

const SETTLED: Promise<void> = Promise.resolve();
