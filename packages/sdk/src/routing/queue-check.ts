import type { Clock } from '../clock.ts';
import type { Store, StoredConversation } from '../store/store.ts';
import type { QueueEntry, RoutingQueue } from './queue.ts';

/** How long a queue event may take to arrive before the check takes its conversation from the store. */
const QUEUE_EVENT_GRACE_MS = 5000;

/**
 * One node's comparison of its queue with the store's queued conversations (see
 * DispatchLoop.checkQueue): queue events travel on the bus, which is fire-and-forget, so one lost
 * would leave a conversation waiting while agents sit idle, or a gone one holding a place. What
 * other nodes change during the read is left as their events say (`noteEvent`).
 * @example
 * const groups = await check.run(); // then offer the queue and refresh those groups' places
 */
export class QueueCheck {
  /** While the store is read: conversations whose queue events arrived meanwhile. */
  private changed: Set<string> | undefined;

  constructor(
    private readonly deps: {
      queue: RoutingQueue;
      store: Pick<Store, 'listConversations'>;
      clock: Pick<Clock, 'now'>;
      fault: (what: string, error: unknown) => void;
    },
  ) {}

  /** A queue event for the conversation arrived (on any node). */
  noteEvent(conversationId: string): void {
    this.changed?.add(conversationId);
  }

  /** Corrects the queue from the store; returns the groups whose order changed. */
  async run(): Promise<Set<string>> {
    const { queue, store, clock, fault } = this.deps;
    const changed = new Set<string>();
    this.changed = changed;
    let queued: StoredConversation[];
    try {
      queued = await store.listConversations({ statuses: ['queued'] });
    } finally {
      this.changed = undefined;
    }
    // Gone from the store's queue: its dequeue event was lost, or is still on its way (then it
    // finds nothing to do), so taken out without a word. Queued only in the last seconds: its
    // event is on the way, with the router's requirements in it.
    const { groups, missing } = correctQueue(queue, queued, {
      changed,
      settledAt: clock.now() - QUEUE_EVENT_GRACE_MS,
      now: clock.now(),
    });
    // A fault worth reporting: an enqueue event went missing between the nodes.
    if (missing > 0)
      fault(
        'queue check',
        new Error(`${missing} waiting conversation(s) were missing from this node's queue`),
      );
    return groups;
  }
}

/**
 * Corrects a node's queue from the store's queued conversations (see DispatchLoop.checkQueue):
 * an entry whose conversation left the store's queue is taken out; a conversation queued in the
 * store, untouched since `settledAt` and missing here, is added (see {@link storedQueueEntry}). Conversations in
 * `changed` (their queue events arrived during the read) are left as those events said.
 * Returns the groups whose order changed and how many waiting conversations were missing.
 */
export function correctQueue(
  queue: RoutingQueue,
  queued: readonly StoredConversation[],
  options: { changed: ReadonlySet<string>; settledAt: number; now: number },
): { groups: Set<string>; missing: number } {
  const { changed, settledAt, now } = options;
  const inStore = new Set(queued.map((c) => c.id));
  const groups = new Set<string>();
  for (const entry of queue.entries())
    if (!inStore.has(entry.conversationId) && !changed.has(entry.conversationId)) {
      queue.remove(entry.conversationId);
      groups.add(entry.group);
    }
  let missing = 0;
  for (const c of queued)
    if (!queue.has(c.id) && !changed.has(c.id) && c.updatedAt <= settledAt) {
      const entry = storedQueueEntry(c, now);
      queue.enqueue(entry);
      groups.add(entry.group);
      missing++;
    }
  return { groups, missing };
}

/** A queue entry from the store alone (the router's requirements are not stored: they relax anyway). */
export function storedQueueEntry(c: StoredConversation, now: number): QueueEntry {
  return {
    conversationId: c.id,
    group: c.state.group ?? 'default',
    priority: c.priority,
    enqueuedAt: c.queuedAt ?? now,
  };
}
