import type { StoredConversation } from '../store/store.ts';
import type { QueueEntry, RoutingQueue } from './queue.ts';

/**
 * Corrects a node's queue from the store's queued conversations (see Dispatcher.checkQueue):
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
