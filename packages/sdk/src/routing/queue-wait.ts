import type { AgentDirectory } from './agent-directory.ts';
import type { HandlingTimes } from './handling-times.ts';
import { estimateWait, type QueueEntry, type RoutingQueue } from './queue.ts';

/** A waiting conversation's place in its group's queue, and the wait estimated from its group's staffing. */
export interface QueueWait {
  position: number;
  etaSeconds?: number;
}

/**
 * Where a conversation waits and for how long, from the queue, who of its group is online with how
 * many free slots, and the group's recent handling times. `entry` is the conversation as the store
 * queued it: the place it takes when this node has not applied its queue event yet.
 * @example
 * waitInQueue(queue, roster.directory, handling, storedQueueEntry(c, now)); // { position: 2, etaSeconds: 90 }
 */
export function waitInQueue(
  queue: RoutingQueue,
  directory: Pick<AgentDirectory, 'staffing'>,
  handling: Pick<HandlingTimes, 'recent'>,
  entry: QueueEntry,
): QueueWait {
  const queued = queue.get(entry.conversationId) ?? entry;
  const position = queue.placeOf(queued);
  const st = directory.staffing(queued.group);
  const eta = estimateWait(position, st.online, handling.recent(queued.group), {
    concurrency: st.online > 0 ? st.slots / st.online : 1,
    freeSlots: st.free,
  });
  return eta === undefined ? { position } : { position, etaSeconds: eta };
}
