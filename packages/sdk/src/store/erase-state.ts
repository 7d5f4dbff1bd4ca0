import type { ConversationState } from '@kefu/protocol';

/**
 * A conversation's state with its words gone, as `eraseConversation` leaves it: the reason of
 * the last transition (an escalation reason, a close resolution), the agents' tags and the
 * ticket's latest progress note are free text someone wrote about the shopper; status, group,
 * agent, queue, deadlines and rating are not, and stay for the metrics and the ticket trail.
 * @example
 * eraseState({ status: 'closed', reason: 'refund sent to 13800138000', rating: 4 }); // { status: 'closed', rating: 4 }
 */
export function eraseState(state: ConversationState): ConversationState {
  const { reason: _reason, tags: _tags, ticket, ...kept } = state;
  if (!ticket) return kept;
  const { lastUpdate: _lastUpdate, ...summary } = ticket;
  return { ...kept, ticket: summary };
}
