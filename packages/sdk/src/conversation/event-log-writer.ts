import { KefuError } from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import { EVENTS_STORED, type EventRecord, type Store } from '../store/store.ts';
import { isTransientFailure } from '../store/transient-failure.ts';

/**
 * Events written to the store in one round trip, at most. One batch is in flight at a time, so
 * this caps the log's pace at one batch per round trip: at 500, a hub on PostgreSQL whose round
 * trips stretched to 1–2.6 s under load (load average 14; 1,000 msg/s, three events each) fell
 * 49,000 events behind in a minute and, in a 300 s soak, reached the 100,000 cap, past which
 * events are dropped. A SQL store writes 4,096 events in one statement (7 parameters each, within
 * PostgreSQL's 65,535).
 */
export const EVENT_BATCH = 4096;

/** Waits before each new try of a batch that failed; the last one repeats while the store is away. */
export const EVENT_RETRY_MS: readonly number[] = [1000, 2000, 4000, 8000, 16000, 30000];

/** Events kept while the store is away (about 300 bytes each): past this, new ones are dropped and counted. */
export const MAX_PENDING_EVENTS = 100_000;

/** The empty queue, shared: `add` replaces it rather than pushing to it (frozen, so a push would throw). */
const NO_EVENTS = Object.freeze([]) as unknown as EventRecord[];

export interface EventLogWriterOptions {
  clock: Clock;
  /** Waits before each new try of a failed batch (default {@link EVENT_RETRY_MS}). */
  retryMs?: readonly number[];
  /** Events kept unwritten at most (default {@link MAX_PENDING_EVENTS}). */
  maxPending?: number;
}

/**
 * Writes the event log the metrics are computed from, in order, one batch per round trip: what
 * is recorded while a write is in flight goes in the next one, so the log keeps up with the hub
 * however slow the store. A promise chain on callbacks made once, not an async function per
 * batch: the memory store's write is done at once, so most events make a batch of their own.
 *
 * A batch whose write failed is written again, first, after a wait (`retryMs`), for as long as
 * the store is away (a failure the store would repeat, after the schedule's tries): a store that
 * blinked cost the metrics whole batches. Meanwhile new events queue up to `maxPending`; past it
 * they are dropped and counted (`dropped`). Failures and drops are reported (`onError`, with the
 * conversation of the batch's first event), never thrown.
 * @example
 * const log = new EventLogWriter(store, (error, conversationId) => fault('event log', error, conversationId), { clock });
 * log.add({ id: 'e_1', at: Date.now(), kind: 'message', conversationId: 'c_1' });
 * await log.flushed();
 */
export class EventLogWriter {
  /** Events not written yet, in order; {@link NO_EVENTS} when none (never pushed to: see `add`). */
  private pending: EventRecord[] = NO_EVENTS;
  private draining = false;
  /** The batch in flight, or the failed one waiting to be written again (before anything newer). */
  private batch: EventRecord[] | undefined;
  /** Failed tries of `batch` in a row. */
  private failures = 0;
  /** The wait before the next try, and how to end it early (a flush, a close). */
  private timer: unknown;
  private wake: (() => void) | undefined;
  /** Callers of `flushed` waiting for the queue to empty or a try to fail. */
  private flushes: (() => void)[] = [];
  private stopped = false;
  private readonly clock: Clock;
  private readonly retryMs: readonly number[];
  private readonly maxPending: number;
  /** Events dropped (past the cap, a batch the store kept refusing, or left at close), in all. */
  dropped = 0;
  /** Drops not reported yet: one report per run of drops, not one per event. */
  private droppedUnreported = 0;

  constructor(
    private readonly store: Pick<Store, 'appendEvents'>,
    private readonly onError: (error: unknown, conversationId: string) => void,
    options: EventLogWriterOptions,
  ) {
    this.clock = options.clock;
    this.retryMs = options.retryMs ?? EVENT_RETRY_MS;
    this.maxPending = options.maxPending ?? MAX_PENDING_EVENTS;
  }

  add(event: EventRecord): void {
    if (this.stopped || this.pending.length >= this.maxPending) {
      // Reported as the first drop of a run: the store has been away a while already.
      if (this.droppedUnreported === 0)
        this.onError(
          new KefuError(
            'internal',
            this.stopped
              ? 'event log: closed; dropping new events'
              : `event log: ${this.maxPending} events wait for the store; dropping new ones`,
          ),
          event.conversationId,
        );
      this.dropped++;
      this.droppedUnreported++;
      return;
    }
    // Frozen, data too: nothing changes a recorded event, so a store may keep its data rather than
    // a copy (the memory store keeps every event of the run: a copy each was old-generation weight). A
    // one-element array when nothing waits (with the memory store, which writes at once, nearly
    // always): an empty one's first push grows it to 17 slots, 150 bytes of garbage an event.
    Object.freeze(event);
    if (event.data) Object.freeze(event.data);
    if (this.pending.length === 0) this.pending = [event];
    else this.pending.push(event);
    if (!this.draining) {
      this.draining = true;
      void this.drain();
    }
  }

  /**
   * Resolves when every event added so far is stored, or when a try to store them failed (they
   * stay queued for the next): a flush during an outage takes one round trip, not the outage. A
   * batch waiting to be tried again is tried at once.
   */
  flushed(): Promise<void> {
    if (!this.draining) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.flushes.push(resolve);
      this.wake?.();
    });
  }

  /**
   * Tries what is queued once more, now, then stops: events still unwritten (and any added from
   * now on) are dropped and reported. For a closing hub: no timer is left behind.
   */
  async close(): Promise<void> {
    await this.flushed();
    this.stopped = true;
    this.draining = false;
    this.wake?.();
    const left = (this.batch?.length ?? 0) + this.pending.length;
    const first = this.batch?.[0] ?? this.pending[0];
    this.batch = undefined;
    this.pending = NO_EVENTS;
    if (first) this.drop(left, first.conversationId, 'the hub closed before the store came back');
  }

  private drain(): Promise<void> | undefined {
    if (this.stopped) return undefined;
    let batch = this.batch;
    if (!batch) {
      const pending = this.pending;
      if (pending.length <= EVENT_BATCH) {
        batch = pending;
        this.pending = NO_EVENTS;
      } else batch = pending.splice(0, EVENT_BATCH);
      this.batch = batch;
    }
    let written: Promise<void>;
    try {
      written = this.store.appendEvents(batch);
    } catch (error) {
      written = Promise.reject(error);
    }
    // Stored already (the memory store): no turn, nor a promise and a reaction for each event.
    if (written === EVENTS_STORED) return this.drained();
    return written.then(this.drained, this.failed);
  }

  private readonly drained = (): Promise<void> | undefined => {
    this.batch = undefined;
    this.failures = 0;
    if (this.droppedUnreported > 0 && !this.stopped) {
      this.onError(
        new KefuError(
          'internal',
          `event log: ${this.droppedUnreported} events were dropped while the store was away`,
        ),
        '',
      );
      this.droppedUnreported = 0;
    }
    if (this.pending.length > 0) return this.drain();
    this.draining = false;
    this.settleFlushes();
    return undefined;
  };

  private readonly failed = (error: unknown): Promise<void> | undefined => {
    const batch = this.batch;
    // Closed while this write was in flight (it followed a batch given up on, after close's flush
    // had returned): close dropped and reported it already.
    if (!batch) return undefined;
    const conversationId = batch[0]!.conversationId;
    const failures = ++this.failures;
    // The first failure of a run is reported; the tries after it are not news.
    if (failures === 1) this.onError(error, conversationId);
    this.settleFlushes();
    if (this.stopped) return undefined;
    if (failures > this.retryMs.length && !isTransientFailure(error)) {
      // The store refuses this batch, and would again: dropped, so the ones after it are written.
      this.batch = undefined;
      this.failures = 0;
      this.drop(batch.length, conversationId, `the store refused them ${failures} times`);
      return this.drained();
    }
    const wait = this.retryMs[Math.min(failures, this.retryMs.length) - 1] ?? 0;
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      this.timer = this.clock.setTimeout(resolve, wait);
    }).then(this.retry);
  };

  private readonly retry = (): Promise<void> | undefined => {
    this.clock.clearTimeout(this.timer);
    this.wake = undefined;
    return this.drain();
  };

  private settleFlushes(): void {
    if (this.flushes.length === 0) return;
    const flushes = this.flushes;
    this.flushes = [];
    for (const resolve of flushes) resolve();
  }

  private drop(count: number, conversationId: string, why: string): void {
    this.dropped += count;
    this.onError(new KefuError('internal', `event log: ${count} events dropped (${why})`), conversationId);
  }
}
