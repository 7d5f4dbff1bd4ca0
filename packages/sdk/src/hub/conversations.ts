import {
  type AgentContent,
  type Author,
  type Content,
  type ConversationState,
  type ConversationStatus,
  type InboxItem,
  KefuError,
  type Message,
  type Note,
  type PageContext,
  type ShopperContent,
  type ShopperProfile,
} from '@kefu/protocol';
import { type BusEvent, channels } from '../bus/bus.ts';
import type { Emitter } from '../emitter.ts';
import type { ConversationExpectation, ConversationPatch, StoredConversation } from '../store/store.ts';
import type { HubEvents } from './hub-events.ts';
import type { ResolvedHubOptions } from './hub-options.ts';
import { textsFor } from './hub-texts.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import {
  type AgentProfile,
  type BotAnswer,
  type PluginContext,
  runPlugin,
  type ShopperInfo,
  type Understanding,
} from './plugins.ts';

/** Statuses in which a conversation shows in agents' inboxes. */
export const INBOX_STATUSES: readonly ConversationStatus[] = ['queued', 'assigned', 'pending', 'ticket'];
/** An answer under this confidence counts as a failed bot turn. */
const MIN_CONFIDENCE = 0.5;

export type TransferTarget = { agentId: string } | { group: string };

/**
 * The hub's business: storing messages in order, the bot's turn, escalation, queueing and the
 * agent actions. Knows nothing about sockets; sessions call it and listen on the bus.
 */
export class Conversations {
  /** Serialises the writes of one conversation so its events are published in seq order. */
  private readonly writes = new KeyedMutex();
  /** Serialises bot turns per conversation: answers come in the order of the questions. */
  private readonly turns = new KeyedMutex();
  private readonly shoppers = new Map<string, ShopperInfo>();
  private readonly queuePositions = new Map<string, number>();

  constructor(
    private readonly o: ResolvedHubOptions,
    private readonly events: Emitter<HubEvents>,
    /** Online agents by id (this node's view), for transfers. */
    private readonly findAgent: (id: string) => AgentProfile | undefined,
  ) {}

  // ── shopper side ──────────────────────────────────────────────────────────

  /**
   * The conversation a shopper's hello lands in: the one they resume (if it is theirs), else
   * their latest, else a new one with the bot's greeting.
   */
  async open(input: {
    siteKey: string;
    shopper: ShopperInfo;
    resumeId?: string;
    page?: PageContext;
    locale?: string;
  }): Promise<{ conversation: StoredConversation; resumeDenied: boolean }> {
    const { store, clock } = this.o;
    const { siteKey, shopper } = input;
    let resumeDenied = false;
    let conversation: StoredConversation | null = null;
    if (input.resumeId) {
      const found = await store.getConversation(input.resumeId);
      if (found && (found.siteKey !== siteKey || found.shopperId !== shopper.id)) resumeDenied = true;
      else conversation = found;
    }
    conversation ??= await store.findLatestConversation(siteKey, shopper.id);
    const profile: ShopperProfile = { id: shopper.id, identified: shopper.identified };
    if (shopper.name !== undefined) profile.name = shopper.name;
    if (shopper.email !== undefined) profile.email = shopper.email;
    if (shopper.tier !== undefined) profile.tier = shopper.tier;
    if (input.locale !== undefined) profile.locale = input.locale;
    await store.upsertShopper({ ...profile, siteKey }, clock.now());
    if (!conversation) {
      const created = await store.createConversation({
        id: this.o.ids('c'),
        siteKey,
        shopperId: shopper.id,
        state: { status: 'bot' },
        createdAt: clock.now(),
        ...(input.page ? { page: input.page } : {}),
        ...(input.locale ? { locale: input.locale } : {}),
      });
      this.shoppers.set(created.id, shopper);
      this.o.logger.log('info', 'conversation.created', { conversation: created.id, site: siteKey });
      await this.post(created.id, this.botAuthor(), { kind: 'text', text: textsFor(input.locale).greeting });
      conversation = (await store.getConversation(created.id)) ?? created;
    } else {
      this.shoppers.set(conversation.id, shopper);
      const patch: ConversationPatch = {};
      if (input.page) patch.page = input.page;
      if (input.locale) patch.locale = input.locale;
      if (Object.keys(patch).length > 0)
        conversation = (await store.updateConversation(conversation.id, patch)) ?? conversation;
    }
    return { conversation, resumeDenied };
  }

  /** Stores a shopper's message (once per clientMsgId) and lets the bot take its turn. */
  async shopperSend(
    conversationId: string,
    shopper: ShopperInfo,
    clientMsgId: string,
    content: ShopperContent,
  ) {
    const author: Author = { kind: 'shopper', id: shopper.id };
    const result = await this.post(conversationId, author, content, { clientMsgId });
    if (!result.duplicate) {
      void this.turns
        .run(conversationId, () => this.botTurn(conversationId, result.message))
        .catch((error) => this.fault('bot turn failed', error, conversationId));
    }
    return result;
  }

  async updatePage(conversationId: string, page: PageContext): Promise<void> {
    await this.o.store.updateConversation(conversationId, { page });
  }

  async markRead(conversationId: string, by: 'shopper' | 'agent', seq: number): Promise<void> {
    await this.writes.run(conversationId, async () => {
      const c = await this.o.store.getConversation(conversationId);
      if (!c) throw new KefuError('not_found', `conversation ${conversationId} does not exist`);
      const field = by === 'shopper' ? 'shopperReadSeq' : 'agentReadSeq';
      const next = Math.min(seq, c.lastSeq);
      if (next <= c[field]) return;
      await this.o.store.updateConversation(conversationId, { [field]: next });
      await this.publish(conversationId, { kind: 'read', conversationId, by, seq: next });
    });
  }

  async typing(
    conversationId: string,
    author: { kind: 'shopper' | 'agent' | 'bot'; name?: string },
    on: boolean,
  ) {
    await this.publish(conversationId, { kind: 'typing', conversationId, author, on });
  }

  // ── the bot's turn ────────────────────────────────────────────────────────

  private async botTurn(conversationId: string, message: Message): Promise<void> {
    const { store } = this.o;
    let conversation = await store.getConversation(conversationId);
    if (!conversation) return;
    if (conversation.state.status === 'closed') {
      conversation = await this.transition(
        conversationId,
        { state: { status: 'bot', reason: 'the shopper wrote again' }, failedBotTurns: 0 },
        { statuses: ['closed'] },
      );
      if (!conversation) return;
    }
    // Once a person owns the conversation (or it waits for one), the bot stays silent.
    if (conversation.state.status !== 'bot' || message.content.kind !== 'text') return;
    const text = message.content.text;
    const ctx = this.pluginContext(conversation);
    let understanding: Understanding | undefined;
    if (this.o.understand) {
      const understand = this.o.understand;
      const result = await runPlugin('understand', this.o.pluginTimeoutMs, this.o.clock, (signal) =>
        understand(text, { ...ctx, signal }),
      );
      if (result.ok) understanding = result.value;
      else this.pluginFailed('understand', result.error, conversationId);
    }
    const question = {
      text,
      failedBotTurns: conversation.failedBotTurns,
      ...(message.content.payload === undefined ? {} : { payload: message.content.payload }),
      ...(understanding ? { understanding } : {}),
    };
    const answered = await runPlugin('answer', this.o.pluginTimeoutMs, this.o.clock, (signal) =>
      this.o.answer(question, { ...ctx, signal }),
    );
    let answer: BotAnswer | null = null;
    if (answered.ok) answer = answered.value;
    else {
      this.pluginFailed('answer', answered.error, conversationId);
      await this.postIfBot(conversationId, {
        kind: 'system',
        event: 'bot_unavailable',
        text: textsFor(conversation.locale).botUnavailable,
      });
    }
    for (const content of answer?.content ?? []) {
      if (!(await this.postIfBot(conversationId, content))) return;
    }
    const confident = answer !== null && !answer.handoff && (answer.confidence ?? 1) >= MIN_CONFIDENCE;
    const failedBotTurns = confident ? 0 : conversation.failedBotTurns + 1;
    const decided = await runPlugin('shouldEscalate', this.o.pluginTimeoutMs, this.o.clock, (signal) =>
      this.o.shouldEscalate(
        { text, answer, failedBotTurns, ...(understanding ? { understanding } : {}) },
        { ...ctx, signal },
      ),
    );
    if (!decided.ok) this.pluginFailed('shouldEscalate', decided.error, conversationId);
    const decision = decided.ok
      ? decided.value
      : { escalate: true as const, reason: 'the escalation rules failed' };
    const updated = await store.updateConversation(conversationId, { failedBotTurns }, { statuses: ['bot'] });
    if (updated && decision.escalate) {
      await this.escalate(updated, decision.reason, decision.priority, understanding);
    }
  }

  /** Posts bot content unless a person has taken over meanwhile; false when it was not posted. */
  private async postIfBot(conversationId: string, content: Content): Promise<boolean> {
    try {
      await this.post(
        conversationId,
        content.kind === 'system' ? { kind: 'system' } : this.botAuthor(),
        content,
        {
          expect: { statuses: ['bot'] },
        },
      );
      return true;
    } catch (error) {
      if (error instanceof KefuError && error.code === 'conflict') return false;
      throw error;
    }
  }

  /** Hands the conversation to people: the router picks the group, then it waits in the queue. */
  async escalate(
    conversation: StoredConversation,
    reason: string,
    priority?: number,
    understanding?: Understanding,
  ) {
    const ctx = this.pluginContext(conversation);
    const routed = await runPlugin('route', this.o.pluginTimeoutMs, this.o.clock, (signal) =>
      this.o.route(
        {
          reason,
          ...(priority === undefined ? {} : { priority }),
          ...(understanding ? { understanding } : {}),
        },
        { ...ctx, signal },
      ),
    );
    if (!routed.ok) this.pluginFailed('route', routed.error, conversation.id);
    const route = routed.ok ? routed.value : { group: 'default', priority: priority ?? 0, reason };
    const finalPriority = route.priority ?? priority ?? 0;
    const updated = await this.transition(
      conversation.id,
      {
        state: { status: 'queued', group: route.group, reason },
        priority: finalPriority,
        queuedAt: this.o.clock.now(),
      },
      { statuses: ['bot', 'pending'] },
      { kind: 'system', event: 'queued', text: textsFor(conversation.locale).queued },
    );
    if (!updated) return;
    this.o.logger.log('info', 'conversation.escalated', {
      conversation: conversation.id,
      group: route.group,
      priority: finalPriority,
    });
    this.events.emit('escalated', {
      conversationId: conversation.id,
      reason,
      group: route.group,
      priority: finalPriority,
    });
    await this.refreshQueue(route.group);
  }

  // ── agent side ────────────────────────────────────────────────────────────

  /** Takes a conversation. Atomic: of two agents accepting at once, exactly one wins. */
  async accept(agent: AgentProfile, conversationId: string): Promise<StoredConversation> {
    const { store } = this.o;
    const conversation = await this.requireConversation(conversationId);
    if (!this.canSee(agent, conversation))
      throw new KefuError('forbidden', `conversation ${conversationId} is not in your groups`);
    if (conversation.state.status === 'assigned' && conversation.state.agent?.id === agent.id)
      return conversation;
    const mine = await store.listConversations({ statuses: ['assigned'], agentId: agent.id });
    const capacity = agent.capacity ?? 5;
    if (mine.length >= capacity)
      throw new KefuError('conflict', `you already have ${capacity} conversations (your capacity)`);
    const updated = await this.transition(
      conversationId,
      {
        state: {
          status: 'assigned',
          ...(conversation.state.group ? { group: conversation.state.group } : {}),
          agent: agentRef(agent),
        },
        failedBotTurns: 0,
      },
      { statuses: ['bot', 'queued', 'pending'] },
      {
        kind: 'system',
        event: 'agent_joined',
        agentName: agent.name,
        text: textsFor(conversation.locale).agentJoined(agent.name),
      },
    );
    if (!updated) throw new KefuError('conflict', `conversation ${conversationId} was taken by someone else`);
    this.o.logger.log('info', 'conversation.assigned', { conversation: conversationId, agent: agent.id });
    if (conversation.state.status === 'queued' && conversation.state.group)
      await this.refreshQueue(conversation.state.group);
    return updated;
  }

  async agentSend(agent: AgentProfile, conversationId: string, clientMsgId: string, content: AgentContent) {
    const author: Author = {
      kind: 'agent',
      id: agent.id,
      name: agent.name,
      ...(agent.avatar ? { avatar: agent.avatar } : {}),
    };
    try {
      return await this.post(conversationId, author, content, {
        clientMsgId: `a:${agent.id}:${clientMsgId}`.slice(0, 64),
        expect: { statuses: ['assigned', 'pending'], agentId: agent.id },
      });
    } catch (error) {
      if (error instanceof KefuError && error.code === 'conflict')
        throw new KefuError(
          'conflict',
          `conversation ${conversationId} is not assigned to you; accept it first`,
        );
      throw error;
    }
  }

  async note(agent: AgentProfile, conversationId: string, clientMsgId: string, text: string): Promise<Note> {
    const conversation = await this.requireConversation(conversationId);
    if (!this.canSee(agent, conversation))
      throw new KefuError('forbidden', `conversation ${conversationId} is not yours`);
    const { note, duplicate } = await this.o.store.appendNote({
      id: this.o.ids('n'),
      conversationId,
      clientMsgId,
      author: { id: agent.id, name: agent.name },
      text,
      createdAt: this.o.clock.now(),
    });
    if (!duplicate)
      await this.o.bus.publish(channels.notes(conversationId), { kind: 'note', conversationId, note });
    return note;
  }

  async transfer(
    agent: AgentProfile,
    conversationId: string,
    to: TransferTarget,
    note?: string,
  ): Promise<void> {
    const conversation = await this.requireConversation(conversationId);
    this.requireOwner(agent, conversation);
    const texts = textsFor(conversation.locale);
    if ('agentId' in to) {
      const target = this.findAgent(to.agentId);
      if (!target) throw new KefuError('not_found', `agent ${to.agentId} is not online`);
      const updated = await this.transition(
        conversationId,
        {
          state: {
            ...conversation.state,
            status: 'assigned',
            agent: agentRef(target),
            reason: `transferred by ${agent.name}`,
          },
        },
        { statuses: ['assigned', 'pending'], agentId: conversation.state.agent?.id ?? null },
        {
          kind: 'system',
          event: 'transferred',
          agentName: target.name,
          text: texts.transferred(target.name),
        },
      );
      if (!updated) throw new KefuError('conflict', `conversation ${conversationId} changed meanwhile`);
    } else {
      const updated = await this.transition(
        conversationId,
        {
          state: { status: 'queued', group: to.group, reason: `transferred by ${agent.name}` },
          queuedAt: this.o.clock.now(),
        },
        { statuses: ['assigned', 'pending'], agentId: conversation.state.agent?.id ?? null },
        { kind: 'system', event: 'transferred', text: texts.transferred(to.group) },
      );
      if (!updated) throw new KefuError('conflict', `conversation ${conversationId} changed meanwhile`);
      await this.refreshQueue(to.group);
    }
    if (note) await this.note(agent, conversationId, this.o.ids('t'), note);
  }

  async handback(agent: AgentProfile, conversationId: string): Promise<void> {
    const conversation = await this.requireConversation(conversationId);
    this.requireOwner(agent, conversation);
    const name = conversation.state.agent?.name ?? agent.name;
    const updated = await this.transition(
      conversationId,
      { state: { status: 'bot', reason: `handed back by ${agent.name}` }, failedBotTurns: 0 },
      { statuses: ['assigned', 'pending'], agentId: conversation.state.agent?.id ?? null },
      {
        kind: 'system',
        event: 'agent_left',
        agentName: name,
        text: textsFor(conversation.locale).agentLeft(name),
      },
    );
    if (!updated) throw new KefuError('conflict', `conversation ${conversationId} changed meanwhile`);
  }

  async close(agent: AgentProfile, conversationId: string, resolution?: string): Promise<void> {
    const conversation = await this.requireConversation(conversationId);
    if (conversation.state.status === 'closed') return;
    if (conversation.state.status !== 'queued' && conversation.state.status !== 'bot')
      this.requireOwner(agent, conversation);
    else if (!this.canSee(agent, conversation))
      throw new KefuError('forbidden', `conversation ${conversationId} is not yours`);
    const updated = await this.transition(
      conversationId,
      {
        state: {
          status: 'closed',
          ...(conversation.state.group ? { group: conversation.state.group } : {}),
          ...(conversation.state.agent ? { agent: conversation.state.agent } : {}),
          reason: resolution ?? `closed by ${agent.name}`,
        },
      },
      { statuses: [conversation.state.status] },
      { kind: 'system', event: 'closed', text: textsFor(conversation.locale).closed },
    );
    if (!updated) throw new KefuError('conflict', `conversation ${conversationId} changed meanwhile`);
    if (conversation.state.status === 'queued' && conversation.state.group)
      await this.refreshQueue(conversation.state.group);
  }

  // ── reads for sessions ────────────────────────────────────────────────────

  /** The state as a client sees it: with the live queue position while queued. */
  publicState(conversation: StoredConversation): ConversationState {
    const position = this.queuePositions.get(conversation.id);
    return conversation.state.status === 'queued' && position !== undefined
      ? { ...conversation.state, queue: { position } }
      : conversation.state;
  }

  canSee(agent: AgentProfile, conversation: StoredConversation): boolean {
    if (agent.supervisor) return true;
    if (conversation.state.agent?.id === agent.id) return true;
    return conversation.state.group !== undefined && agent.groups.includes(conversation.state.group);
  }

  async inboxFor(agent: AgentProfile): Promise<InboxItem[]> {
    const list = await this.o.store.listConversations({ statuses: INBOX_STATUSES });
    const visible = list.filter((c) => inboxVisible(agent, inboxAudience(c)));
    return Promise.all(visible.map((c) => this.inboxItem(c)));
  }

  async inboxItem(c: StoredConversation, last?: Message): Promise<InboxItem> {
    const shopper = await this.o.store.getShopper(c.siteKey, c.shopperId);
    const profile: ShopperProfile = shopper
      ? {
          id: shopper.id,
          identified: shopper.identified,
          ...pick(shopper, ['name', 'tier', 'locale', 'email']),
        }
      : { id: c.shopperId, identified: false };
    const lastMessage =
      last ??
      (c.lastSeq > 0
        ? (await this.o.store.listMessages(c.id, { beforeSeq: c.lastSeq + 1, limit: 1 }))[0]
        : undefined);
    const item: InboxItem = {
      conversationId: c.id,
      state: this.publicState(c),
      shopper: profile,
      priority: c.priority,
      createdAt: c.createdAt,
    };
    if (c.page) item.page = c.page;
    if (c.queuedAt !== undefined && c.state.status === 'queued') item.queuedAt = c.queuedAt;
    if (lastMessage)
      item.lastMessage = {
        seq: lastMessage.seq,
        authorKind: lastMessage.author.kind,
        preview: preview(lastMessage.content),
        at: lastMessage.createdAt,
      };
    return item;
  }

  /** Resolves when no write or bot turn is in flight (for a graceful close). */
  async idle(): Promise<void> {
    await this.turns.idle();
    await this.writes.idle();
  }

  // ── internals ─────────────────────────────────────────────────────────────

  private botAuthor(): Author {
    return { kind: 'bot', name: this.o.botName };
  }

  private async requireConversation(id: string): Promise<StoredConversation> {
    const c = await this.o.store.getConversation(id);
    if (!c) throw new KefuError('not_found', `conversation ${id} does not exist`);
    return c;
  }

  private requireOwner(agent: AgentProfile, c: StoredConversation): void {
    if (c.state.agent?.id === agent.id) return;
    if (agent.supervisor && c.state.agent) return;
    throw new KefuError(
      c.state.agent ? 'forbidden' : 'conflict',
      c.state.agent
        ? `conversation ${c.id} belongs to ${c.state.agent.name}`
        : `conversation ${c.id} has no agent; accept it first`,
    );
  }

  /** Stores a message and publishes it, in seq order per conversation. */
  private post(
    conversationId: string,
    author: Author,
    content: Content,
    options: { clientMsgId?: string; expect?: ConversationExpectation } = {},
  ) {
    return this.writes.run(conversationId, () => this.postUnlocked(conversationId, author, content, options));
  }

  private async postUnlocked(
    conversationId: string,
    author: Author,
    content: Content,
    options: { clientMsgId?: string; expect?: ConversationExpectation },
  ) {
    const result = await this.o.store.appendMessage(
      {
        id: this.o.ids('m'),
        conversationId,
        author,
        content,
        createdAt: this.o.clock.now(),
        ...(options.clientMsgId === undefined ? {} : { clientMsgId: options.clientMsgId }),
      },
      options.expect,
    );
    if (!result.duplicate) {
      await this.publish(conversationId, { kind: 'message', conversationId, message: result.message });
      this.events.emit('message', { conversationId, message: result.message });
      const c = await this.o.store.getConversation(conversationId);
      if (c && INBOX_STATUSES.includes(c.state.status)) await this.publishInbox(c, result.message);
    }
    return result;
  }

  /** Changes the conversation's state if `expect` holds, then tells everyone (and posts a system line). */
  private transition(
    id: string,
    patch: ConversationPatch & { state: ConversationState },
    expect: ConversationExpectation,
    systemLine?: Extract<Content, { kind: 'system' }>,
  ): Promise<StoredConversation | null> {
    return this.writes.run(id, async () => {
      const updated = await this.o.store.updateConversation(
        id,
        { ...patch, updatedAt: this.o.clock.now() },
        expect,
      );
      if (!updated) return null;
      if (updated.state.status !== 'queued') this.queuePositions.delete(id);
      await this.publish(id, { kind: 'state', conversationId: id, state: this.publicState(updated) });
      this.events.emit('state', { conversationId: id, state: updated.state });
      if (systemLine) await this.postUnlocked(id, { kind: 'system' }, systemLine, {});
      // postUnlocked announces inbox items, but not their removal.
      if (!systemLine || !INBOX_STATUSES.includes(updated.state.status)) await this.publishInbox(updated);
      return updated;
    });
  }

  /** Recomputes queue positions in a group and tells each waiting shopper whose place changed. */
  private async refreshQueue(group: string): Promise<void> {
    const queued = await this.o.store.listConversations({ statuses: ['queued'], groups: [group] });
    queued.sort((a, b) => b.priority - a.priority || (a.queuedAt ?? 0) - (b.queuedAt ?? 0));
    await Promise.all(
      queued.map((c, index) =>
        this.writes.run(c.id, async () => {
          const position = index + 1;
          if (this.queuePositions.get(c.id) === position) return;
          const current = await this.o.store.getConversation(c.id);
          if (current?.state.status !== 'queued') return;
          this.queuePositions.set(c.id, position);
          await this.publish(c.id, { kind: 'state', conversationId: c.id, state: this.publicState(current) });
          await this.publishInbox(current);
        }),
      ),
    );
  }

  private async publishInbox(c: StoredConversation, last?: Message): Promise<void> {
    const visibleTo = inboxAudience(c);
    const event: BusEvent = INBOX_STATUSES.includes(c.state.status)
      ? { kind: 'inbox', item: await this.inboxItem(c, last), visibleTo }
      : { kind: 'inbox', removed: c.id };
    await this.o.bus.publish(channels.inbox, event);
  }

  private publish(conversationId: string, event: BusEvent): Promise<void> {
    return this.o.bus.publish(channels.conversation(conversationId), event);
  }

  private pluginContext(conversation: StoredConversation): Omit<PluginContext, 'signal'> {
    const shopper = this.shoppers.get(conversation.id) ?? { id: conversation.shopperId, identified: false };
    const ctx: Omit<PluginContext, 'signal'> = {
      conversation,
      shopper,
      lookupOrder: async (orderId) => {
        const lookup = this.o.lookupOrder;
        if (!lookup) return null;
        const result = await runPlugin('lookupOrder', this.o.pluginTimeoutMs, this.o.clock, (signal) =>
          lookup(orderId, { shopper, signal }),
        );
        if (result.ok) return result.value;
        this.pluginFailed('lookupOrder', result.error, conversation.id);
        return null;
      },
    };
    if (conversation.page) ctx.page = conversation.page;
    if (conversation.locale) ctx.locale = conversation.locale;
    return ctx;
  }

  private pluginFailed(plugin: string, error: KefuError, conversationId: string): void {
    this.o.logger.log('warn', 'plugin.failed', {
      plugin,
      code: error.code,
      conversation: conversationId,
      error: error.message,
    });
    this.events.emit('error', { code: error.code, message: error.message, conversationId, plugin });
  }

  private fault(what: string, error: unknown, conversationId: string): void {
    const message = error instanceof Error ? error.message : String(error);
    this.o.logger.log('error', 'hub.fault', { what, conversation: conversationId, error: message });
    this.events.emit('error', { code: 'internal', message: `${what}: ${message}`, conversationId });
  }
}

/**
 * Who sees a conversation in their inbox: while it waits (queued, ticket) its group; once a
 * person owns it, that person. Supervisors see everything.
 */
export function inboxAudience(c: StoredConversation): { groups: string[]; agentId?: string } {
  const waiting = c.state.status === 'queued' || c.state.status === 'ticket';
  return {
    groups: waiting && c.state.group ? [c.state.group] : [],
    ...(c.state.agent && !waiting ? { agentId: c.state.agent.id } : {}),
  };
}

export function inboxVisible(agent: AgentProfile, audience: { groups: string[]; agentId?: string }): boolean {
  return (
    agent.supervisor === true ||
    audience.agentId === agent.id ||
    audience.groups.some((g) => agent.groups.includes(g))
  );
}

function agentRef(agent: AgentProfile) {
  return { id: agent.id, name: agent.name, ...(agent.avatar ? { avatar: agent.avatar } : {}) };
}

function pick<T extends object, K extends keyof T>(from: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (from[key] !== undefined && from[key] !== null) out[key] = from[key];
  return out;
}

/** A one-line preview of a message for the inbox list. */
export function preview(content: Content): string {
  switch (content.kind) {
    case 'text':
      return content.text.slice(0, 140);
    case 'quick_replies':
      return (content.text ?? content.replies.map((r) => r.label).join(' / ')).slice(0, 140);
    case 'product':
      return `[product] ${content.product.title}`.slice(0, 140);
    case 'order':
      return `[order] ${content.order.id}`.slice(0, 140);
    case 'system':
      return (content.text ?? content.event).slice(0, 140);
  }
}
