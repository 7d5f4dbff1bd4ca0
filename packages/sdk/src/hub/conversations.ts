import {
  type AssistFrame,
  type Author,
  type Content,
  KefuError,
  type Message,
  type PageContext,
  type ShopperContent,
  type ShopperProfile,
  type TicketSummary,
} from '@kefu/protocol';
import { channels } from '../bus/bus.ts';
import { computeReport, type GroupBy, type Report } from '../metrics/report.ts';
import { DEFAULT_CAPACITY } from '../routing/agent-directory.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { BotAnswer, RoutePlugin } from '../seams/plugins.ts';
import { runPlugin } from '../seams/run-plugin.ts';
import type { ShopperInfo } from '../seams/shopper.ts';
import type { Understanding } from '../seams/understanding.ts';
import type { ConversationPatch, StoredConversation } from '../store/store.ts';
import type { Assistant } from './assistant.ts';
import { agentRef, ConversationCore } from './conversation-core.ts';
import { dispatchHooks } from './dispatch-hooks.ts';
import type { DispatchHooks } from './dispatcher.ts';
import type { HubEvents } from './hub-events.ts';
import { textsFor } from './hub-texts.ts';
import { KeyedMutex } from './keyed-mutex.ts';

/** A knowledge-base entry drafted from an agent's reply, waiting for the merchant's approval. */
export interface KnowledgeDraft {
  id: string;
  question: string;
  answer: string;
  alternatives: string[];
  tags: string[];
  source: { conversationId: string; questionSeq: number; answerSeq: number; agentId: string };
  createdAt: number;
}

/** An answer under this confidence counts as a failed bot turn. */
const MIN_CONFIDENCE = 0.5;

/**
 * The shopper's side of the hub's business: opening a conversation, storing messages in order,
 * the bot's turn, escalation into the queue or a ticket. Knows nothing about sockets; sessions
 * call it and listen on the bus. Agents act through {@link AgentOperations}.
 */
export class Conversations extends ConversationCore {
  /** Serialises bot turns per conversation: answers come in the order of the questions. */
  private readonly turns = new KeyedMutex();

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
    if (!conversation) {
      const latest = await store.findLatestConversation(siteKey, shopper.id);
      // A shopper back long after their last conversation closed starts afresh; the old one stays
      // in their history (the agent sees it under "earlier conversations").
      const stale = latest?.state.status === 'closed' && clock.now() - latest.updatedAt > this.o.freshAfterMs;
      conversation = stale ? null : latest;
    }
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
      this.record('conversation.created', created.id, { data: { site: siteKey } });
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

  /** Stores a shopper's message (once per clientMsgId) and lets the bot or the SLA take their turn. */
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
        .run(conversationId, () => this.afterShopperMessage(conversationId, result.message))
        .catch((error) => this.fault('bot turn failed', error, conversationId));
    }
    return result;
  }

  async updatePage(conversationId: string, page: PageContext): Promise<void> {
    await this.o.store.updateConversation(conversationId, { page });
  }

  async markRead(conversationId: string, by: 'shopper' | 'agent', seq: number): Promise<void> {
    await this.writes.run(conversationId, async () => {
      const c = await this.requireConversation(conversationId);
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

  /**
   * The shopper rates a closed conversation (1–5). Once per closing: a second rating is a
   * `conflict`, and so is a rating while the conversation is still open.
   */
  async rate(conversationId: string, rating: number, comment?: string): Promise<void> {
    const c = await this.requireConversation(conversationId);
    if (c.state.status !== 'closed')
      throw new KefuError('conflict', 'a conversation is rated after it is closed');
    if (c.state.rating !== undefined) throw new KefuError('conflict', 'this conversation was rated already');
    const updated = await this.transition(
      conversationId,
      { state: { ...c.state, rating } },
      { statuses: ['closed'] },
    );
    if (!updated) throw new KefuError('conflict', 'the conversation changed meanwhile');
    this.record('csat', conversationId, {
      agentId: c.state.agent?.id,
      group: c.state.group,
      data: { rating, ...(comment ? { comment: comment.slice(0, 1000) } : {}) },
    });
  }

  /** Service metrics for a time window (events around it are read so spans crossing its edges count). */
  async report(options: { from: number; to: number; groupBy?: GroupBy }): Promise<Report> {
    await this.flushEvents();
    const margin = 7 * 86_400_000;
    const events = await this.o.store.listEvents({ from: options.from - margin, to: options.to + margin });
    return computeReport(events, {
      ...options,
      ...(this.o.metrics.timeZone ? { timeZone: this.o.metrics.timeZone } : {}),
    });
  }

  /** Resolves when no write or bot turn is in flight (for a graceful close). */
  async idle(): Promise<void> {
    await this.turns.idle();
    await this.dispatcher.idle();
    await this.idleWrites();
  }

  // ── after a shopper message: the bot's turn, or the agent's clock ─────────

  private async afterShopperMessage(conversationId: string, message: Message): Promise<void> {
    let conversation = await this.o.store.getConversation(conversationId);
    if (!conversation) return;
    const status = conversation.state.status;
    if (status === 'closed') {
      conversation = await this.transition(
        conversationId,
        { state: { status: 'bot', reason: 'the shopper wrote again' }, failedBotTurns: 0 },
        { statuses: ['closed'] },
      );
      if (!conversation) return;
      this.record('reopened', conversationId, { group: conversation.state.group });
    }
    if (status === 'assigned' || status === 'pending') {
      // The shopper answered: the agent owes the next reply, and a follow-up wait is over.
      const scope = {
        ...(conversation.state.group ? { group: conversation.state.group } : {}),
        ...this.tierOf(conversation),
      };
      await this.bookkeep('sla', conversationId, this.dispatcher.sla.awaitReply(conversationId, scope));
      if (message.content.kind === 'text') {
        const understanding = await this.understandMessage(conversation, message.content.text);
        await this.publishAssist(conversation, message, understanding);
      }
      if (status === 'pending') {
        await this.bookkeep('follow-up', conversationId, this.dispatcher.followUps.cancel(conversationId));
        const { followUpAt: _done, ...state } = conversation.state;
        await this.transition(
          conversationId,
          { state: { ...state, status: 'assigned' } },
          { statuses: ['pending'] },
        );
      } else await this.republishInbox(conversationId);
      return;
    }
    // Once a person owns the conversation (or it waits for one), the bot stays silent.
    if (conversation.state.status !== 'bot' || message.content.kind !== 'text') return;
    await this.botTurn(conversation, message.content.text, message.content.payload, message);
  }

  /** What the shopper's latest message means (intent, anger), kept for routing, assist and QA. */
  readonly understandings = new Map<string, Understanding>();
  /** The latest assist per conversation, sent to an agent who opens it. */
  readonly assists = new Map<string, Omit<AssistFrame, 'v' | 'type'>>();

  private async understandMessage(c: StoredConversation, text: string): Promise<Understanding | undefined> {
    const understand = this.o.understand;
    if (!understand) return undefined;
    const ctx = this.pluginContext(c);
    const result = await runPlugin('understand', this.o.pluginTimeoutMs, this.o.clock, (signal) =>
      understand(text, { ...ctx, signal }),
    );
    if (!result.ok) {
      this.pluginFailed('understand', result.error, c.id);
      return undefined;
    }
    if (result.value) this.understandings.set(c.id, result.value);
    return result.value;
  }

  private async publishAssist(
    c: StoredConversation,
    message: Message,
    understanding: Understanding | undefined,
  ) {
    if (message.content.kind !== 'text') return;
    const product = c.page?.product;
    const { suggestions, canned } = this.assistant.suggest(message.content.text, {
      ...(product?.id ? { productId: product.id } : {}),
      ...(product?.category ? { category: product.category } : {}),
      ...(c.locale ? { locale: c.locale } : {}),
    });
    const assist: Omit<AssistFrame, 'v' | 'type'> = {
      conversationId: c.id,
      forSeq: message.seq,
      understanding: {
        intent: (understanding?.intent ?? 'other').slice(0, 40),
        confidence: understanding?.confidence ?? 0,
        anger: understanding?.anger ?? 0,
      },
      suggestions,
      canned,
    };
    this.assists.set(c.id, assist);
    await this.o.bus.publish(channels.notes(c.id), { kind: 'assist', conversationId: c.id, assist });
  }

  private async botTurn(
    conversation: StoredConversation,
    text: string,
    payload: string | undefined,
    message: Message,
  ): Promise<void> {
    const conversationId = conversation.id;
    const ctx = this.pluginContext(conversation);
    const understanding = await this.understandMessage(conversation, text);
    const question = {
      text,
      failedBotTurns: conversation.failedBotTurns,
      ...(payload === undefined ? {} : { payload }),
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
    let firstSeq: number | undefined;
    for (const content of answer?.content ?? []) {
      const posted = await this.postIfBot(conversationId, content);
      if (!posted) return;
      firstSeq ??= posted.seq;
    }
    if (answer && firstSeq !== undefined)
      this.record('bot.answer', conversationId, {
        data: { seq: firstSeq, confidence: answer.confidence ?? null, entryId: answer.entryId ?? null },
      });
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
    // Unchanged and nothing to escalate (the common confident answer): no write needed.
    if (!decision.escalate && failedBotTurns === conversation.failedBotTurns) return;
    const updated = await this.o.store.updateConversation(
      conversationId,
      { failedBotTurns },
      { statuses: ['bot'] },
    );
    if (updated && decision.escalate) {
      // The agent who takes it over starts with suggestions for what the shopper asked last.
      await this.publishAssist(updated, message, understanding);
      await this.escalate(updated, decision.reason, decision.priority, understanding);
    }
  }

  /** Posts bot content unless a person has taken over meanwhile; null when it was not posted. */
  private async postIfBot(conversationId: string, content: Content): Promise<Message | null> {
    try {
      const { message } = await this.post(
        conversationId,
        content.kind === 'system' ? { kind: 'system' } : this.botAuthor(),
        content,
        { expect: { statuses: ['bot'] } },
      );
      return message;
    } catch (error) {
      if (error instanceof KefuError && error.code === 'conflict') return null;
      throw error;
    }
  }

  /** The shopper says whether a bot answer helped; recorded for the merchant (and reports). */
  async feedback(conversationId: string, seq: number, helpful: boolean): Promise<void> {
    const [message] = await this.o.store.listMessages(conversationId, { afterSeq: seq - 1, limit: 1 });
    if (message?.seq !== seq || message.author.kind !== 'bot')
      throw new KefuError('not_found', `message ${seq} is not a bot answer in this conversation`);
    await this.flushEvents();
    const answers = await this.o.store.listEvents({ conversationId, kinds: ['bot.answer'] });
    const answer = answers.find((e) => e.data?.seq === seq);
    const entryId = answer?.data?.entryId;
    this.record('feedback', conversationId, {
      data: { seq, helpful, entryId: typeof entryId === 'string' ? entryId : null },
    });
  }

  /**
   * Learning from agents: a draft knowledge-base entry from an agent's reply (the answer) and the
   * shopper message it answered (the question), for the merchant to approve. Recorded in the
   * event log; `knowledgeDrafts()` lists them.
   */
  async draftKnowledgeEntry(conversationId: string, seq: number): Promise<KnowledgeDraft> {
    const messages = await this.o.store.listMessages(conversationId, { beforeSeq: seq + 1, limit: 50 });
    const reply = messages.at(-1);
    if (reply?.seq !== seq || reply.author.kind !== 'agent' || reply.content.kind !== 'text')
      throw new KefuError('not_found', `message ${seq} is not an agent's text reply`);
    const question = [...messages]
      .reverse()
      .find((m) => m.author.kind === 'shopper' && m.content.kind === 'text' && m.seq < seq);
    if (question?.content.kind !== 'text')
      throw new KefuError('not_found', 'no shopper question before that reply');
    const intent = this.understandings.get(conversationId)?.intent;
    const draft: KnowledgeDraft = {
      id: this.o.ids('kb'),
      question: question.content.text.slice(0, 300),
      answer: reply.content.text,
      alternatives: [],
      tags: intent ? [intent] : [],
      source: { conversationId, questionSeq: question.seq, answerSeq: seq, agentId: reply.author.id ?? '' },
      createdAt: this.o.clock.now(),
    };
    this.record('kb.draft', conversationId, {
      agentId: reply.author.id,
      data: { draft: JSON.stringify(draft) },
    });
    await this.flushEvents();
    return draft;
  }

  /** Drafts waiting for approval (in the window, when given). */
  async knowledgeDrafts(range: { from?: number; to?: number } = {}): Promise<KnowledgeDraft[]> {
    await this.flushEvents();
    const events = await this.o.store.listEvents({ ...range, kinds: ['kb.draft'] });
    return events.flatMap((e) =>
      typeof e.data?.draft === 'string' ? [JSON.parse(e.data.draft) as KnowledgeDraft] : [],
    );
  }

  /**
   * Hands the conversation to people: the router picks the group (or a ticket), then it waits
   * in the queue with an SLA on the first reply.
   */
  async escalate(
    conversation: StoredConversation,
    reason: string,
    priority?: number,
    understanding?: Understanding,
  ) {
    const ctx = this.pluginContext(conversation);
    const routed = await runPlugin('route', this.o.pluginTimeoutMs, this.o.clock, (signal) =>
      this.route(
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
    const texts = textsFor(conversation.locale);
    const offline = route.ticket?.offline === true;
    const updated = await this.transition(
      conversation.id,
      {
        state: { status: offline ? 'ticket' : 'queued', group: route.group, reason: route.reason ?? reason },
        priority: finalPriority,
        queuedAt: this.o.clock.now(),
      },
      { statuses: ['bot', 'pending'] },
      offline
        ? { kind: 'system', event: 'notice', text: texts.ticket }
        : { kind: 'system', event: 'queued', text: texts.queued },
    );
    if (!updated) return;
    this.o.logger.log('info', offline ? 'conversation.ticket' : 'conversation.escalated', {
      conversation: conversation.id,
      group: route.group,
      priority: finalPriority,
    });
    this.record('escalated', conversation.id, {
      group: route.group,
      data: { priority: finalPriority, ticket: offline },
    });
    this.events.emit('escalated', {
      conversationId: conversation.id,
      reason,
      group: route.group,
      priority: finalPriority,
    });
    if (route.ticket) {
      await this.dispatcher.desk.fromConversation(updated, {
        ...(route.tier ? { tier: route.tier } : {}),
        advice: route.ticket,
        title: `${route.tier ?? 'L2'} ${route.group}: ${reason}`.slice(0, 200),
      });
    }
    if (offline) return;
    const scope = { group: route.group, ...this.tierOf(updated) };
    await this.bookkeep('sla', updated.id, this.dispatcher.sla.awaitReply(updated.id, scope));
    await this.bookkeep('sla', updated.id, this.dispatcher.sla.start(updated.id, 'resolution', scope));
    this.dispatcher.enqueue(
      updated,
      { ...route, priority: finalPriority, reason: route.reason ?? reason },
      this.lastAgent.get(updated.id),
    );
    await this.refreshQueue(route.group);
  }

  /** The last agent of each conversation, so a returning shopper can go back to them. */
  readonly lastAgent = new Map<string, string>();

  /** The router: the merchant's, or the default one built on this hub's agent directory. */
  route!: RoutePlugin;
  /** Agent assist: knowledge-base and canned-reply suggestions. */
  assistant!: Assistant;

  private tierOf(c: StoredConversation): { customerTier?: string } {
    const tier = this.shoppers.get(c.id)?.tier;
    return tier ? { customerTier: tier } : {};
  }

  botAuthor(): Author {
    return { kind: 'bot', name: this.o.botName };
  }

  /** What the dispatcher asks of us (assign, requeue, refresh, alert): see `dispatch-hooks.ts`. */
  readonly hooks: DispatchHooks = dispatchHooks(this);

  /** Logs an assignment with how long the conversation waited for it. */
  recordAssigned(c: StoredConversation, agentId: string): void {
    void this.ticketFollows(c.id, agentId).catch((e) => this.fault('ticket', e));
    this.record('assigned', c.id, {
      agentId,
      group: c.state.group,
      ...(c.queuedAt === undefined ? {} : { data: { waitedMs: this.o.clock.now() - c.queuedAt } }),
    });
  }

  /** An open ticket follows its conversation to the agent who takes it. */
  private async ticketFollows(conversationId: string, agentId: string): Promise<void> {
    const ticket = await this.dispatcher.ticketOf(conversationId);
    if (!ticket || ticket.assignee?.id === agentId) return;
    const name = this.dispatcher.profile(agentId)?.name;
    await this.dispatcher.desk.assign(
      ticket.id,
      { id: agentId, ...(name ? { name } : {}) },
      { kind: 'system' },
    );
  }

  /** Tells every waiting shopper of a group their current place and estimated wait. */
  async refreshQueue(group: string): Promise<void> {
    await Promise.all([...this.dispatcher.queue.positions(group).keys()].map((id) => this.republish(id)));
  }

  /** Online agents on this node, for transfers. */
  findAgent(id: string): AgentProfile | undefined {
    return this.dispatcher.online().find((a) => a.id === id) ?? this.dispatcher.profile(id);
  }
}
