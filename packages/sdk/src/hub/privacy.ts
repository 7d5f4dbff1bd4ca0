import { createHash } from 'node:crypto';
import type { ImageContent, Message, Note } from '@kefu/protocol';
import { type Bus, channels } from '../bus/bus.ts';
import type { Conversations } from '../conversation/conversations.ts';
import type { KnowledgeLearning } from '../learning/knowledge-learning.ts';
import { actionPromptKey } from '../proactive/actions.ts';
import { eraseProactiveData, type ProactiveShopperData, proactiveDataOf } from '../proactive/shopper-data.ts';
import type { Ticket } from '../seams/tickets.ts';
import { shopperId as hubShopperId } from '../shopper-id.ts';
import {
  ERASED_SHOPPER_PREFIX,
  type EventRecord,
  isErased,
  type ShopperKey,
  type Store,
  type StoredConversation,
  type StoredShopper,
} from '../store/store.ts';

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
    /** The shopper's photos, with URLs signed at the export (they expire like any image URL). */
    images: ImageContent[];
  }>;
  /** Proactive service: the notification record (opt-out, rate window) and order tracks. */
  notifications: ProactiveShopperData['notifications'];
  orders: ProactiveShopperData['orders'];
}

/** The hub's id for a shopper reference (logged-in shoppers are `u:<your user id>`, devices `d#…`, a hash of the device id). */
export function resolveShopperId(ref: ShopperRef): string {
  if ('shopperId' in ref) return ref.shopperId;
  return hubShopperId('u', ref.userId);
}

/** A stable, one-way stand-in for an erased shopper: conversations stay countable, not traceable. */
export function anonymousId(siteKey: string, shopperId: string): string {
  return `${ERASED_SHOPPER_PREFIX}${createHash('sha256').update(`${siteKey}\u0000${shopperId}`).digest('base64url').slice(0, 24)}`;
}

/**
 * Everything the hub holds about one shopper, as JSON (for a data-access request).
 * @example
 * const data = await hub.exportShopper({ siteKey: 'my-shop', userId: '42' });
 */
export async function exportShopper(
  store: Store,
  ref: ShopperRef,
  now: number,
  /** Signs image URLs anew (see ImageLibrary.present): the stored ones have expired. */
  present: (message: Message) => Message = (message) => message,
): Promise<ShopperExport> {
  const shopperId = resolveShopperId(ref);
  const conversations = await store.listConversations({ siteKey: ref.siteKey, shopperId });
  return {
    exportedAt: now,
    siteKey: ref.siteKey,
    shopperId,
    profile: await store.getShopper(ref.siteKey, shopperId),
    conversations: await Promise.all(
      conversations.map(async (conversation) => {
        const messages = (
          await store.listMessages(conversation.id, { afterSeq: 0, limit: conversation.lastSeq })
        ).map(present);
        return {
          conversation,
          messages,
          notes: await store.listNotes(conversation.id),
          events: await store.listEvents({ conversationId: conversation.id }),
          tickets: await store.listTickets({ conversationId: conversation.id }),
          images: messages.flatMap((m) =>
            m.author.kind === 'shopper' && m.content.kind === 'image' ? [m.content] : [],
          ),
        };
      }),
    ),
    ...(await proactiveDataOf(store, ref.siteKey, shopperId)),
  };
}

/**
 * How one conversation is erased: by default straight in the store; the hub passes one that
 * waits for what is in flight on the conversation and forgets it everywhere (see `admin.ts`).
 */
export type EraseConversation = (conversationId: string, anonymousId: string) => Promise<void>;

/**
 * Erases a shopper: their profile is deleted and every conversation of theirs is erased (contents,
 * notes, free text in its state and events, knowledge drafts made from it, ticket words, all
 * redacted; ids anonymised); their notification record and order tracks are deleted; the metrics
 * computed from the event log stay as they were.
 */
export async function eraseShopper(
  store: Store,
  ref: ShopperRef,
  erase: EraseConversation = (id, anon) => store.eraseConversation(id, anon),
): Promise<{ conversations: number }> {
  const shopperId = resolveShopperId(ref);
  const conversations = await store.listConversations({ siteKey: ref.siteKey, shopperId });
  const anon = anonymousId(ref.siteKey, shopperId);
  for (const c of conversations) {
    await erase(c.id, anon);
    // A confirmation it waited for names its order.
    await store.deleteTimer(actionPromptKey(c.id));
  }
  await eraseProactiveData(store, ref.siteKey, shopperId);
  await store.deleteShopper(ref.siteKey, shopperId);
  return { conversations: conversations.length };
}

/** Stale profiles a retention pass reads at once (a million of them are a few thousand reads, never one). */
export const RETENTION_PAGE = 500;

/**
 * The retention job: erases closed conversations untouched for `maxAgeMs`, as `eraseShopper`
 * does. Then every shopper with no conversation left (retention erased them, in this run or an
 * earlier one, or they never had one) whose profile has not been written for as long (a hello
 * writes it) loses the profile (name, e-mail, tier): nothing here needs it any more, and it would
 * otherwise outlive everything else about them. A shopper who came back keeps theirs.
 * @example
 * const { erased, profiles } = await applyRetention(store, 365 * 86_400_000, Date.now());
 */
export async function applyRetention(
  store: Store,
  maxAgeMs: number,
  now: number,
  erase: EraseConversation = (id, anon) => store.eraseConversation(id, anon),
): Promise<{ erased: number; profiles: number }> {
  const before = now - maxAgeMs;
  const old = await store.listConversations({ statuses: ['closed'], updatedBefore: before });
  let erased = 0;
  for (const c of old) {
    if (isErased(c)) continue;
    await erase(c.id, anonymousId(c.siteKey, c.shopperId));
    erased++;
  }
  let profiles = 0;
  // Keyset pages: a profile kept (its shopper still has a conversation) lies behind the cursor,
  // so it is not listed again, and the pass ends after one walk through the stale ones.
  let after: ShopperKey | undefined;
  for (;;) {
    const page = await store.listStaleShoppers({
      updatedBefore: before,
      limit: RETENTION_PAGE,
      ...(after ? { after } : {}),
    });
    for (const { siteKey, id } of page) {
      // Erased conversations carry an anonymous id: any left under this one are still theirs.
      if ((await store.listConversations({ siteKey, shopperId: id, limit: 1 })).length > 0) continue;
      // Only if still unwritten: a shopper whose hello came since the page was read keeps it.
      if (await store.deleteShopper(siteKey, id, before)) profiles++;
    }
    if (page.length < RETENTION_PAGE) break;
    after = page.at(-1);
  }
  return { erased, profiles };
}

/**
 * How the hub erases one conversation: its photos first (if the blob store fails, the erasure
 * fails and is retried whole, rather than leaving photos of a conversation nobody can find any
 * more), then what the store holds (while learning from traffic waits), then every node forgets it.
 */
export function hubEraser(
  bus: Bus,
  conversations: () => Pick<Conversations, 'images' | 'erase'>,
  learning?: Pick<KnowledgeLearning, 'around'>,
): EraseConversation {
  return async (conversationId, anonymousId) => {
    await conversations().images?.erase(conversationId);
    // No question learned from it may land after its words are gone.
    const words = () => conversations().erase(conversationId, anonymousId);
    await (learning ? learning.around(conversationId, words) : words());
    await announceErased(bus, conversationId);
  };
}

/** Tells every hub node, this one included, that a conversation was erased (see `forgetErased`). */
export function announceErased(bus: Bus, conversationId: string): Promise<void> {
  return bus.publish(channels.erasures, { kind: 'erased', conversationId });
}

/**
 * Calls `forget` for every conversation any node erases, so no node keeps the shopper's name,
 * e-mail or anything else of it in memory. Resolves to the unsubscribe.
 * @example
 * const stop = await forgetErased(bus, (id) => conversations.forget(id));
 */
export function forgetErased(
  bus: Bus,
  forget: (conversationId: string) => void,
): Promise<() => Promise<void>> {
  return bus.subscribe(channels.erasures, (event) => {
    if (event.kind === 'erased') forget(event.conversationId);
  });
}
