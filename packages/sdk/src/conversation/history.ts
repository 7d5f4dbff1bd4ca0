import { MAX_EARLIER_PAGE, PROTOCOL_VERSION } from '@kefu/protocol';
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

/**
 * A page of the shopper's other conversations on this site, newest first (up to
 * `MAX_EARLIER_PAGE`), created before `before` when given: read a page at a time, since a regular
 * shopper has hundreds. `hasMore` when older ones remain.
 */
export async function earlierConversations(
  store: Pick<Store, 'listConversations' | 'listMessages'>,
  c: StoredConversation,
  viewer: AgentProfile,
  before?: number,
) {
  // One more than a page tells whether older ones remain, and one more again stands in for `c`.
  const rows = await store.listConversations({
    siteKey: c.siteKey,
    shopperId: c.shopperId,
    newestFirst: true,
    ...(before === undefined ? {} : { createdBefore: before }),
    limit: MAX_EARLIER_PAGE + 2,
  });
  const others = rows.filter((x) => x.id !== c.id);
  const earlier = await Promise.all(
    others.slice(0, MAX_EARLIER_PAGE).map(async (x) => {
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
  return { earlier, hasMore: others.length > MAX_EARLIER_PAGE };
}
