import type { Clock } from '../clock.ts';
import type { NewTimer, Store, TimerRecord } from '../store/store.ts';
import { KeyedTimers } from './keyed-timers.ts';

/** Runs one claimed timer. It finishes the timer itself (`finish`), or the claim runs out and another node retries. */
export type TimerHandler = (timer: TimerRecord, now: number) => Promise<void>;

/** What a {@link DurableTimers.mutate} step decides: the timer's next state, or `keep` to write nothing. */
export type TimerChange<T> = { next: Omit<NewTimer, 'key' | 'kind'> | null | 'keep'; result: T };

export interface DurableTimersOptions {
  store: Store;
  clock: Clock;
  /** This node, in the claims it takes. */
  owner: string;
  /** How long a claim holds: a node that dies mid-handler is retried by another after this (default 30 s). */
  leaseMs?: number;
  /** How often to look for timers other nodes set (default 1 s). Timers set here also wake this node at their due time. */
  pollMs?: number;
  /** Timers claimed per round trip (default 100). */
  batch?: number;
  onError: (what: string, error: unknown) => void;
}

/**
 * Timers kept in the store, so they survive a restart, and run on exactly one node of a
 * cluster: every node polls for due timers and claims them with a lease (`FOR UPDATE SKIP
 * LOCKED`); a handler then finishes its timer with a compare-and-set on the claimed version,
 * so a timer changed meanwhile (the agent answered, the ticket moved on) is never acted on twice.
 * Handlers are looked up by the timer's `kind`.
 * @example
 * const timers = new DurableTimers({ store, clock, owner: nodeId, onError: log });
 * timers.handle('follow_up', async (t) => { if (await timers.finish(t, null)) alert(t.data) });
 * await timers.put({ key: 'follow_up:c1', kind: 'follow_up', dueAt: clock.now() + 86_400_000, data: {} });
 */
export class DurableTimers {
  readonly store: Store;
  private readonly clock: Clock;
  private readonly owner: string;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly batch: number;
  private readonly onError: DurableTimersOptions['onError'];
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly wakes: KeyedTimers;
  /** When timers written on this node fall due, soonest first. */
  private readonly wakeTimes: number[] = [];
  private running: Promise<void> = Promise.resolve();
  private queued = false;
  private started = false;
  private closed = false;

  constructor(options: DurableTimersOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.owner = options.owner;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1000;
    this.batch = options.batch ?? 100;
    this.onError = options.onError;
    this.wakes = new KeyedTimers(options.clock);
    if (!(this.leaseMs > 0)) throw new RangeError(`leaseMs must be > 0, got ${this.leaseMs}`);
    if (!(this.pollMs > 0)) throw new RangeError(`pollMs must be > 0, got ${this.pollMs}`);
  }

  /** Registers the handler of a kind (one per kind). */
  handle(kind: string, handler: TimerHandler): void {
    if (this.handlers.has(kind)) throw new Error(`a handler for timers of kind ${kind} exists`);
    this.handlers.set(kind, handler);
  }

  /** Starts polling; timers already due (set before a restart, or by a node that died) run now. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.poll();
  }

  /** Stores a timer, replacing any of its key, and wakes this node when it falls due. */
  async put(timer: NewTimer): Promise<TimerRecord> {
    const stored = await this.store.putTimer(timer);
    this.wakeAt(timer.dueAt);
    return stored;
  }

  async delete(key: string): Promise<TimerRecord | null> {
    return this.store.deleteTimer(key);
  }

  /**
   * Reads, changes and writes one timer, retrying when another node changed it in between:
   * `change` gets the current timer (null when there is none) and returns its next state (null
   * deletes it) and a result to hand back.
   */
  async mutate<T>(
    key: string,
    kind: string,
    change: (current: TimerRecord | null) => TimerChange<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.store.getTimer(key);
      const { next, result } = change(current);
      if (next === 'keep') return result;
      let written: boolean;
      if (current) written = await this.store.updateTimer(key, current.version, next && { kind, ...next });
      else if (next === null) written = true;
      else written = (await this.store.addTimer({ key, kind, ...next })).created;
      if (written) {
        if (next) this.wakeAt(next.dueAt);
        return result;
      }
      // Racing writers settle in a few rounds; more than that means something is badly wrong.
      if (attempt >= 20) throw new Error(`timer ${key} kept changing under ${attempt} attempts`);
    }
  }

  /**
   * Finishes a claimed timer: deletes it (null) or sets its next state. False when the timer
   * changed since it was claimed; the handler must then do nothing, since whoever changed it decided.
   */
  async finish(timer: TimerRecord, next: Omit<NewTimer, 'key' | 'kind'> | null): Promise<boolean> {
    const ok = await this.store.updateTimer(timer.key, timer.version, next && { kind: timer.kind, ...next });
    if (ok && next) this.wakeAt(next.dueAt);
    return ok;
  }

  /** Wakes this node at `at` to run what is due then (a timer another component wrote). */
  wakeAt(at: number | null): void {
    if (at === null || this.closed) return;
    // Sorted, without repeats: the soonest is the one the clock waits for.
    let lo = 0;
    let hi = this.wakeTimes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.wakeTimes[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    if (this.wakeTimes[lo] === at) return;
    this.wakeTimes.splice(lo, 0, at);
    if (lo === 0) this.armWake();
  }

  private armWake(): void {
    const next = this.wakeTimes[0];
    if (next === undefined) return;
    this.wakes.set('wake', next, () => {
      const now = this.clock.now();
      let passed = 0;
      while (passed < this.wakeTimes.length && this.wakeTimes[passed]! <= now) passed++;
      this.wakeTimes.splice(0, passed);
      this.armWake();
      void this.runDue();
    });
  }

  /** Claims and runs every timer due now (one pass at a time; a pass asked for meanwhile runs after it). */
  runDue(): Promise<void> {
    if (this.closed) return this.running;
    if (this.queued) return this.running;
    this.queued = true;
    this.running = this.running.then(async () => {
      this.queued = false;
      await this.passOnce().catch((error) => this.onError('timers', error));
    });
    return this.running;
  }

  /** Resolves when no pass is running (tests and a graceful close). */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.running;
      await seen;
    } while (seen !== this.running);
  }

  dispose(): void {
    this.closed = true;
    this.wakes.clearAll();
  }

  private poll(): void {
    if (this.closed) return;
    void this.runDue().then(() => {
      if (!this.closed) this.wakes.set('poll', this.clock.now() + this.pollMs, () => this.poll());
    });
  }

  private async passOnce(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      const now = this.clock.now();
      const claimed = await this.store.claimDueTimers(now, this.owner, this.leaseMs, this.batch);
      for (const timer of claimed) {
        const handler = this.handlers.get(timer.kind);
        // A kind nobody here handles (a newer node's): leave it for its lease, to whoever can.
        if (!handler) continue;
        try {
          await handler(timer, now);
        } catch (error) {
          this.onError(`timer ${timer.kind}`, error);
        }
      }
      if (claimed.length < this.batch) return;
    }
  }
}
