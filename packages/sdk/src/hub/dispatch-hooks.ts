import type { TicketSummary } from '@kefu/protocol';
import { DEFAULT_CAPACITY } from '../routing/agent-directory.ts';
import { agentRef } from './conversation-core.ts';
import type { Conversations } from './conversations.ts';
import type { DispatchHooks } from './dispatcher.ts';
import { textsFor } from './hub-texts.ts';

/**
 * What the dispatcher asks of the conversation service: the writes behind an assignment or a
 * requeue (each a compare-and-set on the store), and the refreshes, alerts and events that follow
 * its timers.
 * @example
 * const dispatcher = new Dispatcher(routing, clock, ids, dispatchHooks(conversations), bus, store);
 */
export function dispatchHooks(service: Conversations): DispatchHooks {
  return {
    assign: async (conversationId, agent) => {
      const c = await service.o.store.getConversation(conversationId);
      if (!c) return false;
      const updated = await service.transition(
        conversationId,
        {
          state: { ...withoutQueue(c.state), status: 'assigned', agent: agentRef(agent) },
          failedBotTurns: 0,
        },
        // The load is checked with the write: another node may be assigning to this agent too.
        {
          statuses: ['queued', 'ticket'],
          agentLoad: { agentId: agent.id, max: agent.capacity ?? DEFAULT_CAPACITY },
        },
        {
          kind: 'system',
          event: 'agent_joined',
          agentName: agent.name,
          text: textsFor(c.locale).agentJoined(agent.name),
        },
      );
      if (updated) {
        service.lastAgent.set(conversationId, agent.id);
        service.recordAssigned(updated, agent.id);
        service.o.logger.log('info', 'conversation.assigned', {
          conversation: conversationId,
          agent: agent.id,
          by: 'dispatcher',
        });
      }
      return updated !== null;
    },
    requeue: async (conversationId, agentId, reason) => {
      const c = await service.o.store.getConversation(conversationId);
      if (!c || c.state.agent?.id !== agentId) return;
      const name = c.state.agent.name;
      const { agent: _gone, followUpAt: _f, ...state } = c.state;
      const updated = await service.transition(
        conversationId,
        { state: { ...state, status: 'queued', reason } },
        { statuses: ['assigned', 'pending'], agentId },
        { kind: 'system', event: 'agent_left', agentName: name, text: textsFor(c.locale).requeued },
      );
      if (!updated) return;
      service.record('released', conversationId, { agentId, group: updated.state.group, data: { reason } });
      service.dispatcher.released(updated, agentId);
      service.dispatcher.enqueue(updated, {
        group: updated.state.group ?? 'default',
        priority: updated.priority,
        reason,
      });
      await service.refreshQueue(updated.state.group ?? 'default');
    },
    refreshQueue: (group) => service.refreshQueue(group),
    ticketChanged: (conversationId, ticket: TicketSummary) =>
      service.republish(conversationId, (state) => ({ ...state, ticket })),
    slaChanged: (conversationId) => service.republishInbox(conversationId),
    nodeGone: (nodeId) => service.presence.nodeGone(nodeId),
    alert: (alert, audience) => service.alert(alert, audience),
    event: (kind, payload) => service.events.emit(kind, payload),
    recordSla: (timer, outcome, at, agentId) =>
      service.record('sla', timer.conversationId, {
        agentId,
        group: timer.scope.group,
        data: { metric: timer.metric, outcome, elapsedMs: at - timer.startedAt },
      }),
    fault: (what, error) => service.fault(what, error),
  };
}

function withoutQueue<T extends { queue?: unknown }>(state: T): Omit<T, 'queue'> {
  const { queue: _q, ...rest } = state;
  return rest;
}
