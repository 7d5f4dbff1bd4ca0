/** One key's queue: the promise the next task waits for, and how many tasks are queued or running. */
interface Lane {
  tail: Promise<void>;
  pending: number;
  /** The bookkeeping after each of its tasks: made once per lane, not twice per task. */
  readonly done: () => void;
  /** While a task that found the lane free is being called (see `run`). */
  starting: boolean;
  /** Lets the first task queued by that starting task go, once it is given the starting task's end. */
  release: ((after: Promise<void>) => void) | undefined;
}

/**
 * Runs tasks one at a time per key, in the order they were queued: messages of one
 * conversation are stored, answered and fanned out in order, while other conversations
 * proceed in parallel.
 */
export class KeyedMutex {
  private readonly lanes = new Map<string, Lane>();
  private readonly keepIdle: number;
  /** Lanes with a task queued or running. */
  private busyLanes = 0;

  /**
   * `keepIdle`: how many lanes with nothing queued may stay in the map before they are swept out
   * together (0, the default: each leaves as its last task ends). For keys that come back often
   * (a conversation's id, on every message): deleting a Map entry and adding it back a moment
   * later makes the map shrink and grow again, a new table each time. Keep it 0 for keys that
   * name a person, which should not outlive their work in memory.
   */
  constructor(options: { keepIdle?: number } = {}) {
    this.keepIdle = options.keepIdle ?? 0;
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    // Runs on every message (its write, the bot's turn): the lane's tail is the bookkeeping
    // callback itself, not a promise of its own with the bookkeeping chained after; the callback
    // is the lane's own, not two closures made for every task.
    let lane = this.lanes.get(key);
    if (!lane) {
      if (this.keepIdle > 0) this.sweepIfFull(1);
      const made: Lane = {
        tail: SETTLED,
        pending: 0,
        done: () => this.finished(key, made),
        starting: false,
        release: undefined,
      };
      this.lanes.set(key, made);
      lane = made;
    }
    if (lane.pending++ === 0) {
      this.busyLanes++;
      return this.start(lane, task);
    }
    let result: Promise<T>;
    if (lane.starting && lane.release === undefined) {
      // Queued by the task being started, before it returned its promise: the lane's tail is not
      // that task's end yet, and queued behind it this one would run beside the task.
      const after = new Promise<void>((resolve) => {
        lane.release = resolve;
      });
      result = after.then(task, task);
    } else result = lane.tail.then(task, task);
    lane.tail = result.then(lane.done, lane.done);
    return result;
  }

  /**
   * Nothing queued or running (the usual case): the task starts now, and its own promise is the
   * answer. Queued behind a settled tail it started a turn later, and the promise `then` made,
   * resolved with the task's, cost four more objects and two more turns on every call.
   */
  private start<T>(lane: Lane, task: () => Promise<T>): Promise<T> {
    let result: Promise<T>;
    lane.starting = true;
    try {
      result = task();
    } catch (error) {
      result = Promise.reject(error);
    } finally {
      lane.starting = false;
    }
    const end = result.then(lane.done, lane.done);
    const release = lane.release;
    if (release) {
      // The task queued more for its key: the tail already waits for those, and they for its end.
      lane.release = undefined;
      release(end);
    } else lane.tail = end;
    return result;
  }

  /** Whether a task of `key` is queued or running: a task queued now would start at once if not. */
  busy(key: string): boolean {
    return (this.lanes.get(key)?.pending ?? 0) > 0;
  }

  private finished(key: string, lane: Lane): void {
    if (--lane.pending > 0) return;
    this.busyLanes--;
    if (this.keepIdle === 0) {
      if (this.lanes.get(key) === lane) this.lanes.delete(key);
    } else this.sweepIfFull(0);
  }

  /**
   * Drops the idle lanes once there would be more than `keepIdle` lanes and twice as many as are busy
   * (so a sweep costs at most one pass per lane added since the last). Also checked as a lane goes
   * idle: checked only as one was added, the lanes of a burst (a stalled node, thousands busy at
   * once) set the bar so high that every conversation's lane stayed for good (20,000 in a soak).
   */
  private sweepIfFull(adding: 0 | 1): void {
    if (this.lanes.size + adding <= Math.max(this.keepIdle, this.busyLanes * 2)) return;
    for (const [key, lane] of this.lanes) if (lane.pending === 0) this.lanes.delete(key);
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
