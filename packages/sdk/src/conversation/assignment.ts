import type { Dispatcher } from '../routing/dispatcher.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { StoredConversation } from '../store/store.ts';
import type { ConversationOptions } from './conversation-options.ts';
import { agentRef } from './views.ts';
import type { ConversationWrites } from './writes.ts';

/** What an assignment needs from the hub, as one explicit record (the conversation service passes itself). */
export interface AssignmentDeps extends Pick<ConversationWrites, 'move' | 'record' | 'notify'> {
  readonly o: Pick<ConversationOptions, 'clock' | 'logger' | 'policy'>;
  readonly dispatcher: Pick<Dispatcher, 'ticketFollows'>;
  readonly lastAgent: { set(conversationId: string, agentId: string): unknown };
  fault(what: string, error: unknown, conversationId?: string): void;
}

/**
 * Gives the conversation to an agent, by hand (`accept`) or by the dispatcher (`autoAssign`):
 * one write that also checks the agent's load (another node may be assigning to them too),
 * then the bookkeeping both share. Null when the conversation or the agent's load changed.
 */
export async function assignAgent(
  d: AssignmentDeps,
  c: StoredConversation,
  agent: AgentProfile,
  via: 'accept' | 'autoAssign' | 'assign',
  /** For `assign`: who handed it over, and whether past the agent's capacity (`force`). */
  by?: { id: string; force?: boolean },
): Promise<StoredConversation | null> {
  const { queue: _q, ...state } = c.state;
  const max = agent.capacity ?? d.o.policy.defaultCapacity;
  const updated = await d.move(
    via,
    c.id,
    { ...state, agent: agentRef(agent) },
    {
      patch: { failedBotTurns: 0 },
      ...(by?.force ? {} : { agentLoad: { agentId: agent.id, max } }),
      locale: c.locale,
      who: agent.name,
    },
  );
  if (!updated) return null;
  d.lastAgent.set(c.id, agent.id);
  await recordAssigned(d, updated, agent.id);
  d.o.logger.log('info', 'conversation.assigned', {
    conversation: c.id,
    agent: agent.id,
    by: via === 'accept' ? 'agent' : via === 'assign' ? `agent ${by?.id ?? ''}` : 'dispatcher',
  });
  return updated;
}

/**
 * Logs an assignment with how long the conversation waited for it; `waited: false` for one that
 * never waited (handed straight from one agent to another).
 */
export async function recordAssigned(
  d: AssignmentDeps,
  c: StoredConversation,
  agentId: string,
  waited = true,
): Promise<void> {
  void d.dispatcher.ticketFollows(c.id, agentId).catch((e) => d.fault('ticket', e));
  const waitedMs = !waited || c.queuedAt === undefined ? undefined : d.o.clock.now() - c.queuedAt;
  d.record('assigned', c.id, {
    agentId,
    group: c.state.group,
    ...(waitedMs === undefined ? {} : { data: { waitedMs } }),
  });
  await d.notify('conversation.assigned', () => ({
    conversationId: c.id,
    agent: { id: agentId, name: c.state.agent?.name ?? agentId },
    ...(c.state.group ? { group: c.state.group } : {}),
    ...(waitedMs === undefined ? {} : { waitedMs }),
  }));
}
