import { PROTOCOL_VERSION } from '@kefu/protocol';
import type { AgentProfile } from '../seams/agents.ts';
import type { Store, StoredConversation } from '../store/store.ts';
import { mayAgent, preview } from './views.ts';

/** A page of messages before `before` (oldest first), as the `history.page` answer. */
export async function historyPage(
  store: Pick<Store, 'listMessages'>,
  conversationId: string,
  before: number,
  limit = 50,
  re?: string,
) {
  // One more than asked tells whether older messages remain.
  const messages = await store.listMessages(conversationId, { beforeSeq: before, limit: limit + 1 });
  const hasMore = messages.length > limit;
  return {
    v: PROTOCOL_VERSION,
    type: 'history.page' as const,
    ...(re ? { re } : {}),
    conversationId,
    messages: hasMore ? messages.slice(1) : messages,
    hasMore,
  };
}

/** The shopper's other conversations on this site, newest first (up to 10), for the agent's profile view. */
export async function earlierConversations(
  store: Pick<Store, 'listConversations' | 'listMessages'>,
  c: StoredConversation,
  viewer: AgentProfile,
) {
  const all = await store.listConversations({ siteKey: c.siteKey, shopperId: c.shopperId });
  const others = all
    .filter((x) => x.id !== c.id)
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, 10);
  return Promise.all(
    others.map(async (x) => {
      // One the viewer may not read (another group's, a colleague's) is listed without its
      // last message or rating: the preview quoted it to agents the owner rule keeps out.
      if (!mayAgent(viewer, 'read', x))
        return { conversationId: x.id, createdAt: x.createdAt, status: x.state.status };
      const [last] =
        x.lastSeq > 0 ? await store.listMessages(x.id, { beforeSeq: x.lastSeq + 1, limit: 1 }) : [];
      return {
        conversationId: x.id,
        createdAt: x.createdAt,
        status: x.state.status,
        ...(last ? { preview: preview(last.content) } : {}),
        ...(x.state.rating === undefined ? {} : { rating: x.state.rating }),
      };
    }),
  );
}
