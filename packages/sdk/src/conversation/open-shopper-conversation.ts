import type { Author, Content, PageContext, ShopperProfile } from '@kefu/protocol';
import type { ShopperInfo } from '../seams/shopper.ts';
import {
  type AppendedMessage,
  type ConversationPatch,
  isErased,
  type StoredConversation,
} from '../store/store.ts';
import { languageOf } from '../text/hub-language.ts';
import { conversationToCarry } from './carry-on-sign-in.ts';
import type { ConversationOptions } from './conversation-options.ts';
import { openingState } from './lifecycle.ts';
import { textsFor } from './texts.ts';
import type { ConversationWrites } from './writes.ts';

/** A shopper's hello, as the conversation service's `open` takes it. */
export interface OpenInput {
  siteKey: string;
  shopper: ShopperInfo;
  resumeId?: string;
  page?: PageContext;
  locale?: string;
  /**
   * Asked after the reads and before anything is written, with the conversation the hello lands
   * in (null: a new one would be opened). It throws to refuse the hello (a limit, a spent identity
   * token), and nothing is written; else it returns whom to open for: `shopper`, or the same
   * shopper (same id) with the profile their session names.
   */
  admit?: (found: StoredConversation | null) => Promise<ShopperInfo>;
  /**
   * The device's own shopper id, when this hello signs the shopper in with an identity token: their
   * anonymous conversation on this device may follow them (see `conversationToCarry`).
   */
  carryFrom?: string;
}

/** What opening needs from the hub, as one explicit record (the conversation service passes itself). */
export interface OpenDeps extends Pick<ConversationWrites, 'record' | 'notify'> {
  readonly o: Pick<
    ConversationOptions,
    'store' | 'clock' | 'ids' | 'logger' | 'freshAfterMs' | 'sites' | 'greeting'
  >;
  /** Whom each conversation's session identified, for plug-in contexts. */
  readonly shoppers: { set(conversationId: string, shopper: ShopperInfo): unknown };
  /** Stores a message and publishes it; with the conversation as the append left it, when the store says. */
  post(
    conversationId: string,
    author: Author,
    content: Content,
  ): Promise<Pick<AppendedMessage, 'conversation'>>;
  botAuthor(locale: string | undefined): Author;
  /** Refreshes the conversation's inbox line for the agents who see it. */
  publishInbox(c: StoredConversation): Promise<void>;
}

/**
 * Why a hello's resume was not followed, as the error code the shopper is told: `forbidden`, the
 * conversation is someone else's; `not_found`, it does not exist (an id that never was) or no
 * longer does (erased by retention or on request). Either way the hello lands where it would
 * without the resume, so the shopper is never stuck.
 */
export type ResumeRefused = 'forbidden' | 'not_found';

/** Where a shopper's hello landed. */
export interface OpenedConversation {
  conversation: StoredConversation;
  /** Set when the hello named a conversation to resume and did not land in it. */
  resumeRefused?: ResumeRefused;
  shopper: ShopperInfo;
}

/**
 * The conversation a shopper's hello lands in: the one they resume (if it is theirs), else their
 * latest, else a new one with the bot's greeting. The caller runs one at a time per shopper and
 * site (see `Conversations.open`); across nodes the store's `openConversation` decides.
 */
export async function openShopperConversation(d: OpenDeps, input: OpenInput): Promise<OpenedConversation> {
  const { store, clock } = d.o;
  const { siteKey } = input;
  let resumeRefused: ResumeRefused | undefined;
  let conversation: StoredConversation | null = null;
  if (input.resumeId) {
    const found = await store.getConversation(input.resumeId);
    // An erased conversation is kept (anonymised) for the metrics: gone for its shopper, who was
    // told "belongs to someone else" before 2026-12.
    if (!found || isErased(found)) resumeRefused = 'not_found';
    else if (found.siteKey !== siteKey || found.shopperId !== input.shopper.id) resumeRefused = 'forbidden';
    else conversation = found;
  }
  // A shopper back long after their last conversation closed starts afresh; the old one stays
  // in their history (the agent sees it under "earlier conversations").
  const closedBefore = clock.now() - d.o.freshAfterMs;
  if (!conversation) {
    const latest = await store.findLatestConversation(siteKey, input.shopper.id);
    const stale = latest?.state.status === 'closed' && latest.updatedAt < closedBefore;
    conversation = stale ? null : latest;
  }
  const carry =
    input.carryFrom && input.carryFrom !== input.shopper.id
      ? await conversationToCarry(store, siteKey, input.carryFrom, conversation, clock.now())
      : null;
  if (carry) conversation = carry;
  const shopper = input.admit ? await input.admit(conversation) : input.shopper;
  // The mutex and the conversation found are the given shopper's: admit may not swap the person.
  if (shopper.id !== input.shopper.id) throw new Error('admit returned another shopper');
  const profile: ShopperProfile = { id: shopper.id, identified: shopper.identified };
  if (shopper.name !== undefined) profile.name = shopper.name;
  if (shopper.email !== undefined) profile.email = shopper.email;
  if (shopper.tier !== undefined) profile.tier = shopper.tier;
  if (shopper.userId !== undefined) profile.userId = shopper.userId;
  if (input.locale !== undefined) profile.locale = input.locale;
  await store.upsertShopper({ ...profile, siteKey }, clock.now());
  if (carry) {
    // Compare-and-set: of two tabs signing in at once, or the device's own hello, one wins; the
    // others open as if there were nothing to carry, and find it if it was carried to them.
    conversation = await store.updateConversation(
      carry.id,
      { shopperId: shopper.id },
      { version: carry.version },
    );
    if (conversation) {
      if (input.resumeId === carry.id) resumeRefused = undefined;
      d.o.logger.log('info', 'conversation.carried', { conversation: carry.id, site: siteKey });
      // Agents who see it see the signed-in shopper's name from now on.
      await d.publishInbox(conversation);
    }
  }
  let created = false;
  if (!conversation) {
    // Another node may have opened one since the read above: the store answers atomically.
    ({ conversation, created } = await store.openConversation(
      {
        id: d.o.ids('c'),
        siteKey,
        shopperId: shopper.id,
        state: openingState(),
        createdAt: clock.now(),
        ...(input.page ? { page: input.page } : {}),
        ...(input.locale ? { locale: input.locale } : {}),
      },
      closedBefore,
    ));
  }
  d.shoppers.set(conversation.id, shopper);
  if (created) {
    d.o.logger.log('info', 'conversation.created', { conversation: conversation.id, site: siteKey });
    d.record('conversation.created', conversation.id, { data: { site: siteKey } });
    const { id: conversationId, shopperId } = conversation;
    await d.notify('conversation.created', () => ({ conversationId, siteKey, shopperId }));
    // Said before the shopper wrote a word: in their locale, else the site's (then English).
    const language = input.locale ?? d.o.sites.get(siteKey)?.locale;
    const greeted = await d.post(conversation.id, d.botAuthor(language), {
      kind: 'text',
      text: d.o.greeting[languageOf(language)] ?? textsFor(language).greeting,
    });
    // As the greeting's append left it, when the store says (a read less per new conversation).
    conversation = greeted.conversation ?? (await store.getConversation(conversation.id)) ?? conversation;
  } else {
    const patch: ConversationPatch = {};
    if (input.page) patch.page = input.page;
    if (input.locale) patch.locale = input.locale;
    if (Object.keys(patch).length > 0)
      conversation = (await store.updateConversation(conversation.id, patch)) ?? conversation;
  }
  return { conversation, shopper, ...(resumeRefused ? { resumeRefused } : {}) };
}
