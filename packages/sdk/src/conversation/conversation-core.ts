import {
  type AlertFrame,
  type Author,
  type Content,
  type ConversationState,
  type InboxItem,
  KefuError,
  type Message,
  PROTOCOL_VERSION,
} from '@kefu/protocol';
import { BoundedMap, CONVERSATION_CACHE_SIZE } from '../bounded-map.ts';
import { type BusEvent, channels, DELIVERED } from '../bus/bus.ts';
import type { Emitter } from '../emitter.ts';
import type { ImageLibrary } from '../images/image-library.ts';
import { KeyedMutex } from '../keyed-mutex.ts';
import { answersNotice } from '../proactive/notice-reply.ts';
import type { Dispatcher } from '../routing/dispatcher.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { PluginContext, RoutePlugin } from '../seams/plugins.ts';
import type { ShopperInfo } from '../seams/shopper.ts';
import type { WebhookEventData, WebhookEventType, WebhookRecorder } from '../seams/webhook-events.ts';
import { shopperOf } from '../shopper-id.ts';
import type {
  AppendedMessage,
  ConversationExpectation,
  ConversationPatch,
  EventKind,
  EventRecord,
  NewMessage,
  StoredConversation,
} from '../store/store.ts';
import type { Assistant } from './assistant.ts';
import type { ConversationOptions } from './conversation-options.ts';
import { EventLogWriter } from './event-log-writer.ts';
import type { HubEvents } from './hub-events.ts';
import { buildInboxItem, type InboxItemSources } from './inbox-item.ts';
import {
  type NextState,
  planTransition,
  type SystemLine,
  type TransitionName,
  type TransitionOptions,
} from './lifecycle.ts';
import { orderLookup } from './order-lookup.ts';
import { INBOX_STATUSES, inboxAudience, mayAgent, preview, publicState, reaches } from './views.ts';

/** What the conversation service is built on, made before it by the composition root. */
export interface ConversationParts {
  dispatcher: Dispatcher;
  /** Who has the chat open, cluster-wide. */
  presence: { online(conversationId: string): boolean };
  /** The router: the merchant's, or the default one built on this hub's agent directory. */
  route: RoutePlugin;
  /** Agent assist: knowledge-base and canned-reply suggestions. */
  assistant: Assistant;
  /** The webhook outbox. */
  webhooks: WebhookRecorder;
  /**
   * Quick-reply payloads the hub answers itself (a notification's "stop these updates"): true
   * when handled, and then the bot does not take a turn on the tap.
   */
  payloads?: PayloadHandler;
  /** The hub's photos, when it takes them (`images` option). */
  images?: ImageLibrary;
}

/** Handles a tapped quick reply's payload in a conversation; false leaves it to the bot. */
export type PayloadHandler = (conversationId: string, payload: string) => Promise<boolean>;

/**
 * What every conversation operation is built from: writing messages and state in seq order per
 * conversation, publishing them on the bus, and the views clients get (public state, inbox items).
 */
export class ConversationCore {
  /**
   * Serialises the writes of one conversation so its events are published in seq order. Keyed by
   * random conversation ids, written on every message: idle lanes are kept (see KeyedMutex).
   */
  protected readonly writes = new KeyedMutex({ keepIdle: IDLE_LANES });
  /** Serialises bot turns per conversation: answers come in the order of the questions. */
  protected readonly turns = new KeyedMutex({ keepIdle: IDLE_LANES });
  /**
   * Shoppers as their session identified them, for plug-in contexts: a bounded cache (a
   * conversation it forgot falls back to the stored shopper id, unidentified).
   */
  protected readonly shoppers = new BoundedMap<string, ShopperInfo>(CONVERSATION_CACHE_SIZE);
  /** Routing: queues, agents, and the promises (SLA, tickets) behind each conversation. */
  readonly dispatcher: Dispatcher;
  /** Who has the chat open, cluster-wide. */
  readonly presence: ConversationParts['presence'];
  readonly webhooks: WebhookRecorder;
  readonly images: ImageLibrary | undefined;

  constructor(
    readonly o: ConversationOptions,
    readonly events: Emitter<HubEvents>,
    parts: ConversationParts,
  ) {
    this.dispatcher = parts.dispatcher;
    this.presence = parts.presence;
    this.webhooks = parts.webhooks;
    this.images = parts.images;
    this.eventLog = new EventLogWriter(
      o.store,
      (error, conversationId) => this.fault('event log', error, conversationId),
      { clock: o.clock },
    );
    this.inboxSources = {
      store: o.store,
      publicState: (c) => this.publicState(c),
      online: (id) => this.presence.online(id),
      slaOf: (id) => this.dispatcher.slaOf(id),
    };
  }

  /** The metrics' event log, written in batches behind the operations that record to it. */
  private readonly eventLog: EventLogWriter;

  /**
   * Stores a webhook event in the outbox before the operation that caused it reports back, so
   * an event whose cause was acknowledged is delivered even if this node dies right after. The
   * data is only built when a subscription wants the type. A failed write is reported, not
   * thrown: what the person did is already stored.
   */
  async notify<T extends WebhookEventType>(type: T, data: () => WebhookEventData[T]): Promise<void> {
    if (!this.webhooks.wants(type)) return;
    try {
      await this.webhooks.record(type, data());
    } catch (error) {
      this.fault('webhook outbox', error);
    }
  }

  async requireConversation(id: string): Promise<StoredConversation> {
    const c = await this.o.store.getConversation(id);
    if (!c) throw new KefuError('not_found', `conversation ${id} does not exist`);
    return c;
  }

  /** Stores a message and publishes it, in seq order per conversation. */
  post(
    conversationId: string,
    author: Author,
    content: Content,
    options: { clientMsgId?: string; expect?: ConversationExpectation } = {},
  ) {
    // An image is stored as the upload route took it in, for this conversation: only its id and
    // caption come from the sender.
    if (content.kind === 'image')
      return (
        this.images?.resolve(conversationId, content) ??
        Promise.reject(new KefuError('not_found', 'this hub takes no images'))
      ).then((image) =>
        this.writes.run(conversationId, () => this.postUnlocked(conversationId, author, image, options)),
      );
    return this.writes.run(conversationId, () => this.postUnlocked(conversationId, author, content, options));
  }

  /**
   * Stores `posts` of one author one after the other in one turn of the conversation's writes, so
   * nothing another writer posts meanwhile (the shopper's next question) lands between them: a bot
   * answer's parts stay together. Each is stored as {@link post} stores it; a refusal (a `conflict`
   * when `expect` no longer holds) ends the run there and rejects, the parts stored before it stay.
   */
  postTogether(
    conversationId: string,
    author: Author,
    posts: readonly { content: Content; clientMsgId?: string }[],
    expect?: ConversationExpectation,
  ): Promise<AppendedMessage[]> {
    return this.writes.run(conversationId, async () => {
      const stored: AppendedMessage[] = [];
      for (const { content, clientMsgId } of posts) {
        const options: { clientMsgId?: string; expect?: ConversationExpectation } = {};
        if (clientMsgId !== undefined) options.clientMsgId = clientMsgId;
        if (expect) options.expect = expect;
        stored.push(await this.postUnlocked(conversationId, author, content, options));
      }
      return stored;
    });
  }

  /**
   * A promise chain, not an async function: every message takes it twice (the shopper's and the
   * bot's), and the common one (no webhook for it, delivered on the in-process bus, not in an
   * inbox) is done once stored, without a turn or an object more.
   */
  protected postUnlocked(
    conversationId: string,
    author: Author,
    content: Content,
    options: { clientMsgId?: string; expect?: ConversationExpectation },
  ): Promise<AppendedMessage> {
    // Objects built field by field on this path: a conditional spread makes a throwaway object
    // for each optional field.
    const input: NewMessage = {
      id: this.o.ids('m'),
      conversationId,
      author,
      content,
      createdAt: this.o.clock.now(),
    };
    if (options.clientMsgId !== undefined) input.clientMsgId = options.clientMsgId;
    return this.o.store
      .appendMessage(input, options.expect)
      .then((result) => this.appended(conversationId, author, content, result));
  }

  /** What follows a message's append: its record, then everyone told (see {@link postUnlocked}). */
  private appended(
    conversationId: string,
    author: Author,
    content: Content,
    result: AppendedMessage,
  ): AppendedMessage | Promise<AppendedMessage> {
    // The conversation as the append left it saves a read per message, unless a bot turn of it is
    // under way: the turn changes it (a hand-over, failed turns), so whoever needs it reads it.
    // Nothing else on this node changes it meanwhile (writes hold `writes`); another node's change
    // meets the expectations of what is written from it, as it would after a read.
    if (result.conversation && this.turns.busy(conversationId)) result.conversation = undefined;
    if (result.duplicate) return result;
    // `image`: what the photo metrics count (share of conversations with one); `noticeTap`: a
    // tap on a notice's own button, which the contacts-after-a-notification metric leaves out.
    const data: NonNullable<EventRecord['data']> = { authorKind: author.kind, seq: result.message.seq };
    if (content.kind === 'image') data.image = true;
    if (answersNotice(content)) data.noticeTap = true;
    this.record('message', conversationId, {
      agentId: author.kind === 'agent' ? author.id : undefined,
      data,
    });
    // Checked here, not in notify: the message path pays no call when nobody subscribed.
    if (this.webhooks.wants('message.created')) return this.announceAfterWebhook(conversationId, result);
    // Delivered already on the in-process bus: waiting for it would cost a turn and its objects.
    const published = this.publishMessage(conversationId, result);
    if (published !== DELIVERED) return published.then(() => this.announced(conversationId, result));
    return this.announced(conversationId, result);
  }

  private async announceAfterWebhook(
    conversationId: string,
    result: AppendedMessage,
  ): Promise<AppendedMessage> {
    await this.notify('message.created', () => ({ conversationId, message: result.message }));
    const published = this.publishMessage(conversationId, result);
    if (published !== DELIVERED) await published;
    return this.announced(conversationId, result);
  }

  private publishMessage(conversationId: string, result: AppendedMessage): Promise<void> {
    return this.publish(conversationId, { kind: 'message', conversationId, message: result.message });
  }

  /** The message's listeners, then (for a conversation in agents' inboxes) its inbox line. */
  private announced(
    conversationId: string,
    result: AppendedMessage,
  ): AppendedMessage | Promise<AppendedMessage> {
    if (this.events.listenerCount('message') > 0)
      this.events.emit('message', { conversationId, message: result.message });
    // Only conversations in agents' inboxes need the read that refreshes their inbox line.
    return INBOX_STATUSES.includes(result.status) ? this.refreshInboxLine(conversationId, result) : result;
  }

  private async refreshInboxLine(conversationId: string, result: AppendedMessage): Promise<AppendedMessage> {
    const c = result.conversation ?? (await this.o.store.getConversation(conversationId));
    if (c) await this.publishInbox(c, result.message);
    return result;
  }

  /**
   * Changes the conversation's status by the lifecycle table (the only way a status changes),
   * then tells everyone and posts the table's system line. Null when the table's expectation
   * did not hold (the conversation changed meanwhile).
   */
  move(
    name: TransitionName,
    id: string,
    next: NextState,
    options: TransitionOptions = {},
  ): Promise<StoredConversation | null> {
    const { patch, expect, line } = planTransition(name, next, options);
    return this.transition(id, patch, expect, line);
  }

  /** Changes the conversation's state if `expect` holds, then tells everyone (and posts a system line). */
  private transition(
    id: string,
    patch: ConversationPatch & { state: ConversationState },
    expect: ConversationExpectation,
    systemLine?: SystemLine,
  ): Promise<StoredConversation | null> {
    return this.writes.run(id, async () => {
      const updated = await this.o.store.updateConversation(
        id,
        { ...patch, updatedAt: this.o.clock.now() },
        expect,
      );
      if (!updated) return null;
      await this.publishState(updated);
      this.events.emit('state', { conversationId: id, state: updated.state });
      if (systemLine) await this.postUnlocked(id, { kind: 'system' }, systemLine, {});
      // postUnlocked announces inbox items, but not their removal.
      if (!systemLine || !INBOX_STATUSES.includes(updated.state.status)) await this.publishInbox(updated);
      return updated;
    });
  }

  /** A page of messages before `before` (oldest first), as the `history.page` answer. */
  async historyPage(conversationId: string, before: number, limit = 50, re?: string) {
    // One more than asked tells whether older messages remain.
    const messages = await this.o.store.listMessages(conversationId, { beforeSeq: before, limit: limit + 1 });
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
  async earlierConversations(c: StoredConversation, viewer: AgentProfile) {
    const all = await this.o.store.listConversations({ siteKey: c.siteKey, shopperId: c.shopperId });
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
          x.lastSeq > 0 ? await this.o.store.listMessages(x.id, { beforeSeq: x.lastSeq + 1, limit: 1 }) : [];
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

  /** Re-publishes the state (e.g. a new queue position, a ticket update) without changing the status. */
  async republish(id: string, patch?: (state: ConversationState) => ConversationState): Promise<void> {
    await this.writes.run(id, async () => {
      let c = await this.o.store.getConversation(id);
      if (!c) return;
      if (patch) c = (await this.o.store.updateConversation(id, { state: patch(c.state) })) ?? c;
      await this.publishState(c);
      if (INBOX_STATUSES.includes(c.state.status)) await this.publishInbox(c);
    });
  }

  /** Tells everyone the conversation's state, with the version it was read at (see ConversationFeed). */
  private publishState(c: StoredConversation): Promise<void> {
    return this.publish(c.id, {
      kind: 'state',
      conversationId: c.id,
      state: this.publicState(c),
      version: c.version,
    });
  }

  /** The state as a client sees it: with the live queue position and estimated wait while queued. */
  publicState(c: StoredConversation): ConversationState {
    return publicState(c, c.state.status === 'queued' ? this.dispatcher.waitOf(c) : undefined);
  }

  /** The agent's inbox; `seen` learns the version each conversation was read at (to drop older events). */
  async inboxFor(
    agent: AgentProfile,
    seen?: (conversationId: string, version: number) => void,
  ): Promise<InboxItem[]> {
    const list = await this.o.store.listConversations({ statuses: INBOX_STATUSES });
    if (seen) for (const c of list) seen(c.id, c.version);
    const visible = list.filter((c) => reaches(agent, inboxAudience(c)));
    return Promise.all(visible.map((c) => this.inboxItem(c)));
  }

  inboxItem(c: StoredConversation, last?: Message): Promise<InboxItem> {
    return buildInboxItem(this.inboxSources, c, last);
  }

  private readonly inboxSources: InboxItemSources;

  /** Refreshes a conversation's inbox line for every agent who sees it (or its removal). */
  async republishInbox(conversationId: string): Promise<void> {
    const c = await this.o.store.getConversation(conversationId);
    if (c) await this.publishInbox(c);
  }

  async publishInbox(c: StoredConversation, last?: Message): Promise<void> {
    const event: BusEvent = INBOX_STATUSES.includes(c.state.status)
      ? {
          kind: 'inbox',
          item: await this.inboxItem(c, last),
          visibleTo: inboxAudience(c),
          version: c.version,
        }
      : { kind: 'inbox', removed: c.id, version: c.version };
    await this.o.bus.publish(channels.inbox, event);
  }

  alert(alert: Omit<AlertFrame, 'v' | 'type'>, audience: { agentId?: string; group?: string }): void {
    void this.o.bus
      .publish(channels.alerts, { kind: 'alert', alert, audience })
      .catch((e) => this.fault('alert', e));
  }

  publish(conversationId: string, event: BusEvent): Promise<void> {
    return this.o.bus.publish(channels.conversation(conversationId), event);
  }

  pluginContext(conversation: StoredConversation): Omit<PluginContext, 'signal'> {
    const shopper = this.shoppers.get(conversation.id) ?? shopperOf(conversation.shopperId);
    const ctx: Omit<PluginContext, 'signal'> = {
      conversation,
      shopper,
      policy: this.o.policy,
      lookupOrder: orderLookup(this.o, conversation, shopper, (error) =>
        this.pluginFailed('lookupOrder', error, conversation.id),
      ),
    };
    if (conversation.page) ctx.page = conversation.page;
    if (conversation.locale) ctx.locale = conversation.locale;
    return ctx;
  }

  pluginFailed(plugin: string, error: KefuError, conversationId: string): void {
    this.o.logger.log('warn', 'plugin.failed', {
      plugin,
      code: error.code,
      conversation: conversationId,
      error: error.message,
    });
    this.events.emit('error', { code: error.code, message: error.message, conversationId, plugin });
  }

  fault(what: string, error: unknown, conversationId?: string): void {
    const message = error instanceof Error ? error.message : String(error);
    this.o.logger.log('error', 'hub.fault', { what, conversation: conversationId, error: message });
    this.events.emit('error', {
      code: 'internal',
      message: `${what}: ${message}`,
      ...(conversationId ? { conversationId } : {}),
    });
  }

  /** Appends to the event log the metrics are computed from. Never fails the operation that records it. */
  record(
    kind: EventKind,
    conversationId: string,
    extra: { agentId?: string | undefined; group?: string | undefined; data?: EventRecord['data'] } = {},
  ): void {
    const event: EventRecord = { id: this.o.ids('e'), at: this.o.clock.now(), kind, conversationId };
    if (extra.agentId) event.agentId = extra.agentId;
    if (extra.group) event.group = extra.group;
    if (extra.data) event.data = extra.data;
    this.eventLog.add(event);
  }

  /** Resolves when every event recorded so far is stored, or a try to store them failed (see EventLogWriter). */
  flushEvents(): Promise<void> {
    return this.eventLog.flushed();
  }

  /**
   * Writes the event log once more, then stops it (what is still unwritten is reported dropped):
   * a closing hub's last step before its store, so every event its shutdown recorded is in it.
   */
  closeEventLog(): Promise<void> {
    return this.eventLog.close();
  }

  /** Resolves when no write is in flight (for a graceful close). */
  async idleWrites(): Promise<void> {
    await this.writes.idle();
  }
}

/** Idle per-conversation lanes a busy hub's mutexes keep before sweeping them out together. */
export const IDLE_LANES = 1024;
