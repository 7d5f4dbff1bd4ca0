import type { TicketSummary } from '@kefu/protocol';
import type { Conversations } from '../conversation/conversations.ts';
import type { Emitter } from '../emitter.ts';
import type { DispatchEvents, DispatchHooks } from '../routing/dispatcher-contract.ts';
import { recordRoutingEvent } from '../webhooks/routing-events.ts';

/**
 * What the dispatcher asks of the conversation service: the writes behind an assignment or a
 * requeue (each a compare-and-set on the store), and the refreshes, alerts and events that follow
 * its timers.
 * @example
 * const dispatcher = new Dispatcher(routing, clock, ids, dispatchHooks(events, () => conversations), bus, store);
 */
export function dispatchHooks(
  /** HubEvents extends DispatchEvents: routing's events are the hub's, passed on as they are. */
  routingEvents: Emitter<DispatchEvents>,
  /** The conversation service, built after the dispatcher it needs; hooks only run once both exist. */
  conversations: () => Conversations,
  /** This node found another node dead: its shoppers' presence goes with it. */
  nodeGone: (nodeId: string) => void,
): DispatchHooks {
  return {
    assign: async (conversationId, agent) => {
      const c = await conversations().o.store.getConversation(conversationId);
      return c !== null && (await conversations().assign(c, agent, 'autoAssign')) !== null;
    },
    requeue: async (conversationId, agentId, reason) => {
      const c = await conversations().o.store.getConversation(conversationId);
      if (!c || c.state.agent?.id !== agentId) return;
      const { agent: gone, followUpAt: _f, ...state } = c.state;
      // Not offered to them again in this wait; the shopper hears of the first requeue only.
      const before = conversations().dispatcher.lapses.of(conversationId, c.queuedAt);
      const updated = await conversations().move(
        'requeue',
        conversationId,
        { ...state, reason },
        { ownerId: agentId, locale: c.locale, who: gone.name, quiet: before.length > 0 },
      );
      if (!updated) return;
      conversations().record('released', conversationId, {
        agentId,
        group: updated.state.group,
        data: { reason },
      });
      conversations().dispatcher.released(updated, agentId);
      conversations().dispatcher.enqueue(updated, {
        group: updated.state.group ?? 'default',
        priority: updated.priority,
        reason,
        passedOver: [...before, agentId],
      });
      await conversations().refreshQueue(updated.state.group ?? 'default');
    },
    refreshQueue: (group) => conversations().refreshQueue(group),
    ticketChanged: (conversationId, ticket: TicketSummary) =>
      conversations().republish(conversationId, (state) => ({ ...state, ticket })),
    slaChanged: (conversationId) => conversations().republishInbox(conversationId),
    nodeGone,
    alert: (alert, audience) => conversations().alert(alert, audience),
    event: (kind, payload) => routingEvents.emit(kind, payload),
    persist: (kind, payload) => recordRoutingEvent(conversations().webhooks, kind, payload),
    recordSla: (timer, outcome, at, agentId) =>
      conversations().record('sla', timer.conversationId, {
        agentId,
        group: timer.scope.group,
        data: { metric: timer.metric, outcome, elapsedMs: at - timer.startedAt },
      }),
    fault: (what, error, conversationId) => conversations().fault(what, error, conversationId),
  };
}
