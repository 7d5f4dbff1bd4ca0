import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import type { WebhookEventData, WebhookEventType, WebhookRecorder } from '../seams/webhook-events.ts';
import type { Store } from '../store/store.ts';
import type { WebhookEventRecord, WebhookSubscription } from '../store/webhook-store.ts';

interface Waiting {
  event: WebhookEventRecord;
  done: { resolve: () => void; reject: (error: unknown) => void };
}

/** Events written per statement at most. */
const BATCH = 500;

/**
 * The hub's side of the outbox: turns what happened into stored delivery rows. Records arriving
 * while a write is in flight go together in the next one (group commit), so a busy hub writes
 * one statement per round trip, not one per event. It keeps the event types some subscription
 * wants, so an event nobody wants (often `message.created`) costs no write at all; the cache is
 * refreshed by the delivery worker's poll, so a subscription made on another node counts here
 * within one poll interval.
 * @example
 * const outbox = new WebhookOutbox({ store, clock, ids, onStored: () => worker.wake() });
 * await outbox.refresh();
 * await outbox.record('ticket.created', { ticket });
 */
export class WebhookOutbox implements WebhookRecorder {
  private wanted = new Set<string>();
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(
    private readonly o: {
      store: Store;
      clock: Clock;
      ids: IdGenerator;
      /** Rows were added: the local worker can deliver them without waiting for its poll. */
      onStored: () => void;
    },
  ) {}

  wants(type: WebhookEventType): boolean {
    return this.wanted.has(type);
  }

  /** Takes the subscriptions as they are now (after a change here, and on every poll). */
  use(subscriptions: readonly WebhookSubscription[]): void {
    this.wanted = new Set(subscriptions.flatMap((s) => s.events));
  }

  async refresh(): Promise<void> {
    this.use(await this.o.store.listWebhookSubscriptions());
  }

  record<T extends WebhookEventType>(type: T, data: WebhookEventData[T], id?: string): Promise<void> {
    if (!this.wanted.has(type)) return Promise.resolve();
    const eventId = id ?? this.o.ids('evt');
    const createdAt = this.o.clock.now();
    const body = JSON.stringify({ id: eventId, type, createdAt, data });
    const event: WebhookEventRecord = { id: eventId, type, createdAt, body };
    const conversationId = conversationOf(data);
    if (conversationId !== undefined) event.conversationId = conversationId;
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ event, done: { resolve, reject } });
      if (!this.writing) void this.write();
    });
  }

  private async write(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, BATCH);
      try {
        const added = await this.o.store.enqueueWebhookEvents(batch.map((w) => w.event));
        for (const w of batch) w.done.resolve();
        if (added > 0) this.o.onStored();
      } catch (error) {
        for (const w of batch) w.done.reject(error);
      }
    }
    this.writing = false;
  }
}

/** The conversation an event is about (directly, or through its ticket), so erasing it erases the event. */
function conversationOf(data: WebhookEventData[WebhookEventType]): string | undefined {
  if ('conversationId' in data) return data.conversationId;
  return data.ticket.conversationId;
}
