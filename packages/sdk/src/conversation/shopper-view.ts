import type { ConversationState } from '@kefu/protocol';

/**
 * What the shopper sees of a conversation's state: what the widget shows (status, the agent's
 * name and avatar, the queue place, the ticket's progress, the follow-up time, the rating) and
 * nothing agents keep for themselves (group, tags, the reason of the last transition, which
 * carries escalation reasons and close resolutions).
 */
export type ShopperState = Pick<
  ConversationState,
  'status' | 'queue' | 'agent' | 'ticket' | 'followUpAt' | 'rating'
>;

/**
 * Projects the state for the shopper's socket. Fields are copied by name (an allow-list), so a
 * field added to the state later stays internal until it is added here.
 *
 * @example
 * shopperState({ status: 'closed', reason: 'refunded to +8613800138000', tags: ['refund'] });
 * // → { status: 'closed' }
 */
export function shopperState(state: ConversationState): ShopperState {
  const { agent, queue, ticket, followUpAt, rating } = state;
  return {
    status: state.status,
    ...(queue ? { queue: { ...queue } } : {}),
    ...(agent
      ? { agent: { id: agent.id, name: agent.name, ...(agent.avatar ? { avatar: agent.avatar } : {}) } }
      : {}),
    ...(ticket ? { ticket } : {}),
    ...(followUpAt === undefined ? {} : { followUpAt }),
    ...(rating === undefined ? {} : { rating }),
  };
}
