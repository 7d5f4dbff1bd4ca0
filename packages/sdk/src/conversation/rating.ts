import { KefuError } from '@kefu/protocol';
import type { StoredConversation } from '../store/store.ts';
import type { ConversationWrites } from './writes.ts';

/** What a rating needs from the hub, as one explicit record (the conversation service passes itself). */
export interface RatingDeps extends Pick<ConversationWrites, 'move' | 'record' | 'notify'> {
  requireConversation(id: string): Promise<StoredConversation>;
}

/** Tries before a rating that keeps losing to other writes is refused as changed meanwhile. */
const RATING_ATTEMPTS = 3;

/**
 * Stores the rating on the closed conversation, written only at the version the checks read:
 * before 2026-12-06 the write took any closed state, so one shopper sending `csat` on five
 * sockets at once had all five pass the "rated already" check and counted five times (an agent's
 * CSAT weighed by whoever rates them). A write that lost re-reads, and so sees the rating.
 */
async function takeRating(
  d: RatingDeps,
  conversationId: string,
  rating: number,
): Promise<StoredConversation> {
  for (let attempt = 0; attempt < RATING_ATTEMPTS; attempt++) {
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
    if (await d.move('rate', conversationId, { ...c.state, rating }, { version: c.version })) return c;
  }
  throw new KefuError('conflict', 'the conversation changed meanwhile');
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
  const c = await takeRating(d, conversationId, rating);
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
