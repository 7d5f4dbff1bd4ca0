import type { Author, Message, PageContext, ShopperContent } from '@kefu/protocol';
import { BoundedMap, CONVERSATION_CACHE_SIZE } from '../bounded-map.ts';
import type { Emitter } from '../emitter.ts';
import { KeyedMutex } from '../keyed-mutex.ts';
import type { GroupBy, Report } from '../metrics/report.ts';
import { createReportQueue } from '../metrics/report-queue.ts';
import { reportFromStore } from '../metrics/store-report.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { RoutePlugin } from '../seams/plugins.ts';
import type { Understanding } from '../seams/understanding.ts';
import type { StoredConversation } from '../store/store.ts';
import { closeAbandoned } from './abandonment.ts';
import { assignAgent, recordAssigned } from './assignment.ts';
import type { Assistant } from './assistant.ts';
import { requireNotBlank } from './blank-text.ts';
import { botAuthors } from './bot-name.ts';
import { postAsBot } from './bot-post.ts';
import { type Assist, afterShopperMessage } from './bot-turn.ts';
import { type BotTurnMemo, RetryWaits, retryBotTurn } from './bot-turn-retry.ts';
import { ConversationCore } from './conversation-core.ts';
import type { ConversationOptions } from './conversation-options.ts';
import type { ConversationParts } from './conversation-parts.ts';
import { escalate } from './escalation.ts';
import { escalateAfterNotHelpful } from './feedback-escalation.ts';
import type { HubEvents } from './hub-events.ts';
import {
  draftKnowledgeEntry,
  feedback,
  type KnowledgeDraft,
  knowledgeDrafts,
  reviewKnowledgeDraft,
} from './learning.ts';
import type { TransitionLead } from './lifecycle.ts';
import { requireShopperKey } from './message-keys.ts';
import {
  type OpenedConversation,
  type OpenInput,
  openShopperConversation,
} from './open-shopper-conversation.ts';
import { PageRelay } from './page-relay.ts';
import { rate } from './rating.ts';
import type { LastAnswer } from './repeated-answer.ts';
import { textsFor } from './texts.ts';
import { TypingRelay } from './typing-relay.ts';

/**
 * The shopper's side of the hub's business: opening a conversation, storing messages in order,
 * the bot's turn, escalation into the queue or a ticket. Knows nothing about sockets; sessions
 * call it and listen on the bus. Agents act through `conversation/agent-actions.ts`.
 */
export type { KnowledgeDraft };

export class Conversations extends ConversationCore {
  /** Serialises the hellos of one shopper on one site (see `open`). */
  private readonly opens = new KeyedMutex();
  /**
   * Serialises a conversation's "was this helpful?" votes: each reads the votes given before it
   * records its own, and before 2026-12-06 five sent at once on a shopper's five sockets all read
   * none and were all kept (past MAX_FEEDBACK_PER_ANSWER). Per node: sockets on several nodes
   * may each add theirs (reports and escalation count only the last vote of an answer).
   */
  private readonly votes = new KeyedMutex();

  /**
   * The address each conversation's shopper last wrote from on this node, as a QueueEntry.source
   * key: an escalation counts against it, and past `limits.maxQueuedPerAddress` waiting is refused.
   */
  readonly queueSources = new BoundedMap<string, string>(CONVERSATION_CACHE_SIZE);

  /**
   * The conversation a shopper's hello lands in: the one they resume (if it is theirs), else
   * their latest, else a new one with the bot's greeting. However many hellos race, a shopper
   * gets one: on this node they run one at a time (the later ones find the first one's
   * conversation, greeting included); across nodes the store's `openConversation` decides.
   */
  open(input: OpenInput): Promise<OpenedConversation> {
    return this.opens.run(JSON.stringify([input.siteKey, input.shopper.id]), () =>
      openShopperConversation(this, input),
    );
  }

  /** Closes as abandoned the conversations nobody touched for `idleMs` (see `abandonment.ts`). */
  closeAbandoned(idleMs: number): Promise<{ closed: number }> {
    return closeAbandoned(this, idleMs);
  }

  /**
   * Stores a shopper's message (once per clientMsgId) and lets the bot or the SLA take their turn.
   * A promise chain, not an async function: every shopper message passes here. `author` is the
   * session's one object, kept by every message it stores (never changed, as no stored author is).
   */
  shopperSend(conversationId: string, author: Author, clientMsgId: string, content: ShopperContent) {
    try {
      requireNotBlank(content);
      requireShopperKey(clientMsgId);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.post(conversationId, author, content, { clientMsgId }).then((result) => {
      if (!result.duplicate) this.afterShopperSend(conversationId, content, result);
      return result;
    });
  }

  /**
   * Queues the turn that follows a shopper's new message: a payload's handler, then the bot's.
   * A try that fails is tried again in the same turn, or ends in a hand-over (`bot-turn-retry.ts`).
   */
  private afterShopperSend(
    conversationId: string,
    content: ShopperContent,
    result: { message: Message; conversation?: StoredConversation },
  ): void {
    const { message } = result;
    const payload = content.kind === 'text' ? content.payload : undefined;
    // The conversation as the append left it serves the turn if the turn starts now (see
    // MessageAppend); behind an earlier turn, or after a payload's handler, the turn reads it.
    const known = payload === undefined && !this.turns.busy(conversationId) ? result.conversation : undefined;
    const memo: BotTurnMemo = { failures: 0 };
    // Two closures a message, as before the retries: the try, and what a failed try does.
    void this.turns.run(conversationId, () =>
      this.shopperTurn(conversationId, message, payload, memo, known).catch((error: unknown) =>
        retryBotTurn(
          this,
          conversationId,
          message,
          () => this.shopperTurn(conversationId, message, payload, memo, undefined),
          memo,
          error,
        ),
      ),
    );
  }

  /** One try of a shopper message's turn: its payload's handler (until it passed), then the bot's. */
  private shopperTurn(
    conversationId: string,
    message: Message,
    payload: string | undefined,
    memo: BotTurnMemo,
    known: StoredConversation | undefined,
  ): Promise<void> {
    // Most messages carry no payload: their turn is the bot's alone, without an async function around it.
    if (payload === undefined || memo.payloadPassed || !this.payloads)
      return afterShopperMessage(this, conversationId, message, known, memo);
    return this.payloads(conversationId, payload).then((handled) => {
      if (handled) return;
      memo.payloadPassed = true;
      return afterShopperMessage(this, conversationId, message, undefined, memo);
    });
  }

  /** The waits between the tries of failed bot turns (see `retryBotTurn`). */
  readonly retryWaits: RetryWaits;

  /** The page the shopper is on, written at most once a window (see `PageRelay`), the latest last. */
  updatePage(conversationId: string, page: PageContext): Promise<void> {
    return this.pageRelay.offer(conversationId, page, async (latest) => {
      await this.o.store.updateConversation(conversationId, { page: latest });
    });
  }

  private readonly pageRelay = new PageRelay(this.o.clock, (e) => this.fault('page', e));

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

  /** Tells the conversation's watchers who is typing, throttled per author: see `TypingRelay`. */
  async typing(
    conversationId: string,
    author: { kind: 'shopper' | 'agent' | 'bot'; name?: string },
    on: boolean,
  ) {
    const key = `${conversationId}\n${author.kind}\n${author.name ?? ''}`;
    await this.typingRelay.offer(key, on, (state) =>
      this.publish(conversationId, { kind: 'typing', conversationId, author, on: state }),
    );
  }

  private readonly typingRelay = new TypingRelay(this.o.clock, (e) => this.fault('typing', e));

  /** The shopper rates a closed conversation (1–5), once per closing (see `rating.ts`). */
  rate(conversationId: string, rating: number, comment?: string): Promise<void> {
    return rate(this, conversationId, rating, comment);
  }

  /** Service metrics for a time window, from the event log with this node's unwritten events in it. */
  async report(options: { from: number; to: number; groupBy?: GroupBy }): Promise<Report> {
    return this.reports.run(async () => {
      await this.flushEvents();
      return reportFromStore(this.o.store, options, this.o.metrics.timeZone);
    });
  }

  /** One report at a time on this node, a few waiting (see report-queue.ts). */
  private readonly reports = createReportQueue();

  /** Resolves when no write or bot turn is in flight (for a graceful close). */
  async idle(): Promise<void> {
    await this.turns.idle();
    await this.dispatcher.idle();
    await this.idleWrites();
  }

  /**
   * For a closing hub: bot turns waiting to be tried again are tried once more now (and handed
   * over if that fails), and the work in flight finishes. (The event log is closed last: see
   * `closeEventLog`.)
   */
  async close(): Promise<void> {
    this.retryWaits.close();
    this.typingRelay.close();
    await this.pageRelay.flush();
    await this.idle();
  }

  /** What the shopper's latest message means (intent, anger), kept for routing, assist and QA. */
  readonly understandings = new BoundedMap<string, Understanding>(CONVERSATION_CACHE_SIZE);
  /** The latest assist per conversation, sent to an agent who opens it. */
  readonly assists = new BoundedMap<string, Assist>(CONVERSATION_CACHE_SIZE);
  /** The bot's latest knowledge-base answer per conversation, for its repeats (see `repeated-answer.ts`). */
  readonly lastAnswers = new BoundedMap<string, LastAnswer>(CONVERSATION_CACHE_SIZE);

  /** The shopper says whether a bot answer helped; recorded for the merchant (and reports). */
  async feedback(conversationId: string, seq: number, helpful: boolean): Promise<void> {
    await this.votes.run(conversationId, () => feedback(this, conversationId, seq, helpful));
    // In turn with the bot's answers, so a hand-over never interleaves with one.
    if (!helpful)
      await this.turns.run(conversationId, () => escalateAfterNotHelpful(this, conversationId, seq));
  }

  /** A draft knowledge-base entry from an agent's reply, for the merchant to approve. */
  draftKnowledgeEntry(conversationId: string, seq: number): Promise<KnowledgeDraft> {
    return draftKnowledgeEntry(this, conversationId, seq);
  }

  /** Drafts waiting for approval (in the window, when given). */
  knowledgeDrafts(range: { from?: number; to?: number } = {}): Promise<KnowledgeDraft[]> {
    return knowledgeDrafts(this, range);
  }

  /** Approves (through `approve`) or rejects a waiting knowledge draft. */
  reviewKnowledgeDraft(
    draftId: string,
    verdict: 'approved' | 'rejected',
    approve: (draft: KnowledgeDraft) => Promise<void>,
  ): Promise<KnowledgeDraft> {
    return reviewKnowledgeDraft(this, draftId, verdict, approve);
  }

  /**
   * Hands the conversation to people: the router picks the group (or a ticket), then it waits
   * in the queue with an SLA on the first reply.
   */
  escalate(
    conversation: StoredConversation,
    reason: string,
    priority?: number,
    understanding?: Understanding,
    group?: string,
    lead?: Omit<TransitionLead, 'failed'>,
  ): Promise<void> {
    const source = this.queueSources.get(conversation.id);
    if (source !== undefined && this.dispatcher.waitingFrom(source) >= this.o.limits.maxQueuedPerAddress)
      return this.refuseQueue(conversation);
    return escalate(this, conversation, reason, priority, understanding, group, lead);
  }

  /**
   * Too many conversations from the shopper's address already wait for a person: the bot keeps this
   * one and says so (a system notice), so the shopper knows to try later and may still ask the bot.
   */
  private async refuseQueue(conversation: StoredConversation): Promise<void> {
    this.o.logger.log('warn', 'conversation.queue_full', { conversation: conversation.id });
    const text = textsFor(conversation.locale).queueFull;
    await postAsBot(
      this,
      conversation,
      { kind: 'system', event: 'notice', text },
      {
        expect: { statuses: ['bot'] },
      },
    );
  }

  /** Drops what this node remembers of a conversation (its shopper, understanding, assist, last agent): on erasure. */
  forget(conversationId: string): void {
    this.shoppers.delete(conversationId);
    this.understandings.delete(conversationId);
    this.assists.delete(conversationId);
    this.lastAnswers.delete(conversationId);
    this.lastAgent.delete(conversationId);
    this.queueSources.delete(conversationId);
  }

  /**
   * Erases a conversation (`Store.eraseConversation`) once nothing of it is in flight on this
   * node: its bot turn and writes finish first and the events recorded for it are stored, so
   * none of its words land after the erasure. Then this node forgets it, and agents' inbox
   * lines lose the shopper's name and the last message.
   */
  async erase(conversationId: string, anonymousId: string): Promise<void> {
    await this.turns.run(conversationId, () =>
      this.writes.run(conversationId, async () => {
        await this.flushEvents();
        await this.o.store.eraseConversation(conversationId, anonymousId);
      }),
    );
    this.forget(conversationId);
    await this.republishInbox(conversationId);
  }

  /** The last agent of each conversation, so a returning shopper can go back to them. */
  readonly lastAgent = new BoundedMap<string, string>(CONVERSATION_CACHE_SIZE);

  /** The router: the merchant's, or the default one built on this hub's agent directory. */
  readonly route: RoutePlugin;
  /** Agent assist: knowledge-base and canned-reply suggestions. */
  readonly assistant: Assistant;
  private readonly payloads: ConversationParts['payloads'];

  constructor(o: ConversationOptions, events: Emitter<HubEvents>, parts: ConversationParts) {
    super(o, events, parts);
    this.route = parts.route;
    this.assistant = parts.assistant;
    this.payloads = parts.payloads;
    this.botAuthor = botAuthors(o.botName);
    this.retryWaits = new RetryWaits(o.clock);
    // An assist helps the agent working the conversation; once it is closed nobody needs it.
    // (The shopper, understanding and last agent stay: a reopen, a knowledge draft and the
    // shopper's return to their agent still use them.)
    events.on('state', ({ conversationId, state }) => {
      if (state.status === 'closed') this.assists.delete(conversationId);
    });
  }

  tierOf(c: StoredConversation): { customerTier?: string } {
    const tier = this.shoppers.get(c.id)?.tier;
    return tier ? { customerTier: tier } : {};
  }

  /** The bot as an author, named in the language of a conversation of `locale` (see `botAuthors`). */
  readonly botAuthor: (locale: string | undefined) => Author;

  /** Gives the conversation to an agent (see `assignAgent`); null when it or their load changed. */
  assign(
    c: StoredConversation,
    agent: AgentProfile,
    via: 'accept' | 'autoAssign' | 'assign',
    by?: { id: string; force?: boolean },
  ): Promise<StoredConversation | null> {
    return assignAgent(this, c, agent, via, by);
  }

  /** Logs an assignment with how long it waited (see `recordAssigned` in `assignment.ts`). */
  recordAssigned(c: StoredConversation, agentId: string, waited = true): Promise<void> {
    return recordAssigned(this, c, agentId, waited);
  }

  /**
   * Tells every waiting shopper of a group who is connected their current place and estimated
   * wait; one who left learns it on coming back (the welcome carries it). Republishing every
   * waiting conversation on each change made a queue of shoppers who asked for a person and left
   * (one address may open 60 a minute) cost each new one a store read and an inbox frame per
   * agent for every one of them: quadratic in the attack's length.
   */
  async refreshQueue(group: string): Promise<void> {
    const connected = this.dispatcher.waitingIn(group).filter((id) => this.presence.online(id));
    await Promise.all(connected.map((id) => this.republish(id)));
  }

  /** Agents online anywhere in the cluster: whom a transfer to a person can reach. */
  onlineAgents(): AgentProfile[] {
    return this.dispatcher.online();
  }

  /** An agent routing knows (signed in at some point), online or not: for the back office. */
  findAgent(id: string): AgentProfile | undefined {
    return this.dispatcher.online().find((a) => a.id === id) ?? this.dispatcher.profile(id);
  }
}
