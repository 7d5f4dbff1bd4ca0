import type { ConversationStatus } from '@kefu/protocol';
import type { AgentActionDeps } from './agent-action-deps.ts';
import { closeConversation } from './agent-actions.ts';

/**
 * Statuses a conversation can be left in by a shopper who went away. A ticket is not: the shop
 * owes the shopper an answer whatever they do, and its deadlines say when.
 */
export const ABANDONABLE: readonly ConversationStatus[] = ['bot', 'queued', 'assigned', 'pending'];

/**
 * Conversations read from the store at a time; a run pages through them all. Before 2026-12-07 a run
 * closed one page (500) an hour, where one address may open 3,600 an hour (60 a minute): past a week
 * of it, idle conversations piled up faster than they were closed, and retention (closed ones only)
 * never reached them.
 */
const PAGE = 500;

/**
 * Closes, as abandoned, the conversations nobody has touched for `idleMs`: no message, no change
 * of state. Each close is a compare-and-set on the version read, so one that came back to life
 * meanwhile (a message, an agent's action, another node's run) is left alone. Closing releases
 * the agent who held it, stops its SLA clocks and follow-ups and refreshes its queue, as an
 * agent's close does; retention then treats it like any closed conversation. A `pending` one
 * whose follow-up is still ahead waits for it. Pages by creation time, so conversations left open
 * (a follow-up ahead, a close that lost its race) do not hide the ones after them.
 * @example
 * await closeAbandoned(conversations, 7 * 86_400_000); // → { closed: 3 }
 */
export async function closeAbandoned(d: AgentActionDeps, idleMs: number): Promise<{ closed: number }> {
  const now = d.o.clock.now();
  let closed = 0;
  let createdFrom: number | undefined;
  // The last page's conversations of its last millisecond: the next page starts at it again.
  let atCursor = new Set<string>();
  for (;;) {
    const page = await d.o.store.listConversations({
      statuses: ABANDONABLE,
      updatedBefore: now - idleMs,
      limit: PAGE,
      ...(createdFrom === undefined ? {} : { createdFrom }),
    });
    const fresh = page.filter((c) => !atCursor.has(c.id));
    for (const c of fresh) {
      if (c.state.followUpAt !== undefined && c.state.followUpAt > now) continue;
      const done = await closeConversation(d, c, {
        reason: 'abandoned',
        by: { kind: 'system' },
        data: { resolution: 'abandoned', abandoned: true },
        version: c.version,
      });
      if (done) closed++;
    }
    // A page of one millisecond's conversations all seen already is no progress: stop there.
    if (page.length < PAGE || fresh.length === 0) return { closed };
    const last = page.at(-1)!.createdAt;
    atCursor = new Set(page.filter((c) => c.createdAt === last).map((c) => c.id));
    createdFrom = last;
  }
}
