import {
  type AgentHello,
  type AgentStatus,
  type AgentToHub,
  type AgentWelcome,
  KefuError,
  LIMITS,
  type Message,
  PROTOCOL_VERSION,
} from '@kefu/protocol';
import { BoundedMap } from '../bounded-map.ts';
import { type BusEvent, channels } from '../bus/bus.ts';
import { type AgentActions, QaHold } from '../conversation/agent-actions.ts';
import type { Conversations } from '../conversation/conversations.ts';
import {
  type AgentAct,
  alertAudience,
  isSupervisor,
  mayAgent,
  reaches,
  requireMay,
} from '../conversation/views.ts';
import { presenter } from '../images/image-library.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { StoredConversation } from '../store/store.ts';
import type { AgentReadBudget } from './agent-read-budget.ts';
import { agentSnapshot } from './agent-snapshot.ts';
import type { Connection } from './connection.ts';
import { ConversationFeed } from './conversation-feed.ts';
import { encodeFrameText } from './frame-text.ts';
import type { ResolvedHubOptions } from './hub-options.ts';
import { encodeShared } from './shared-frames.ts';
import type { ShopperPresence } from './shopper-presence.ts';
import { answerKbRequest, type SupervisorKnowledge } from './supervisor-knowledge.ts';

/**
 * Conversations one agent connection may watch (join or accept) at once. A console watches its open
 * tabs (its capacity, five by default) and the few it looks into; without a bound, one connection
 * could join every waiting and closed conversation of its groups, tens of thousands over a shop's history.
 */
export const MAX_WATCHED_CONVERSATIONS = 100;

/** An agent's connection: their inbox, the conversations they watch, and their actions. */
export class AgentSession {
  profile!: AgentProfile;
  status: AgentStatus = 'online';
  /** The client reads `status` frames (hello.features), and has had its welcome. */
  private tellsStatus = false;
  private readonly feeds = new Map<string, ConversationFeed>();

  /** Messages as this client gets them: see ImageLibrary.present. */
  private present: (message: Message) => Message = (message) => message;
  private readonly shown = new Set<string>();
  /** The newest version of each conversation this agent's inbox heard of (an older one is dropped). */
  private readonly inboxVersions = new BoundedMap<string, number>(INBOX_VERSIONS);
  private readonly unsubscribers: Array<() => Promise<void>> = [];

  constructor(
    private readonly conn: Connection,
    private readonly o: ResolvedHubOptions,
    private readonly conversations: Conversations,
    private readonly presence: ShopperPresence,
    private readonly ops: AgentActions,
    private readonly onError: (error: unknown) => void,
    private readonly knowledge: () => SupervisorKnowledge,
    private readonly reads: AgentReadBudget,
  ) {}

  get id(): string {
    return this.profile?.id ?? 'pending';
  }

  /** Starts the session of an agent the sign-in (agent-sign-in.ts) has authenticated, ending with the welcome. */
  async start(hello: AgentHello, profile: AgentProfile): Promise<void> {
    this.profile = profile;
    this.present = presenter(this.conversations.images, hello.features);
    this.unsubscribers.push(await this.o.bus.subscribe(channels.inbox, (event) => this.onInbox(event)));
    this.unsubscribers.push(await this.o.bus.subscribe(channels.alerts, (event) => this.onAlert(event)));
    this.unsubscribers.push(
      await this.o.bus.subscribe(channels.presence, (event) => this.onAgentPresence(event)),
    );
    const offPresence = this.presence.onChange((conversationId, online, at) => {
      // Only while the feed is live: one ended because a colleague took the conversation kept
      // telling this agent when its shopper came and went.
      if (this.feeds.get(conversationId)?.live)
        this.conn.send({ v: PROTOCOL_VERSION, type: 'presence', conversationId, online, at });
    });
    this.unsubscribers.push(async () => offPresence());
    const held = await this.o.store.listConversations({
      statuses: ['assigned', 'pending'],
      agentId: profile.id,
    });
    // The status the agent chose on another connection wins over the one this hello asks for.
    this.status = this.conversations.dispatcher.agentConnected(
      profile,
      hello.status ?? 'online',
      held.length,
    );
    const inbox = await this.conversations.inboxFor(profile, (id, version) => {
      // An event read before the welcome's list must not undo it (see onInbox).
      if (version > (this.inboxVersions.get(id) ?? 0)) this.inboxVersions.set(id, version);
    });
    for (const item of inbox) this.shown.add(item.conversationId);
    const welcome: AgentWelcome = {
      v: PROTOCOL_VERSION,
      type: 'welcome',
      agent: {
        id: profile.id,
        name: profile.name,
        groups: profile.groups,
        status: this.status,
        supervisor: isSupervisor(profile),
        ...(profile.mayAssign === true ? { mayAssign: true } : {}),
        capacity: profile.capacity ?? this.o.policy.defaultCapacity,
      },
      inbox,
      ...(this.conversations.assistant.canned.length ? { canned: this.conversations.assistant.canned } : {}),
      heartbeatMs: this.o.limits.heartbeatMs,
      limits: {
        maxFrameBytes: LIMITS.maxFrameBytes,
        maxTextChars: LIMITS.maxTextChars,
        maxQuickReplies: LIMITS.maxQuickReplies,
        maxNoteChars: LIMITS.maxNoteChars,
        maxHistoryPage: LIMITS.maxHistoryPage,
      },
      photos: !!this.conversations.images,
      // What a transfer may name with nobody of it online: the console's dialog offers them all.
      groups: [...this.o.knownGroups],
    };
    if (hello.id) welcome.re = hello.id;
    this.conn.send(welcome);
    this.tellsStatus = hello.features?.includes('status') ?? false;
  }

  // One case per agent frame type, each a few lines that hand the frame to conversation/agent-actions.
  async handle(frame: AgentToHub): Promise<void> {
    const re = frame.id ? { re: frame.id } : {};
    switch (frame.type) {
      case 'hello':
        throw new KefuError('conflict', 'hello was already received on this connection');
      case 'status':
        this.status = frame.status;
        this.conversations.dispatcher.agentStatus(this.profile.id, frame.status);
        return this.ok(frame.id);
      case 'accept':
        this.requireRoomToWatch(frame.conversationId);
        this.admitRead();
        await this.ops.accept(this.profile, frame.conversationId);
        return this.watch(frame.conversationId, frame.id);
      case 'join': {
        this.requireRoomToWatch(frame.conversationId);
        this.admitRead();
        const c = await this.o.store.getConversation(frame.conversationId);
        if (!c) throw new KefuError('not_found', `conversation ${frame.conversationId} does not exist`);
        requireMay(this.profile, 'read', c);
        if (c.state.agent?.id === this.profile.id) await this.conversations.dispatcher.opened(c.id);
        return this.watch(frame.conversationId, frame.id, frame.lastSeq);
      }
      case 'leave':
        await this.feeds.get(frame.conversationId)?.stop();
        this.feeds.delete(frame.conversationId);
        return this.ok(frame.id);
      case 'send': {
        let sent: Awaited<ReturnType<AgentActions['send']>>;
        try {
          sent = await this.ops.send(
            this.profile,
            frame.conversationId,
            frame.clientMsgId,
            frame.content,
            frame.override,
            frame.suggestion,
            frame.asOwner,
          );
        } catch (error) {
          if (!(error instanceof QaHold)) throw error;
          this.conn.send({
            v: PROTOCOL_VERSION,
            type: 'qa',
            ...re,
            conversationId: error.conversationId,
            clientMsgId: error.clientMsgId,
            violations: error.violations,
          });
          return;
        }
        const { message, duplicate } = sent;
        this.conn.send({
          v: PROTOCOL_VERSION,
          type: 'ack',
          ...re,
          conversationId: frame.conversationId,
          clientMsgId: frame.clientMsgId,
          seq: message.seq,
          messageId: message.id,
          createdAt: message.createdAt,
          duplicate,
        });
        return;
      }
      case 'typing':
        await this.requireMay(frame.conversationId, 'typing');
        return this.conversations.typing(
          frame.conversationId,
          { kind: 'agent', name: this.profile.name },
          frame.on,
        );
      case 'read':
        await this.requireMay(frame.conversationId, 'receipt');
        await this.conversations.markRead(frame.conversationId, 'agent', frame.seq);
        return this.ok(frame.id);
      case 'note': {
        const note = await this.ops.note(this.profile, frame.conversationId, frame.clientMsgId, frame.text);
        // Watchers also get it from the bus; the author gets it back as the answer (clients de-duplicate by id).
        this.conn.send({ v: PROTOCOL_VERSION, type: 'note', ...re, note });
        return;
      }
      case 'transfer':
        await this.ops.transfer(this.profile, frame.conversationId, frame.to, frame.note);
        return this.ok(frame.id);
      case 'assign':
        await this.ops.assign(this.profile, frame.conversationId, frame.agentId, {
          force: frame.force,
          note: frame.note,
        });
        return this.ok(frame.id);
      case 'handback':
        await this.ops.handback(this.profile, frame.conversationId);
        return this.ok(frame.id);
      case 'close':
        await this.ops.close(this.profile, frame.conversationId, frame.resolution);
        return this.ok(frame.id);
      case 'report': {
        if (!isSupervisor(this.profile)) throw new KefuError('forbidden', 'reports are for supervisors');
        const report = await this.conversations.report({
          from: frame.from,
          to: frame.to,
          ...(frame.groupBy ? { groupBy: frame.groupBy } : {}),
        });
        this.conn.send({ v: PROTOCOL_VERSION, type: 'report', ...re, ...report });
        return;
      }
      case 'agents.online': {
        const agents = this.conversations.onlineAgents().map(({ id, name, groups }) => ({
          id,
          name,
          groups: [...groups],
          // Their load, for whoever assigns or transfers to them.
          ...this.conversations.dispatcher.loadOf(id),
        }));
        this.conn.send({ v: PROTOCOL_VERSION, type: 'agents.online', ...re, agents });
        return;
      }
      case 'kb.proposals':
      case 'kb.decide':
      case 'kb.check':
      case 'kb.entries':
      case 'kb.entry':
      case 'kb.save':
      case 'kb.delete': {
        const answer = await answerKbRequest(this.profile, frame, this.knowledge());
        if (answer) this.conn.send(answer);
        else this.ok(frame.id);
        return;
      }
      case 'tags':
        await this.ops.tags(this.profile, frame.conversationId, frame.tags);
        return this.ok(frame.id);
      case 'pending':
        await this.ops.pending(this.profile, frame.conversationId, frame.dueAt, frame.note);
        return this.ok(frame.id);
      case 'ticket':
        await this.ops.ticket(this.profile, frame.conversationId, frame.action, frame.note);
        return this.ok(frame.id);
      case 'history': {
        this.admitRead();
        await this.requireMay(frame.conversationId, 'read');
        const page = await this.conversations.historyPage(
          frame.conversationId,
          frame.before,
          frame.limit,
          frame.id,
        );
        return this.sendRead({ ...page, messages: page.messages.map(this.present) });
      }
      case 'earlier': {
        this.admitRead();
        const c = await this.requireMay(frame.conversationId, 'read');
        const page = await this.conversations.earlierConversations(c, this.profile, frame.before);
        const { conversationId, id: re } = frame;
        return this.sendRead({ v: PROTOCOL_VERSION, type: 'earlier.page', re, conversationId, ...page });
      }
      case 'ping':
        this.conn.send({ v: PROTOCOL_VERSION, type: 'pong', ...re, ...(frame.t ? { t: frame.t } : {}) });
        return;
    }
  }

  /**
   * Room for one more conversation's feed on this connection, or `conflict`: each live feed is a
   * subscription the bus feeds, and an agent may read every conversation waiting in its groups and
   * every closed one. Feeds that ended (a colleague took the conversation) are dropped first.
   */
  private requireRoomToWatch(conversationId: string): void {
    if (this.feeds.has(conversationId) || this.feeds.size < MAX_WATCHED_CONVERSATIONS) return;
    for (const [id, feed] of this.feeds) if (!feed.live) this.feeds.delete(id);
    if (this.feeds.size >= MAX_WATCHED_CONVERSATIONS)
      throw new KefuError(
        'conflict',
        `this connection watches ${MAX_WATCHED_CONVERSATIONS} conversations already: leave one first`,
      );
  }

  /** A snapshot or a history page may be read now (see agent-read-budget.ts); else `rate_limited`. */
  private admitRead(): void {
    if (!this.reads.admit(this.profile.id))
      throw new KefuError('rate_limited', 'reading conversations too fast: try again in a second');
  }

  /** Sends a snapshot or a history page, paid for by its bytes. */
  private sendRead(frame: object): void {
    const text = encodeFrameText(frame);
    this.reads.charge(this.profile.id, Buffer.byteLength(text));
    this.conn.send(text);
  }

  private ok(re: string | undefined): void {
    if (re) this.conn.send({ v: PROTOCOL_VERSION, type: 'ok', re });
  }

  async stop(): Promise<void> {
    if (this.profile) this.conversations.dispatcher.agentDisconnected(this.profile.id);
    await Promise.all(this.unsubscribers.splice(0).map((off) => off()));
    await Promise.all([...this.feeds.values()].map((feed) => feed.stop()));
    this.feeds.clear();
  }

  /** The owner rule (conversation/views.ts) for acts the session does itself. */
  private async requireMay(conversationId: string, act: AgentAct): Promise<StoredConversation> {
    const c = await this.o.store.getConversation(conversationId);
    if (!c) throw new KefuError('not_found', `conversation ${conversationId} does not exist`);
    requireMay(this.profile, act, c);
    return c;
  }

  /** Sends the conversation's snapshot and then its live events. */
  private async watch(conversationId: string, requestId?: string, afterSeq?: number): Promise<void> {
    if (this.feeds.has(conversationId)) {
      await this.feeds.get(conversationId)?.stop();
      this.feeds.delete(conversationId);
    }
    const feed = new ConversationFeed(
      conversationId,
      this.o.store,
      this.o.bus,
      'agent',
      (f) => this.conn.send(f),
      this.onError,
      (state) => mayAgent(this.profile, 'read', { state }),
      this.present,
    );
    this.feeds.set(conversationId, feed);
    await feed.start(async () => {
      const { frame, ...from } = await agentSnapshot(
        {
          store: this.o.store,
          conversations: this.conversations,
          presence: this.presence,
          present: this.present,
        },
        this.profile,
        conversationId,
        requestId,
        afterSeq,
      );
      this.sendRead(frame);
      return from;
    });
    const assist = this.conversations.assists.get(conversationId);
    if (assist) this.conn.send({ v: PROTOCOL_VERSION, type: 'assist', ...assist });
  }

  /** The agent's status chosen on another connection of theirs (any node): this console shows it too. */
  private onAgentPresence(event: BusEvent): void {
    if (event.kind !== 'presence' || !event.agent.chosen || event.agent.profile.id !== this.profile.id)
      return;
    if (event.agent.status === this.status) return;
    this.status = event.agent.status;
    // Before the welcome, the welcome carries it.
    if (this.tellsStatus) this.conn.send({ v: PROTOCOL_VERSION, type: 'status', status: this.status });
  }

  private onAlert(event: BusEvent): void {
    if (event.kind !== 'alert') return;
    const { agentId, group } = event.audience;
    if (
      reaches(this.profile, alertAudience({ ...(agentId ? { agentId } : {}), ...(group ? { group } : {}) }))
    )
      this.conn.send(encodeShared(event, 'alert', alertFrame));
  }

  private onInbox(event: BusEvent): void {
    if (event.kind !== 'inbox') return;
    const id = event.item?.conversationId ?? event.removed;
    if (id !== undefined) {
      // Read before a change another node published first: it would bring back a line long gone.
      if (event.version < (this.inboxVersions.get(id) ?? 0)) return;
      this.inboxVersions.set(id, event.version);
    }
    const profile = this.profile;
    if (event.item) {
      const { groups = [], agentId } = event.visibleTo ?? {};
      const visible = reaches(profile, { groups, ...(agentId ? { agentId } : {}) });
      if (visible) {
        this.shown.add(event.item.conversationId);
        this.conn.send(encodeShared(event, 'inbox.item', inboxItemFrame));
        return;
      }
      if (!this.shown.delete(event.item.conversationId)) return;
      this.conn.send(encodeShared(event, 'inbox.removed', inboxRemovedFrame));
    } else if (event.removed && this.shown.delete(event.removed)) {
      this.conn.send(encodeShared(event, 'inbox.removed', inboxRemovedFrame));
    }
  }
}

// The frames every agent who sees an event gets, encoded once per event (see shared-frames.ts).
type EventOf<K extends BusEvent['kind']> = Extract<BusEvent, { kind: K }>;
const alertFrame = (e: EventOf<'alert'>) => ({ v: PROTOCOL_VERSION, type: 'alert', ...e.alert });
const inboxItemFrame = (e: EventOf<'inbox'>) => ({ v: PROTOCOL_VERSION, type: 'inbox.update', item: e.item });
/** An item the agent may no longer see, or a conversation gone from every inbox. */
const inboxRemovedFrame = (e: EventOf<'inbox'>) => ({
  v: PROTOCOL_VERSION,
  type: 'inbox.update',
  removed: e.item ? e.item.conversationId : e.removed,
});

/** Conversations whose inbox version an agent connection remembers (the oldest forgotten first). */
const INBOX_VERSIONS = 10_000;
