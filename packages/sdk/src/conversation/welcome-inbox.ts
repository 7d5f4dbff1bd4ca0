import type { AgentProfile } from '../seams/agents.ts';
import type { Store, StoredConversation } from '../store/store.ts';
import { inboxAudience, isSupervisor, reaches } from './views.ts';

/**
 * Waiting conversations (queued, and tickets waiting in a group) an agent's welcome lists at most:
 * the first in the queue's order. Each costs store reads and ~0.6 KB of the frame, and shoppers open
 * them (60 new conversations a minute per address; tickets, when no one is staffed, are never closed
 * as abandoned): before 2026-12-07 the welcome listed every one, 5,000 of them a 2.9 MB frame built
 * from 15,000 store reads at every sign-in of every agent of the group. The rest reach the console
 * as they change (`inbox.update`) or when those before them are taken.
 */
export const MAX_WELCOME_WAITING = 200;

/** As the queue serves them and the console shows them: higher priority first, then the longest waiting. */
const byWait = (a: StoredConversation, b: StoredConversation): number =>
  b.priority - a.priority || (a.queuedAt ?? a.createdAt) - (b.queuedAt ?? b.createdAt);

const waiting = (c: StoredConversation): boolean =>
  c.state.status === 'queued' || c.state.status === 'ticket';

/**
 * The conversations of `list` (the inbox's statuses) an agent's welcome shows: every one they hold
 * (a supervisor: every one held), and the first {@link MAX_WELCOME_WAITING} waiting in their groups.
 * @example
 * const shown = welcomeInbox(await store.listConversations({ statuses: INBOX_STATUSES }), agent);
 */
export function welcomeInbox(list: readonly StoredConversation[], agent: AgentProfile): StoredConversation[] {
  const visible = list.filter((c) => reaches(agent, inboxAudience(c)));
  const held = visible.filter((c) => !waiting(c));
  const queue = visible.filter(waiting).sort(byWait).slice(0, MAX_WELCOME_WAITING);
  return [...held, ...queue];
}

/**
 * What {@link welcomeInbox} chooses from, read without every waiting row: what the agent holds (a
 * supervisor: every one held), the oldest {@link MAX_WELCOME_WAITING} tickets waiting in their groups,
 * and the first as many queued in the node's copy of the queue (its order is the store's: it is
 * rebuilt from it at start). One address queues 60 a minute, kept a week before they are abandoned:
 * reading every waiting row to choose 200 would have been up to 600,000 a sign-in.
 * @example
 * const shown = welcomeInbox(await welcomeCandidates(store, dispatcher, agent), agent);
 */
export async function welcomeCandidates(
  store: Pick<Store, 'listConversations' | 'getConversation'>,
  queue: { firstWaiting(groups: readonly string[] | undefined, n: number): string[] },
  agent: AgentProfile,
): Promise<StoredConversation[]> {
  const groups = isSupervisor(agent) ? undefined : agent.groups;
  const [held, tickets, queued] = await Promise.all([
    store.listConversations({
      statuses: ['assigned', 'pending'],
      ...(groups === undefined ? {} : { agentId: agent.id }),
    }),
    store.listConversations({
      statuses: ['ticket'],
      ...(groups === undefined ? {} : { groups }),
      limit: MAX_WELCOME_WAITING,
    }),
    Promise.all(queue.firstWaiting(groups, MAX_WELCOME_WAITING).map((id) => store.getConversation(id))),
  ]);
  // The queue may still hold one taken meanwhile (its event not applied yet): its status decides.
  const byId = new Map<string, StoredConversation>();
  for (const c of [...held, ...tickets]) byId.set(c.id, c);
  for (const c of queued) if (c?.state.status === 'queued' && !byId.has(c.id)) byId.set(c.id, c);
  return [...byId.values()];
}
