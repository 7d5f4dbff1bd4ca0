import type { AgentProfile } from '../seams/agents.ts';
import type { StoredConversation } from '../store/store.ts';
import { inboxAudience, reaches } from './views.ts';

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
