import {
  type Author,
  Content,
  type ConversationStatus,
  type ErrorCode,
  KefuError,
  LIMITS,
  type Message,
  PageContext,
  type QuickRepliesContent,
  type QuickReply,
} from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import { openingState } from '../conversation/lifecycle.ts';
import type { IdGenerator } from '../ids.ts';
import type { DurableTimers } from '../routing/durable-timers.ts';
import type { EventRecord, Store, StoredConversation } from '../store/store.ts';
import type { ErasureGuard } from './erasure-guard.ts';
import {
  isEmpty,
  judge,
  NOTIFY_RECORD_KIND,
  type NotificationLimits,
  type NotifyRecord,
  type NotifyVerdict,
  nextExpiry,
  notifyRecordKey,
  pruneRecord,
  release,
  reserve,
  type ShopperKey,
} from './notify-record.ts';
import { notifyTexts } from './notify-texts.ts';

export type { ShopperKey } from './notify-record.ts';

/** What a notification may say: text, text with quick replies, or an order card. */
export type NotifyContent = Extract<Content, { kind: 'text' | 'quick_replies' | 'order' }>;

export interface NotifyOptions {
  /**
   * The order it is about: the conversation's page context takes it, so a reply is about that
   * order — unless people have the conversation (queued, assigned, pending, ticket): their order
   * context stays.
   */
  orderId?: string;
  /** The same key twice (on any node, within `notifications.dedupeMs`) sends one message. */
  dedupeKey?: string;
}

/** Quick-reply payloads the hub answers itself. */
export const NOTIFY_PAYLOADS = {
  /** "Stop these updates": the shopper opts out of notifications. */
  stop: 'kefu:notify.stop',
  /**
   * "Talk to a person". Under an order exception's apology it carries the exception and order
   * (`kefu:notify.person:address:SO-1024`), so the hand-over goes to the exception rule's group.
   */
  person: 'kefu:notify.person',
} as const;

/** Why a notification was not sent, with the protocol's error code. */
export type NotifyRefusalReason = 'opted_out' | 'rate_limited' | 'invalid' | 'erased' | 'no_identity';

/**
 * A notification the hub refused: `opted_out` (code `forbidden`), `rate_limited` (code
 * `rate_limited`, retryable after `retryAt`), `invalid` content or options (`invalid_frame`),
 * `erased`: the shopper is being erased (code `forbidden`), or `no_identity` (code `conflict`): a
 * logged-in shopper of a site that signs nobody in (no `identitySecret`), who could never read it.
 * Its `name` stays `KefuError`: `isKefuError` (which the HTTP API maps errors by) checks it.
 */
export class NotifyRefusal extends KefuError {
  constructor(
    code: ErrorCode,
    readonly reason: NotifyRefusalReason,
    message: string,
    readonly retryAt?: number,
  ) {
    super(code, message);
  }
}

export type NotifyOutcome =
  | {
      ok: true;
      conversationId: string;
      /** True when the `dedupeKey` was seen before: nothing was sent this time. */
      duplicate: boolean;
      /** The messages stored (none for a duplicate). */
      messages: Message[];
    }
  | { ok: false; error: NotifyRefusal };

/** What the notifier needs of the conversation service (it passes itself). */
export interface NotifierConversations {
  post(
    conversationId: string,
    author: Author,
    content: Content,
  ): Promise<{ message: Message; duplicate: boolean }>;
  /** The bot, named in the notification's language. */
  botAuthor(locale: string | undefined): Author;
  record(
    kind: 'notification' | 'conversation.created',
    conversationId: string,
    extra?: { data?: EventRecord['data'] },
  ): void;
  /** Hands over to people; `group` is passed to the router as the group the hand-over is about. */
  escalate(conversation: StoredConversation, reason: string, group?: string): Promise<void>;
  /** The `conversation.created` webhook for a conversation the notice opened, as a shopper's opening sends it. */
  announce(conversation: StoredConversation): Promise<void>;
}

export interface NotifierDeps {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  timers: Pick<DurableTimers, 'mutate' | 'handle' | 'finish'>;
  limits: NotificationLimits;
  /** A shopper back this long after a close starts a new conversation (the hub's `newConversationAfterDays`). */
  freshAfterMs: number;
  conversations: NotifierConversations;
  /** Whether the shopper is being erased (see `erasure-guard.ts`). */
  guard: Pick<ErasureGuard, 'active'>;
  /** Erases a conversation as the hub's erasure does, for the shopper `shopper` (takes back a racing post). */
  eraseConversation(conversationId: string, shopper: ShopperKey): Promise<void>;
  /** The site's own language (`SiteConfig.locale`), for a shopper whose language is not known yet. */
  siteLocale?(siteKey: string): string | undefined;
  /**
   * The group a "talk to a person" tap with a subject (`kefu:notify.person:<subject>`, e.g. an
   * order exception) hands over to, checked against what the hub raised for this conversation's
   * shopper; undefined: the router's own choice.
   */
  personGroup?(conversation: StoredConversation, subject: string): Promise<string | undefined>;
}

/** Internal options: what the notification is (for the event log) and whether the rate may hold it back. */
export interface NotifyKind {
  kind?: string;
  urgent?: boolean;
}

/** The longest `dedupeKey` (the HTTP API declares the same limit). */
export const MAX_KEY_CHARS = 200;
const NOTIFY_KINDS: readonly string[] = ['text', 'quick_replies', 'order'];
/** Where the notice's order becomes the conversation's context: nobody but the bot has it. */
const ORDER_TAKING: readonly ConversationStatus[] = ['bot', 'closed'];
/** Rounds of read and compare-and-set before the context is left as it is (it keeps changing). */
const MAX_CONTEXT_ATTEMPTS = 5;

/**
 * Messages from the shop to a shopper who may not be chatting. Each goes into the shopper's
 * latest conversation (or a new one that waits with the bot: no agent's queue opens), so a widget
 * of theirs open on any node shows it at once (the bus carries it like any message) and one
 * opened later shows it on resume, counted as unread. A reply is an ordinary shopper message.
 * @example
 * const notifier = createNotifier({ store, clock, ids, timers, limits, freshAfterMs, conversations });
 * await notifier.notify({ siteKey: 'shop', shopperId: 'u:42' }, { kind: 'text', text: 'Your parcel left' });
 */
export function createNotifier(d: NotifierDeps) {
  const { store, clock, limits } = d;

  d.timers.handle(NOTIFY_RECORD_KIND, async (timer, now) => {
    const r = pruneRecord(timer.data as NotifyRecord, now, limits);
    await d.timers.finish(timer, isEmpty(r) ? null : { dueAt: nextExpiry(r, limits), data: r });
  });

  /** Reads, changes and writes a shopper's record with compare-and-set (any node may race). */
  function change<T>(
    shopper: ShopperKey,
    step: (r: NotifyRecord, now: number) => { next: NotifyRecord | 'keep'; result: T },
  ): Promise<T> {
    return d.timers.mutate(
      notifyRecordKey(shopper.siteKey, shopper.shopperId),
      NOTIFY_RECORD_KIND,
      (current) => {
        const now = clock.now();
        const r = pruneRecord(current ? (current.data as NotifyRecord) : null, now, limits);
        const { next, result } = step(r, now);
        if (next === 'keep') return { next: 'keep', result };
        return { next: isEmpty(next) ? null : { dueAt: nextExpiry(next, limits), data: next }, result };
      },
    );
  }

  async function localeOf(
    shopper: ShopperKey,
    latest: StoredConversation | null,
  ): Promise<string | undefined> {
    return (
      latest?.locale ??
      (await store.getShopper(shopper.siteKey, shopper.shopperId))?.locale ??
      d.siteLocale?.(shopper.siteKey)
    );
  }

  /**
   * The shopper's latest conversation, whatever its status: that is where their next hello lands
   * (a message keeps it fresh), so the notice is seen. A new one only for a shopper with none.
   */
  async function conversationFor(shopper: ShopperKey, latest: StoredConversation | null, locale?: string) {
    if (latest) return latest;
    const now = clock.now();
    const { conversation, created } = await store.openConversation(
      {
        id: d.ids('c'),
        siteKey: shopper.siteKey,
        shopperId: shopper.shopperId,
        state: openingState(),
        createdAt: now,
        ...(locale ? { locale } : {}),
      },
      now - d.freshAfterMs,
    );
    if (created) {
      d.conversations.record('conversation.created', conversation.id, { data: { site: shopper.siteKey } });
      await d.conversations.announce(conversation);
    }
    return conversation;
  }

  function refuse(
    code: ErrorCode,
    reason: NotifyRefusalReason,
    message: string,
    retryAt?: number,
  ): NotifyOutcome {
    return { ok: false, error: new NotifyRefusal(code, reason, message, retryAt) };
  }

  async function notify(
    shopper: ShopperKey,
    content: NotifyContent,
    options: NotifyOptions & NotifyKind = {},
  ): Promise<NotifyOutcome> {
    const { dedupeKey, orderId } = options;
    if (
      dedupeKey !== undefined &&
      (typeof dedupeKey !== 'string' || dedupeKey.length === 0 || dedupeKey.length > MAX_KEY_CHARS)
    )
      return refuse('invalid_frame', 'invalid', `dedupeKey must be 1–${MAX_KEY_CHARS} characters`);
    if (orderId !== undefined && !PageContext.safeParse({ orderId }).success)
      return refuse('invalid_frame', 'invalid', 'orderId is not a valid id');
    const latest = await store.findLatestConversation(shopper.siteKey, shopper.shopperId);
    const locale = await localeOf(shopper, latest);
    if (!NOTIFY_KINDS.includes(content?.kind))
      return refuse('invalid_frame', 'invalid', `a notification is ${NOTIFY_KINDS.join(', ')} content`);
    const lines = withStopButton(content, locale);
    for (const line of lines) {
      const parsed = Content.safeParse(line);
      if (!parsed.success)
        return refuse(
          'invalid_frame',
          'invalid',
          `notification content is not valid: ${parsed.error.issues[0]?.message}`,
        );
    }
    if (await d.guard.active(shopper)) return erased();
    // A cheap look first, so a refused notification does not open a conversation.
    const key = notifyRecordKey(shopper.siteKey, shopper.shopperId);
    const stored = await store.getTimer(key);
    const early = verdictOutcome(
      judge(
        pruneRecord(stored ? (stored.data as NotifyRecord) : null, clock.now(), limits),
        limits,
        dedupeKey,
        options.urgent,
      ),
    );
    if (early) return early;
    const conversation = await conversationFor(shopper, latest, locale);
    let reservedAt = 0;
    const verdict = await change<NotifyVerdict>(shopper, (r, now) => {
      const v = judge(r, limits, dedupeKey, options.urgent);
      if (v.kind !== 'send') return { next: 'keep', result: v };
      reservedAt = now;
      return { next: reserve(r, now, dedupeKey, conversation.id), result: v };
    });
    const refused = verdictOutcome(verdict);
    if (refused) return refused;
    const messages: Message[] = [];
    const bot = d.conversations.botAuthor(locale);
    try {
      for (const line of lines)
        messages.push((await d.conversations.post(conversation.id, bot, line)).message);
    } catch (error) {
      // Nothing reached the shopper: let a retry with the same key through. (Once a line is
      // stored, the key stays taken: a retry would repeat that line.)
      if (messages.length === 0)
        await change(shopper, (r) => ({ next: release(r, reservedAt, dedupeKey), result: null }));
      throw error;
    }
    if (orderId !== undefined) await takeOrder(conversation.id, orderId);
    // Written, then looked: an erasure that began meanwhile must not find the shopper back.
    if (await d.guard.active(shopper)) {
      await store.deleteTimer(key);
      await d.eraseConversation(conversation.id, shopper);
      return erased();
    }
    d.conversations.record('notification', conversation.id, {
      data: { kind: options.kind ?? 'message', ...(orderId === undefined ? {} : { orderId }) },
    });
    return { ok: true, conversationId: conversation.id, duplicate: false, messages };
  }

  /**
   * A reply is about the notice's order: the conversation's page context takes it, so the bot's
   * plug-ins and, later, the agent's order panel (lookupOrder) see it. Not while people have the
   * conversation (queued, with an agent, a ticket): the order the shopper and the agent are talking
   * about stays, and the notice names its own. Compare-and-set on the version: a page update of
   * the shopper's (or an agent taking it) between the read and the write is re-read, never undone.
   */
  async function takeOrder(conversationId: string, orderId: string): Promise<void> {
    for (let attempt = 0; attempt < MAX_CONTEXT_ATTEMPTS; attempt++) {
      const c = await store.getConversation(conversationId);
      if (!c || !ORDER_TAKING.includes(c.state.status) || c.page?.orderId === orderId) return;
      const page = { ...c.page, orderId };
      if (
        await store.updateConversation(
          conversationId,
          { page },
          { version: c.version, statuses: ORDER_TAKING },
        )
      )
        return;
    }
    // Still changing after every try: the notice itself is stored and names its order.
  }

  function erased(): NotifyOutcome {
    return refuse('forbidden', 'erased', 'this shopper is being erased');
  }

  function verdictOutcome(v: NotifyVerdict): NotifyOutcome | null {
    switch (v.kind) {
      case 'send':
        return null;
      case 'duplicate':
        return { ok: true, conversationId: v.conversationId, duplicate: true, messages: [] };
      case 'opted_out':
        return refuse('forbidden', 'opted_out', 'the shopper opted out of notifications');
      case 'rate_limited':
        return refuse(
          'rate_limited',
          'rate_limited',
          `at most ${limits.maxPerShopper} notifications per shopper in ${limits.windowMs} ms`,
          v.retryAt,
        );
    }
  }

  /** Stores the shopper's choice (it outlives restarts and applies on every node). */
  async function setOptOut(shopper: ShopperKey, optedOut: boolean): Promise<void> {
    await change(shopper, (r) => ({ next: { ...r, optedOut }, result: null }));
  }

  async function isOptedOut(shopper: ShopperKey): Promise<boolean> {
    const stored = await store.getTimer(notifyRecordKey(shopper.siteKey, shopper.shopperId));
    return stored !== null && (stored.data as NotifyRecord).optedOut;
  }

  /** The notification buttons' payloads; false for any other payload (the bot takes its turn). */
  async function handlePayload(conversationId: string, payload: string): Promise<boolean> {
    const subject = payload.startsWith(`${NOTIFY_PAYLOADS.person}:`)
      ? payload.slice(NOTIFY_PAYLOADS.person.length + 1)
      : undefined;
    if (payload !== NOTIFY_PAYLOADS.stop && payload !== NOTIFY_PAYLOADS.person && subject === undefined)
      return false;
    const c = await store.getConversation(conversationId);
    if (!c) return false;
    if (payload !== NOTIFY_PAYLOADS.stop) {
      // From the bot straight to people; elsewhere (a person has it, or it closed) the tap's text
      // ("转人工") takes the ordinary way.
      if (c.state.status !== 'bot') return false;
      // The same group as the exception's ticket: the team that owns the problem talks to them.
      const group = subject === undefined ? undefined : await d.personGroup?.(c, subject);
      await d.conversations.escalate(c, 'the shopper asked for a person after a notification', group);
      return true;
    }
    await setOptOut({ siteKey: c.siteKey, shopperId: c.shopperId }, true);
    await d.conversations.post(
      conversationId,
      { kind: 'system' },
      {
        kind: 'system',
        event: 'notice',
        text: notifyTexts(c.locale).stopped,
      },
    );
    return true;
  }

  /** The shopper's language: their latest conversation's locale, else their profile's, else the site's. */
  async function localeFor(shopper: ShopperKey): Promise<string | undefined> {
    return localeOf(shopper, await store.findLatestConversation(shopper.siteKey, shopper.shopperId));
  }

  return { notify, setOptOut, isOptedOut, handlePayload, localeFor };
}

export type Notifier = ReturnType<typeof createNotifier>;

/**
 * The lines a notification is posted as: its content with a "stop these updates" button (on
 * the same line when it has room for one, else on a line of its own).
 */
export function withStopButton(content: NotifyContent, locale: string | undefined): Content[] {
  const stop: QuickReply = { label: notifyTexts(locale).stop, payload: NOTIFY_PAYLOADS.stop };
  const alone: QuickRepliesContent = { kind: 'quick_replies', replies: [stop] };
  switch (content.kind) {
    case 'text':
      return [{ kind: 'quick_replies', text: content.text, replies: [stop] }];
    case 'quick_replies':
      return content.replies.length < LIMITS.maxQuickReplies
        ? [{ ...content, replies: [...content.replies, stop] }]
        : [content, alone];
    default:
      return [content, alone];
  }
}
