import type { ConversationStatus } from '@kefu/protocol';
import type { AgentActionDeps } from './agent-action-deps.ts';
import { closeConversation } from './agent-actions.ts';

/**
 * Statuses a conversation can be left in by a shopper who went away. A ticket is not: the shop
 * owes the shopper an answer whatever they do, and its deadlines say when.
 */
export const ABANDONABLE: readonly ConversationStatus[] = ['bot', 'queued', 'assigned', 'pending'];

/** Conversations closed per run at the most; the next run takes the rest. */
const BATCH = 500;

/**
 * Closes, as abandoned, the conversations nobody has touched for `idleMs`: no message, no change
 * of state. Each close is a compare-and-set on the version read, so one that came back to life
 * meanwhile (a message, an agent's action, another node's run) is left alone. Closing releases
 * the agent who held it, stops its SLA clocks and follow-ups and refreshes its queue, as an
 * agent's close does; retention then treats it like any closed conversation. A `pending` one
 * whose follow-up is still ahead waits for it.
 * @example
 * await closeAbandoned(conversations, 7 * 86_400_000); // → { closed: 3 }
 */
export async function closeAbandoned(d: AgentActionDeps, idleMs: number): Promise<{ closed: number }> {
  const now = d.o.clock.now();
  const idle = await d.o.store.listConversations({
    statuses: ABANDONABLE,
    updatedBefore: now - idleMs,
    limit: BATCH,
  });
  let closed = 0;
  for (const c of idle) {
    if (c.state.followUpAt !== undefined && c.state.followUpAt > now) continue;
    const done = await closeConversation(d, c, {
      reason: 'abandoned',
      by: { kind: 'system' },
      data: { resolution: 'abandoned', abandoned: true },
      version: c.version,
    });
    if (done) closed++;
  }
  return { closed };
}
