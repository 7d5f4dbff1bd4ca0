import { KefuError, LIMITS, type Message, PROTOCOL_VERSION } from '@kefu/protocol';
import type { Conversations } from '../conversation/conversations.ts';
import { requireMay } from '../conversation/views.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { Store } from '../store/store.ts';
import type { ShopperPresence } from './shopper-presence.ts';

/** What an agent's `join` or `accept` is answered with: the conversation frame, and where its live feed starts. */
export interface AgentSnapshot {
  frame: object;
  deliveredSeq: number;
  stateVersion: number;
}

/**
 * The conversation as an agent opening it sees it: state, shopper, page, messages, notes, order and
 * earlier conversations, read after the feed subscribed. `afterSeq`: what a re-joining console has.
 */
export async function agentSnapshot(
  d: {
    store: Store;
    conversations: Conversations;
    presence: ShopperPresence;
    present: (message: Message) => Message;
  },
  profile: AgentProfile,
  conversationId: string,
  requestId: string | undefined,
  afterSeq: number | undefined,
): Promise<AgentSnapshot> {
  const { store, conversations } = d;
  const c = await store.getConversation(conversationId);
  if (!c) throw new KefuError('not_found', `conversation ${conversationId} does not exist`);
  // Read again after subscribing: someone may have taken it since the join was allowed.
  requireMay(profile, 'read', c);
  // A console that missed at most a page gets what it missed; one further behind (or fresh)
  // gets the latest page and pages back with `history`, as a fresh join does. Replaying
  // the whole gap streamed every message since an old lastSeq at once.
  const [messages, notes, item, order, earlier] = await Promise.all([
    afterSeq === undefined || c.lastSeq - afterSeq > LIMITS.maxHistoryPage
      ? store.listMessages(conversationId, { beforeSeq: c.lastSeq + 1, limit: LIMITS.maxHistoryPage })
      : store.listMessages(conversationId, { afterSeq, limit: LIMITS.maxHistoryPage }),
    store.listNotes(conversationId),
    conversations.inboxItem(c),
    c.page?.orderId ? conversations.pluginContext(c).lookupOrder(c.page.orderId) : Promise.resolve(null),
    conversations.earlierConversations(c, profile),
  ]);
  const frame = {
    v: PROTOCOL_VERSION,
    type: 'conversation',
    ...(requestId ? { re: requestId } : {}),
    conversationId,
    state: conversations.publicState(c),
    shopper: item.shopper,
    ...(c.page ? { page: c.page } : {}),
    messages: messages.map(d.present),
    // The latest maxNotes: a conversation may hold more from before the hub bounded them.
    notes: notes.slice(-LIMITS.maxNotes),
    lastSeq: c.lastSeq,
    shopperReadSeq: c.shopperReadSeq,
    shopperOnline: d.presence.online(conversationId),
    ...(order ? { order } : {}),
    ...(earlier.earlier.length ? { earlier: earlier.earlier } : {}),
    ...(earlier.hasMore ? { earlierMore: true } : {}),
  };
  return { frame, deliveredSeq: messages.at(-1)?.seq ?? c.lastSeq, stateVersion: c.version };
}
