import type { ConversationState, Message } from '@kefu/protocol';

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

/**
 * A message as the shopper's socket gets it: an order card without its `shipments` (the
 * warehouse's packing records and weights are the agents' evidence, and many parcels of scans
 * would swell the frame past what the widget reads).
 * @example
 * shopperMessage(botOrderCard).content.order.shipments; // undefined
 */
export function shopperMessage(message: Message): Message {
  if (message.content.kind !== 'order' || !message.content.order.shipments) return message;
  const { shipments: _agentsOnly, ...order } = message.content.order;
  return { ...message, content: { ...message.content, order } };
}
