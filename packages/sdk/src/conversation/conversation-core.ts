import {
  type AlertFrame,
  type Author,
  type Content,
  type ConversationState,
  type InboxItem,
  KefuError,
  type Message,
} from '@kefu/protocol';
import { BoundedMap, CONVERSATION_CACHE_SIZE } from '../bounded-map.ts';
import { type BusEvent, channels } from '../bus/bus.ts';
import type { Emitter } from '../emitter.ts';
import type { ImageLibrary } from '../images/image-library.ts';
import { KeyedMutex } from '../keyed-mutex.ts';
import type { Dispatcher } from '../routing/dispatcher.ts';
import type { AgentProfile } from '../seams/agents.ts';
import { logPluginFailure } from '../seams/plugin-failures.ts';
import type { PluginContext } from '../seams/plugins.ts';
import type { ShopperInfo } from '../seams/shopper.ts';
import type { WebhookEventData, WebhookEventType, WebhookRecorder } from '../seams/webhook-events.ts';
import { shopperOf } from '../shopper-id.ts';
import type {
  AppendedMessage,
  ConversationExpectation,
  ConversationPatch,
  EventKind,
  EventRecord,
  StoredConversation,
} from '../store/store.ts';
import { isStoreUnavailable } from '../store/transient-failure.ts';
import type { ConversationOptions } from './conversation-options.ts';
import type { ConversationParts } from './conversation-parts.ts';
import { EventLogWriter } from './event-log-writer.ts';
import { earlierConversations, historyPage } from './history.ts';
import type { HubEvents } from './hub-events.ts';
import { buildInboxItem, type InboxItemSources } from './inbox-item.ts';
import {
  type NextState,
  planTransition,
  type SystemLine,
  type TransitionLead,
  type TransitionName,
  type TransitionOptions,
} from './lifecycle.ts';
import { MessageAppend } from './message-append.ts';
import { orderLookup } from './order-lookup.ts';
import { INBOX_STATUSES, inboxAudience, publicState } from './views.ts';
import { welcomeCandidates, welcomeInbox } from './welcome-inbox.ts';

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
  readonly shoppers = new BoundedMap<string, ShopperInfo>(CONVERSATION_CACHE_SIZE);
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
    this.messages = new MessageAppend(o, this.turns, this.webhooks, events, this);
  }

  /** The metrics' event log, written in batches behind the operations that record to it. */
  private readonly eventLog: EventLogWriter;
  /** Stores, records and announces messages (the caller holds the conversation's writes). */
  private readonly messages: MessageAppend;

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
        this.writes.run(conversationId, () => this.messages.add(conversationId, author, image, options)),
      );
    return this.writes.run(conversationId, () => this.messages.add(conversationId, author, content, options));
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
        stored.push(await this.messages.add(conversationId, author, content, options));
      }
      return stored;
    });
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
    return this.transition(id, patch, expect, line, options.lead);
  }

  /** Changes the conversation's state if `expect` holds, then tells everyone (and posts a system line). */
  private transition(
    id: string,
    patch: ConversationPatch & { state: ConversationState },
    expect: ConversationExpectation,
    systemLine?: SystemLine,
    lead?: TransitionLead,
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
      if (lead) await this.postLead(id, lead);
      if (systemLine) await this.messages.add(id, { kind: 'system' }, systemLine, {});
      // An append announces inbox items, but not their removal.
      if (!systemLine || !INBOX_STATUSES.includes(updated.state.status)) await this.publishInbox(updated);
      return updated;
    });
  }

  /**
   * A transition's lead, in its writes' turn. A failure to post it is the lead's to handle
   * (`failed`): the change is stored and told already, and its system line and inbox still follow.
   */
  private async postLead(id: string, lead: TransitionLead): Promise<void> {
    const stored: AppendedMessage[] = [];
    try {
      for (const { content, clientMsgId } of lead.posts)
        stored.push(await this.messages.add(id, lead.author, content, { clientMsgId }));
    } catch (error) {
      lead.failed(error);
      return;
    }
    lead.stored?.(stored);
  }

  /** A page of messages before `before` (oldest first), as the `history.page` answer. */
  historyPage(conversationId: string, before: number, limit = 50, re?: string) {
    return historyPage(this.o.store, conversationId, before, limit, re);
  }

  /** A page of the shopper's other conversations on this site, newest first, for the agent's profile view. */
  earlierConversations(c: StoredConversation, viewer: AgentProfile, before?: number) {
    return earlierConversations(this.o.store, c, viewer, before);
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

  /**
   * The agent's inbox as their welcome lists it (welcome-inbox.ts: the waiting ones bounded); `seen`
   * learns the version each conversation was read at (to drop older events).
   */
  async inboxFor(
    agent: AgentProfile,
    seen?: (conversationId: string, version: number) => void,
  ): Promise<InboxItem[]> {
    const list = await welcomeCandidates(this.o.store, this.dispatcher, agent);
    if (seen) for (const c of list) seen(c.id, c.version);
    return Promise.all(welcomeInbox(list, agent).map((c) => this.inboxItem(c)));
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
      lookupOrder: orderLookup(this.o, conversation, shopper, this),
    };
    if (conversation.page) ctx.page = conversation.page;
    if (conversation.locale) ctx.locale = conversation.locale;
    return ctx;
  }

  pluginFailed(plugin: string, error: KefuError, conversationId: string): void {
    logPluginFailure(this.o.logger, plugin, error, conversationId);
    this.events.emit('error', { code: error.code, message: error.message, conversationId, plugin });
  }

  fault(what: string, error: unknown, conversationId?: string): void {
    const message = error instanceof Error ? error.message : String(error);
    const unavailable = isStoreUnavailable(error) ? { unavailable: true as const } : {};
    this.o.logger.log('error', 'hub.fault', {
      what,
      conversation: conversationId,
      error: message,
      ...unavailable,
    });
    this.events.emit('error', {
      code: 'internal',
      message: `${what}: ${message}`,
      ...(conversationId ? { conversationId } : {}),
      ...unavailable,
    });
  }

  /** Appends to the event log the metrics are computed from. Never fails the operation that records it. */
  record(
    kind: EventKind,
    conversationId: string,
    extra: { agentId?: string | undefined; group?: string | undefined; data?: EventRecord['data'] } = {},
  ): void {
    const id = this.o.ids('e');
    const at = this.o.clock.now();
    // The common records (data alone: a message, a bot answer) made whole in one literal: a field
    // added after it goes to a property array of its own (40 bytes), kept as long as the event.
    if (extra.data && !extra.agentId && !extra.group) {
      this.eventLog.add({ id, at, kind, conversationId, data: extra.data });
      return;
    }
    const event: EventRecord = { id, at, kind, conversationId };
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
