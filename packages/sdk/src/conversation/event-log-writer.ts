import type { EventRecord, Store } from '../store/store.ts';

/** Events written to the store in one round trip, at most. */
const EVENT_BATCH = 500;

/**
 * Writes the event log the metrics are computed from, in order, one batch per round trip: what
 * is recorded while a write is in flight goes in the next one, so the log keeps up with the hub
 * however slow the store. A promise chain on two callbacks made once, not an async function per
 * batch: the memory store's write is done at once, so most events make a batch of their own.
 * A failed write is reported (`onError`, with the conversation of its first event), never thrown.
 * @example
 * const log = new EventLogWriter(store, (error, conversationId) => fault('event log', error, conversationId));
 * log.add({ id: 'e_1', at: Date.now(), kind: 'message', conversationId: 'c_1' });
 * await log.flushed();
 */
export class EventLogWriter {
  private pending: EventRecord[] = [];
  private draining = false;
  private writing: Promise<void> = Promise.resolve();
  /** The conversation of the batch in flight's first event, for the error a failed write reports. */
  private drainingFor = '';

  constructor(
    private readonly store: Pick<Store, 'appendEvents'>,
    private readonly onError: (error: unknown, conversationId: string) => void,
  ) {}

  add(event: EventRecord): void {
    this.pending.push(event);
    if (!this.draining) {
      this.draining = true;
      this.writing = this.drain();
    }
  }

  /** Resolves when every event added so far is stored. */
  flushed(): Promise<void> {
    return this.writing;
  }

  private drain(): Promise<void> {
    const pending = this.pending;
    let batch: EventRecord[];
    if (pending.length <= EVENT_BATCH) {
      batch = pending;
      this.pending = [];
    } else batch = pending.splice(0, EVENT_BATCH);
    this.drainingFor = batch[0]!.conversationId;
    let written: Promise<void>;
    try {
      written = this.store.appendEvents(batch);
    } catch (error) {
      written = Promise.reject(error);
    }
    return written.then(this.drained, this.failed);
  }

  private readonly drained = (): Promise<void> | undefined => {
    if (this.pending.length > 0) return this.drain();
    this.draining = false;
    return undefined;
  };

  private readonly failed = (error: unknown): Promise<void> | undefined => {
    this.onError(error, this.drainingFor);
    return this.drained();
  };
}
