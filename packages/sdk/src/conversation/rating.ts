import { KefuError } from '@kefu/protocol';
import type { StoredConversation } from '../store/store.ts';
import type { ConversationWrites } from './writes.ts';

/** What a rating needs from the hub, as one explicit record (the conversation service passes itself). */
export interface RatingDeps extends Pick<ConversationWrites, 'move' | 'record' | 'notify'> {
  requireConversation(id: string): Promise<StoredConversation>;
}

/**
 * The shopper rates a closed conversation (1–5). Once per closing: a second rating is a
 * `conflict`, and so is a rating while the conversation is still open.
 */
export async function rate(
  d: RatingDeps,
  conversationId: string,
  rating: number,
  comment?: string,
): Promise<void> {
  const c = await d.requireConversation(conversationId);
  if (c.state.status !== 'closed')
    throw new KefuError('conflict', 'a conversation is rated after it is closed');
  // CSAT rates the people: the widget asks only when an agent held the conversation as it closed.
  if (!c.state.agent)
    throw new KefuError(
      'conflict',
      'only a conversation a person handled is rated; the bot alone handled this one',
    );
  if (c.state.rating !== undefined) throw new KefuError('conflict', 'this conversation was rated already');
  const updated = await d.move('rate', conversationId, { ...c.state, rating });
  if (!updated) throw new KefuError('conflict', 'the conversation changed meanwhile');
  d.record('csat', conversationId, {
    agentId: c.state.agent?.id,
    group: c.state.group,
    data: { rating, ...(comment ? { comment: comment.slice(0, 1000) } : {}) },
  });
  await d.notify('csat.submitted', () => ({
    conversationId,
    rating,
    ...(comment ? { comment: comment.slice(0, 1000) } : {}),
    ...(c.state.agent ? { agentId: c.state.agent.id } : {}),
    ...(c.state.group ? { group: c.state.group } : {}),
  }));
}
