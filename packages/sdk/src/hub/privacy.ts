import { createHash } from 'node:crypto';
import type { Message, Note } from '@kefu/protocol';
import type { Ticket } from '../seams/tickets.ts';
import type { EventRecord, Store, StoredConversation, StoredShopper } from '../store/store.ts';

/** Who to export or erase: the hub's shopper id, or the merchant's own user id of a logged-in shopper. */
export type ShopperRef = { siteKey: string } & ({ shopperId: string } | { userId: string });

export interface ShopperExport {
  exportedAt: number;
  siteKey: string;
  shopperId: string;
  profile: StoredShopper | null;
  conversations: Array<{
    conversation: StoredConversation;
    messages: Message[];
    notes: Note[];
    events: EventRecord[];
    tickets: Ticket[];
  }>;
}

/** The hub's id for a shopper reference (logged-in shoppers are `u:<your user id>`, devices `d:<device id>`). */
export function resolveShopperId(ref: ShopperRef): string {
  if ('shopperId' in ref) return ref.shopperId;
  return ref.userId.length <= 60
    ? `u:${ref.userId}`
    : `u#${createHash('sha256').update(ref.userId).digest('base64url').slice(0, 40)}`;
}

/** A stable, one-way stand-in for an erased shopper: conversations stay countable, not traceable. */
function anonymousId(siteKey: string, shopperId: string): string {
  return `erased:${createHash('sha256').update(`${siteKey}\u0000${shopperId}`).digest('base64url').slice(0, 24)}`;
}

/**
 * Everything the hub holds about one shopper, as JSON (for a data-access request).
 * @example
 * const data = await hub.exportShopper({ siteKey: 'my-shop', userId: '42' });
 */
export async function exportShopper(store: Store, ref: ShopperRef, now: number): Promise<ShopperExport> {
  const shopperId = resolveShopperId(ref);
  const conversations = await store.listConversations({ siteKey: ref.siteKey, shopperId });
  return {
    exportedAt: now,
    siteKey: ref.siteKey,
    shopperId,
    profile: await store.getShopper(ref.siteKey, shopperId),
    conversations: await Promise.all(
      conversations.map(async (conversation) => ({
        conversation,
        messages: await store.listMessages(conversation.id, { afterSeq: 0, limit: conversation.lastSeq }),
        notes: await store.listNotes(conversation.id),
        events: await store.listEvents({ conversationId: conversation.id }),
        tickets: await store.listTickets({ conversationId: conversation.id }),
      })),
    ),
  };
}

/**
 * Erases a shopper: their profile is deleted and every conversation of theirs is erased (contents
 * redacted, ids anonymised); the metrics computed from the event log stay as they were.
 */
export async function eraseShopper(
  store: Store,
  ref: ShopperRef,
  erased: (conversationId: string) => void = () => {},
): Promise<{ conversations: number }> {
  const shopperId = resolveShopperId(ref);
  const conversations = await store.listConversations({ siteKey: ref.siteKey, shopperId });
  const anon = anonymousId(ref.siteKey, shopperId);
  for (const c of conversations) {
    await store.eraseConversation(c.id, anon);
    erased(c.id);
  }
  await store.deleteShopper(ref.siteKey, shopperId);
  return { conversations: conversations.length };
}

/** The retention job: erases closed conversations untouched for `maxAgeMs`. */
export async function applyRetention(
  store: Store,
  maxAgeMs: number,
  now: number,
  forget: (conversationId: string) => void = () => {},
): Promise<{ erased: number }> {
  const old = await store.listConversations({ statuses: ['closed'], updatedBefore: now - maxAgeMs });
  let erased = 0;
  for (const c of old) {
    if (c.shopperId.startsWith('erased:')) continue;
    await store.eraseConversation(c.id, anonymousId(c.siteKey, c.shopperId));
    forget(c.id);
    erased++;
  }
  return { erased };
}
