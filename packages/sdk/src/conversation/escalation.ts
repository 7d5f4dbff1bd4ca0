import { AgentWelcome, LIMITS } from '@kefu/protocol';
import * as z from 'zod/mini';
import type { Dispatcher } from '../routing/dispatcher.ts';
import type { RouteDecision, RoutePlugin } from '../seams/plugins.ts';
import { type PluginResult, pluginReturned, runPlugin } from '../seams/run-plugin.ts';
import type { Understanding } from '../seams/understanding.ts';
import type { StoredConversation } from '../store/store.ts';
import type { BotTurnDeps } from './bot-turn.ts';
import type { ConversationOptions } from './conversation-options.ts';
import { fitPriority } from './escalation-fit.ts';
import type { HubEvents } from './hub-events.ts';
import type { TransitionLead } from './lifecycle.ts';
import type { ConversationWrites } from './writes.ts';

/** A group name as the frames carry it (an agent's groups, the state's group). */
const GROUP = AgentWelcome.shape.agent.shape.groups.def.element;

/** What escalation needs from the hub, as one explicit record (the conversation service passes itself). */
export interface EscalationDeps
  extends Pick<BotTurnDeps, 'pluginContext' | 'pluginFailed' | 'move' | 'record' | 'tierOf'>,
    Pick<ConversationWrites, 'notify'> {
  readonly o: Pick<
    ConversationOptions,
    'clock' | 'pluginTimeoutMs' | 'logger' | 'knownGroups' | 'unknownGroups'
  >;
  readonly route: RoutePlugin;
  /** Only the one event escalation raises. */
  readonly events: { emit(kind: 'escalated', payload: HubEvents['escalated']): void };
  readonly dispatcher: Pick<Dispatcher, 'escalated'>;
  readonly lastAgent: { get(conversationId: string): string | undefined };
  refreshQueue(group: string): Promise<void>;
  /** Where the shopper asked from, counted in the queue (see QueueEntry.source); none in tests. */
  readonly queueSources?: { get(conversationId: string): string | undefined };
}

/**
 * Hands the conversation to people: the router picks the group (or a ticket), then it waits
 * in the queue with an SLA on the first reply. `lead`: the bot's hand-over line, posted with the
 * change (after the state, before the queue's system line).
 */
export async function escalate(
  d: EscalationDeps,
  conversation: StoredConversation,
  reason: string,
  priority?: number,
  understanding?: Understanding,
  group?: string,
  lead?: Omit<TransitionLead, 'failed'>,
) {
  const ctx = d.pluginContext(conversation);
  const asked = await runPlugin('route', d.o.pluginTimeoutMs, d.o.clock, (call) =>
    d.route(
      {
        reason,
        ...(priority === undefined ? {} : { priority }),
        ...(understanding ? { understanding } : {}),
        ...(group === undefined ? {} : { group }),
      },
      call.context(ctx),
    ),
  );
  const routed = asked.ok ? fitRoute(asked.value, d.o) : asked;
  if (!routed.ok) d.pluginFailed('route', routed.error, conversation.id);
  let route: RouteDecision = routed.ok ? routed.value : { group: 'default', priority: priority ?? 0, reason };
  if (d.o.unknownGroups === 'default' && nobodyIn(route.group, d.o))
    route = { ...route, group: 'default', reason: `${route.reason ?? reason}; nobody is in ${route.group}` };
  // The priority goes into every agent's inbox item too: one the frames refuse is reported and
  // left out (the escalation's own priority then applies), the router's group kept.
  const fitted = fitPriority(route.priority);
  if (!fitted.ok) d.pluginFailed('route', fitted.error, conversation.id);
  const routePriority = fitted.ok ? fitted.value : undefined;
  if (routePriority !== route.priority) {
    const { priority: _refused, ...rest } = route;
    route = routePriority === undefined ? rest : { ...rest, priority: routePriority };
  }
  const finalPriority = route.priority ?? priority ?? 0;
  const offline = route.ticket?.offline === true;
  // A hand-over line that could not be posted fails the caller (a bot turn: retried, or counted a
  // bot failure), but only once the hand-over is complete: queued, routed and the agents told.
  const leadFailures: unknown[] = [];
  const updated = await d.move(
    offline ? 'escalateOffline' : 'escalate',
    conversation.id,
    { group: route.group, reason: route.reason ?? reason },
    {
      patch: { priority: finalPriority, queuedAt: d.o.clock.now() },
      locale: conversation.locale,
      ...(lead ? { lead: { ...lead, failed: (error: unknown) => leadFailures.push(error) } } : {}),
    },
  );
  if (!updated) return;
  d.o.logger.log('info', offline ? 'conversation.ticket' : 'conversation.escalated', {
    conversation: conversation.id,
    group: route.group,
    priority: finalPriority,
  });
  d.record('escalated', conversation.id, {
    group: route.group,
    data: { priority: finalPriority, ticket: offline },
  });
  await d.notify('conversation.escalated', () => ({
    conversationId: conversation.id,
    group: route.group,
    priority: finalPriority,
    reason: route.reason ?? reason,
    ticket: offline,
  }));
  d.events.emit('escalated', {
    conversationId: conversation.id,
    reason,
    group: route.group,
    priority: finalPriority,
  });
  const source = d.queueSources?.get(updated.id);
  await d.dispatcher.escalated(
    updated,
    {
      ...route,
      priority: finalPriority,
      reason: route.reason ?? reason,
      ...(source === undefined ? {} : { source }),
    },
    reason,
    { group: route.group, ...d.tierOf(updated) },
    d.lastAgent.get(updated.id),
  );
  if (!offline) await d.refreshQueue(route.group);
  if (leadFailures.length > 0) throw leadFailures[0];
}

/**
 * The router's group goes into the state every agent's welcome and inbox carry: one the frames
 * refuse (over 100 characters, empty, with NUL) made them unreadable and locked the agents out,
 * so it fails the plug-in and the conversation goes to the default group, as when it throws; so
 * does a group no agent of the hub's list is in (`UnknownGroups`).
 */
function fitRoute(
  route: RouteDecision,
  groups: Pick<ConversationOptions, 'knownGroups' | 'unknownGroups'>,
): PluginResult<RouteDecision> {
  if (!z.safeParse(GROUP, route?.group).success) {
    const length = typeof route?.group === 'string' ? ` (${route.group.length} characters)` : '';
    return pluginReturned(
      'route',
      `a group the frames cannot carry${length}: 1-${LIMITS.maxNameChars} characters without U+0000`,
    );
  }
  if (groups.unknownGroups === 'reported' && nobodyIn(route.group, groups))
    return pluginReturned(
      'route',
      `group ${JSON.stringify(route.group)}, which no agent is in (the agents list's groups: ${[...groups.knownGroups].sort().join(', ')})`,
    );
  return { ok: true, value: route };
}

/** A group no agent of the hub's list is in; `default` is where such a conversation goes, never one. */
function nobodyIn(group: string, o: Pick<ConversationOptions, 'knownGroups'>): boolean {
  return group !== 'default' && !o.knownGroups.has(group);
}
