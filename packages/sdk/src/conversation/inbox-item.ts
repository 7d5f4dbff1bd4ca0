import type { ConversationState, InboxItem, Message, ShopperProfile } from '@kefu/protocol';
import type { Store, StoredConversation } from '../store/store.ts';
import { profileFields } from './profile-fields.ts';
import { preview } from './views.ts';

/** How far back an inbox line looks for the shopper's last message (past the bot's answers and notices). */
const SHOPPER_LOOKBACK = 20;

/** What an inbox line is read from besides the conversation. */
export interface InboxItemSources {
  store: Pick<Store, 'getShopper' | 'listMessages'>;
  /** The state as a client sees it (with the live queue position while queued). */
  publicState(c: StoredConversation): ConversationState;
  online(conversationId: string): boolean;
  slaOf(conversationId: string): Promise<InboxItem['sla']>;
}

/**
 * A conversation's line in an agent's inbox: who the shopper is, the state, the SLA, the last
 * message and, when the bot or the system spoke after it, what the shopper last asked.
 * `last` is the message just written, when the caller has it (saves a read).
 */
export async function buildInboxItem(
  from: InboxItemSources,
  c: StoredConversation,
  last?: Message,
): Promise<InboxItem> {
  const shopper = await from.store.getShopper(c.siteKey, c.shopperId);
  const profile: ShopperProfile = shopper
    ? {
        id: shopper.id,
        identified: shopper.identified,
        // Cut as sign-in cuts them: a profile stored longer before would make this item unreadable.
        ...profileFields(shopper),
      }
    : { id: c.shopperId, identified: false };
  // The last message, and the shopper's own last one when the bot or the system spoke after it
  // (an agent's or the shopper's line is itself what to preview: no look back, no read).
  const said = (m: Message | undefined) => m?.author.kind === 'shopper' || m?.author.kind === 'agent';
  const recent =
    said(last) || c.lastSeq === 0
      ? []
      : await from.store.listMessages(c.id, { beforeSeq: c.lastSeq + 1, limit: SHOPPER_LOOKBACK });
  const lastMessage = last ?? recent.at(-1);
  const shopperMessage = said(lastMessage) ? undefined : recent.findLast((m) => m.author.kind === 'shopper');
  const item: InboxItem = {
    conversationId: c.id,
    state: from.publicState(c),
    shopper: profile,
    priority: c.priority,
    createdAt: c.createdAt,
  };
  if (c.page) item.page = c.page;
  if (c.queuedAt !== undefined && c.state.status === 'queued') item.queuedAt = c.queuedAt;
  item.shopperOnline = from.online(c.id);
  const sla = await from.slaOf(c.id);
  if (sla) item.sla = sla;
  if (lastMessage)
    item.lastMessage = {
      seq: lastMessage.seq,
      authorKind: lastMessage.author.kind,
      preview: preview(lastMessage.content),
      at: lastMessage.createdAt,
    };
  if (shopperMessage)
    item.shopperMessage = {
      seq: shopperMessage.seq,
      preview: preview(shopperMessage.content),
      at: shopperMessage.createdAt,
    };
  return item;
}
