import type { AgentDirectory } from './agent-directory.ts';
import type { HandlingTimes } from './handling-times.ts';
import { estimateWait, type RoutingQueue } from './queue.ts';

/** A waiting conversation's place in its group's queue, and the wait estimated from its group's staffing. */
export interface QueueWait {
  position: number;
  etaSeconds?: number;
}

/**
 * Where a conversation waits and for how long, from the queue, who of its group is online with how
 * many free slots, and the group's recent handling times; undefined when it is not queued here.
 * @example
 * waitInQueue(queue, roster.directory, handling, 'c_1'); // { position: 2, etaSeconds: 90 }
 */
export function waitInQueue(
  queue: RoutingQueue,
  directory: Pick<AgentDirectory, 'staffing'>,
  handling: Pick<HandlingTimes, 'recent'>,
  conversationId: string,
): QueueWait | undefined {
  const entry = queue.get(conversationId);
  const position = queue.position(conversationId);
  if (!entry || position === undefined) return undefined;
  const st = directory.staffing(entry.group);
  const eta = estimateWait(position, st.online, handling.recent(entry.group), {
    concurrency: st.online > 0 ? st.slots / st.online : 1,
    freeSlots: st.free,
  });
  return eta === undefined ? { position } : { position, etaSeconds: eta };
}
