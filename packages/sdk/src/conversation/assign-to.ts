import { KefuError } from '@kefu/protocol';
import type { AgentProfile } from '../seams/agents.ts';
import type { StoredConversation } from '../store/store.ts';
import type { AgentActionDeps } from './agent-action-deps.ts';
import { requireRoomForNote, storeNote } from './store-note.ts';
import { isSupervisor, isWaiting } from './views.ts';

/** How a conversation is handed over: past the colleague's capacity (supervisors), with a note for them. */
export interface AssignOptions {
  force?: boolean | undefined;
  note?: string | undefined;
}

/**
 * Hands a waiting conversation (queued, or a ticket nobody holds) to a named colleague, as if
 * they had accepted it: it leaves the queue, the wait is recorded, the shopper sees them join.
 * - Supervisors may assign to any online agent, of any group, and `force` it past their capacity.
 * - An agent whose profile says `mayAssign` may assign one waiting in their groups to a colleague
 *   of its group who has room; anyone else gets `forbidden`.
 * - The colleague must be online (status `online`): nobody would answer otherwise. Unknown is
 *   `not_found`; not online, full, or a conversation no longer waiting (taken, closed) `conflict`.
 * - No accept timer runs: the assigner chose the colleague, as with a transfer to a person.
 */
export async function assignTo(
  d: AgentActionDeps,
  by: AgentProfile,
  conversationId: string,
  agentId: string,
  options: AssignOptions = {},
): Promise<StoredConversation> {
  const c = await d.requireConversation(conversationId);
  const supervisor = isSupervisor(by);
  const group = c.state.group;
  if (!supervisor) {
    if (by.mayAssign !== true)
      throw new KefuError('forbidden', 'only supervisors may assign conversations to colleagues');
    if (group === undefined || !by.groups.includes(group))
      throw new KefuError('forbidden', `conversation ${conversationId} is not in your groups`);
    if (options.force)
      throw new KefuError('forbidden', "only supervisors may assign past a colleague's capacity");
  }
  requireWaiting(c);
  await requireRoomForNote(d, conversationId, options.note);
  const target = d.onlineAgents().find((a) => a.id === agentId);
  if (!target) {
    const known = d.dispatcher.profile(agentId);
    if (!known) throw new KefuError('not_found', `agent ${agentId} is not known`);
    throw new KefuError('conflict', `${known.name} (agent ${agentId}) is not online`);
  }
  if (!supervisor && (group === undefined || !target.groups.includes(group)))
    throw new KefuError('forbidden', `${target.name} is not in group ${group}; ask a supervisor`);
  const capacity = target.capacity ?? d.o.policy.defaultCapacity;
  const full = () =>
    new KefuError('conflict', `${target.name} already has ${capacity} conversations (their capacity)`);
  const force = options.force === true;
  if (!force) {
    const held = await d.o.store.listConversations({ statuses: ['assigned', 'pending'], agentId: target.id });
    if (held.length >= capacity) throw full();
  }
  const updated = await d.assign(c, target, 'assign', { id: by.id, force });
  if (!updated) {
    // Lost a race (an accept, the dispatcher, a close) or the colleague's load grew meanwhile.
    requireWaiting(await d.requireConversation(conversationId));
    throw full();
  }
  d.dispatcher.assigned(conversationId, target.id, true);
  if (c.state.status === 'queued' && group !== undefined) await d.refreshQueue(group);
  if (options.note) await storeNote(d, by, conversationId, d.o.ids('t'), options.note);
  return updated;
}

function requireWaiting(c: StoredConversation): void {
  if (c.state.status === 'closed') throw new KefuError('conflict', `conversation ${c.id} is closed`);
  if (c.state.agent)
    throw new KefuError('conflict', `conversation ${c.id} was taken by ${c.state.agent.name}`);
  if (!isWaiting(c.state))
    throw new KefuError('conflict', `conversation ${c.id} is not waiting for an agent (${c.state.status})`);
}
