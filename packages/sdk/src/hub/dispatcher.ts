import { randomBytes } from 'node:crypto';
import type { AlertFrame, InboxItem, TicketSummary } from '@kefu/protocol';
import { type AgentPresence, type Bus, type BusEvent, channels } from '../bus/bus.ts';
import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import { AgentDirectory, type AgentStatus, type AssignStrategy } from '../routing/agent-directory.ts';
import type { RoutingDecision } from '../routing/default-router.ts';
import { DurableTimers } from '../routing/durable-timers.ts';
import { FollowUps } from '../routing/follow-ups.ts';
import { HandlingTimes } from '../routing/handling-times.ts';
import { KeyedTimers } from '../routing/keyed-timers.ts';
import { assignNext, estimateWait, type QueueEntry, RoutingQueue } from '../routing/queue.ts';
import { type SlaEvent, type SlaPolicies, type SlaTimer, SlaTracker } from '../routing/sla.ts';
import { TicketDesk } from '../routing/tickets.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { SupportTier, Ticket, TicketDeadlinePolicy, TicketEvent } from '../seams/tickets.ts';
import type { Store, StoredConversation } from '../store/store.ts';
import { ClusterBreachRate } from './cluster-breach-rate.ts';
import type { HubEvents } from './hub-events.ts';
import { NodeHeartbeat } from './node-heartbeat.ts';

/** How conversations reach agents, and the promises (SLA, tickets) made on the way. */
export interface RoutingOptions {
  /** `auto` (default): the hub assigns queued conversations to online agents; `manual`: agents pick from the queue. */
  assignment?: 'auto' | 'manual';
  /** Among eligible agents (default `least-busy`). */
  strategy?: AssignStrategy;
  /** A returning shopper goes back to their last agent when that agent is online with room (default true). */
  preferLastAgent?: boolean;
  /** Auto-assigned conversations an agent does not open (accept, join or reply) in time go to someone else (default 30 s). */
  acceptTimeoutMs?: number;
  /** An agent whose last connection drops has this long to come back before their conversations are requeued (default 30 s). */
  agentGraceMs?: number;
  /** With nobody of the group online, escalations become tickets with an expected reply time (default true). */
  ticketWhenUnstaffed?: boolean;
  sla?: SlaPolicies;
  /** Alert when more than `threshold` of responses breach their SLA within `windowMs` (default 5 % over 1 h, after 20 responses). */
  breachAlert?: { threshold?: number; windowMs?: number; minSamples?: number };
  ticketDeadlines?: Partial<Record<SupportTier, TicketDeadlinePolicy>>;
  /**
   * The durable timers behind SLAs, tickets, follow-ups and accept timeouts: how often a node
   * looks for timers that fell due elsewhere (default 1 s), and how long a node that took one
   * has before another may retry it (default 30 s).
   */
  timers?: { pollMs?: number; leaseMs?: number };
}

/** What the dispatcher asks of the conversation service. */
export interface DispatchHooks {
  /** `queued`/`ticket` → `assigned` to this agent if still waiting; false when someone else changed it first. */
  assign(conversationId: string, agent: AgentProfile): Promise<boolean>;
  /** Back to the queue (the agent left or did not open it). */
  requeue(conversationId: string, agentId: string, reason: string): Promise<void>;
  /** Publishes fresh queue positions and ETAs of a group. */
  refreshQueue(group: string): Promise<void>;
  /** The ticket of a conversation changed: store it in the state and tell everyone. */
  ticketChanged(conversationId: string, ticket: TicketSummary): Promise<void>;
  /** The SLA timer of a conversation changed: refresh its inbox item. */
  slaChanged(conversationId: string): Promise<void>;
  /** This node found another node dead (its heartbeat ran out). */
  nodeGone(nodeId: string): void;
  alert(alert: Omit<AlertFrame, 'v' | 'type'>, audience: { agentId?: string; group?: string }): void;
  event<K extends 'sla' | 'ticket' | 'followUp'>(kind: K, payload: HubEvents[K]): void;
  /** A response or resolution outcome, for the event log, with the agent who held the conversation. */
  recordSla(timer: SlaTimer, outcome: 'met' | 'breach', at: number, agentId: string | undefined): void;
  fault(what: string, error: unknown): void;
}

/**
 * The routing state of one hub node: who is online with room, who waits in which order, and the
 * promises made on the way (SLA timers, tickets, follow-ups, accept timeouts), which live in the
 * store's durable timers so they outlast this node. The store stays the source of truth for who
 * owns a conversation; this decides whom to offer it to, and every assignment is a
 * compare-and-set on the store.
 */
export class Dispatcher {
  readonly directory: AgentDirectory;
  readonly queue = new RoutingQueue();
  readonly handling = new HandlingTimes();
  readonly sla: SlaTracker;
  readonly desk: TicketDesk;
  readonly followUps: FollowUps;
  readonly durable: DurableTimers;
  private readonly breachRate: ClusterBreachRate;
  private readonly heartbeat: NodeHeartbeat;
  private readonly timers: KeyedTimers;
  private readonly profiles = new Map<string, AgentProfile>();
  private readonly connections = new Map<string, number>();
  private readonly assignedAt = new Map<string, number>();
  private readonly unsubscribers: Array<() => Promise<void>> = [];
  /** This hub node, in presence and routing events. */
  readonly nodeId = randomBytes(6).toString('hex');
  private readonly mode: 'auto' | 'manual';
  private readonly o: Required<
    Pick<RoutingOptions, 'acceptTimeoutMs' | 'agentGraceMs' | 'preferLastAgent'>
  > & {
    strategy: AssignStrategy;
  };
  private dispatching: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    options: RoutingOptions,
    private readonly clock: Clock,
    ids: IdGenerator,
    private readonly hooks: DispatchHooks,
    private readonly bus: Bus,
    private readonly store: Store,
  ) {
    this.mode = options.assignment ?? 'auto';
    this.o = {
      acceptTimeoutMs: options.acceptTimeoutMs ?? 30_000,
      agentGraceMs: options.agentGraceMs ?? 30_000,
      preferLastAgent: options.preferLastAgent ?? true,
      strategy: options.strategy ?? 'least-busy',
    };
    this.directory = new AgentDirectory({ clock });
    this.timers = new KeyedTimers(clock);
    this.durable = new DurableTimers({
      store,
      clock,
      owner: this.nodeId,
      ...options.timers,
      onError: (what, error) => hooks.fault(what, error),
    });
    this.heartbeat = new NodeHeartbeat({
      nodeId: this.nodeId,
      timers: this.durable,
      clock,
      graceMs: this.o.agentGraceMs,
      connected: () => [...this.connections.keys()],
      agentGone: async (id) => {
        const profile = this.profiles.get(id);
        if (profile)
          this.publishPresence({ profile, status: 'offline', active: this.directory.get(id)?.active ?? 0 });
        await this.requeueAll(id, 'the agent’s hub node went away');
      },
      nodeGone: (nodeId) => hooks.nodeGone(nodeId),
      onError: (what, error) => hooks.fault(what, error),
    });
    this.durable.handle(ACCEPT_TIMER_KIND, async (timer) => {
      const { agentId } = timer.data as { agentId: string };
      if (await this.durable.finish(timer, null)) await this.missed(conversationIdOf(timer.key), agentId);
    });
    this.breachRate = new ClusterBreachRate({
      nodeId: this.nodeId,
      bus,
      timers: this.durable,
      clock,
      ...(options.breachAlert ? { options: options.breachAlert } : {}),
      onChange: async (e) => {
        hooks.event('sla', e);
        hooks.alert(
          {
            kind: e.type === 'breach_rate_alert' ? 'breach_rate' : 'breach_rate_cleared',
            message: `${Math.round(e.rate * 1000) / 10} % of ${e.total} responses breached their SLA in the window`,
            at: e.at,
          },
          {},
        );
      },
      onError: (what, error) => hooks.fault(what, error),
    });
    this.sla = new SlaTracker({
      timers: this.durable,
      clock,
      ...(options.sla ? { policies: options.sla } : {}),
      monitor: this.breachRate,
      onEvent: (e) => void this.onSla(e).catch((err) => hooks.fault('sla', err)),
    });
    this.desk = new TicketDesk({
      timers: this.durable,
      clock,
      ids,
      ...(options.ticketDeadlines ? { deadlines: options.ticketDeadlines } : {}),
      onEvent: (e) => this.onTicket(e),
    });
    this.followUps = new FollowUps({
      timers: this.durable,
      onDue: async (f) => {
        // Why it waits is the conversation's reason (kept there so erasing it erases that too).
        const c = await store.getConversation(f.conversationId);
        const note = c?.state.status === 'pending' ? c.state.reason : undefined;
        hooks.event('followUp', { ...f, ...(note ? { note } : {}) });
        hooks.alert(
          {
            kind: 'follow_up_due',
            conversationId: f.conversationId,
            message: note ?? 'a follow-up is due',
            at: clock.now(),
          },
          f.agentId ? { agentId: f.agentId } : {},
        );
      },
    });
    // Relaxed requirements (language, level) depend on waiting time: look again now and then.
    const tick = () => {
      if (this.closed) return;
      this.dispatch();
      this.timers.set('tick', clock.now() + 5000, tick);
    };
    this.timers.set('tick', clock.now() + 5000, tick);
  }

  get auto(): boolean {
    return this.mode === 'auto';
  }

  /**
   * Joins the cluster: every node applies the same presence and queue events, published on the
   * bus (the in-process bus delivers to this node too), so all nodes route from one picture.
   * The store stays the truth: each assignment is a compare-and-set there.
   */
  async start(): Promise<void> {
    this.unsubscribers.push(await this.bus.subscribe(channels.presence, (e) => this.onPresence(e)));
    this.unsubscribers.push(await this.bus.subscribe(channels.routing, (e) => this.onRouting(e)));
    await this.breachRate.start();
    this.durable.start();
    this.heartbeat.start();
  }

  /** Rebuilds the queue from the store after a start or restart (this node only: the others have theirs). */
  restore(queued: StoredConversation[]): void {
    for (const c of queued)
      this.queue.enqueue({
        conversationId: c.id,
        group: c.state.group ?? 'default',
        priority: c.priority,
        enqueuedAt: c.queuedAt ?? this.clock.now(),
      });
    this.dispatch();
  }

  // ── agents ────────────────────────────────────────────────────────────────

  agentConnected(profile: AgentProfile, status: AgentStatus, active: number): void {
    const first = !this.connections.has(profile.id);
    this.connections.set(profile.id, (this.connections.get(profile.id) ?? 0) + 1);
    this.timers.clear(`grace:${profile.id}`);
    this.publishPresence({ profile, status, active });
    // At once, so a node judging a dead node's agents sees this one is connected here.
    if (first) this.heartbeat.beat();
  }

  agentStatus(id: string, status: AgentStatus): void {
    const profile = this.profiles.get(id);
    if (!profile) return;
    this.publishPresence({ profile, status, active: this.directory.get(id)?.active ?? 0 });
    if (status === 'offline') void this.requeueAll(id, 'the agent went offline');
  }

  /** An agent connection closed; after the grace period without a new one anywhere, their conversations are requeued. */
  agentDisconnected(id: string): void {
    const left = (this.connections.get(id) ?? 1) - 1;
    if (left > 0) {
      this.connections.set(id, left);
      return;
    }
    this.connections.delete(id);
    this.timers.set(`grace:${id}`, this.clock.now() + this.o.agentGraceMs, () => {
      const profile = this.profiles.get(id);
      if (this.connections.has(id) || !profile) return;
      this.publishPresence({ profile, status: 'offline', active: this.directory.get(id)?.active ?? 0 });
      void this.requeueAll(id, 'the agent disconnected');
    });
  }

  /** Agents online anywhere in the cluster. */
  online(): AgentProfile[] {
    return [...this.profiles.values()].filter((p) => this.directory.get(p.id)?.status === 'online');
  }

  profile(id: string): AgentProfile | undefined {
    return this.profiles.get(id);
  }

  // ── conversations ─────────────────────────────────────────────────────────

  /** A conversation entered the queue. */
  enqueue(
    c: StoredConversation,
    route: Pick<RoutingDecision, 'group' | 'priority' | 'reason' | 'requires'>,
    lastAgentId?: string,
  ) {
    const entry: QueueEntry = {
      conversationId: c.id,
      group: route.group,
      priority: route.priority,
      enqueuedAt: c.queuedAt ?? this.clock.now(),
      ...(route.requires ? { requires: route.requires } : {}),
      ...(lastAgentId ? { lastAgentId } : {}),
    };
    this.publishRouting({ kind: 'routing', node: this.nodeId, op: 'enqueue', entry });
  }

  /** The conversation left the queue some other way (accepted by hand, closed, handed back). */
  dequeue(conversationId: string): void {
    this.publishRouting({ kind: 'routing', node: this.nodeId, op: 'dequeue', conversationId });
  }

  /** An agent owns it now (picked by hand or by the dispatcher). */
  assigned(conversationId: string, agentId: string, byHand: boolean): void {
    this.dequeue(conversationId);
    if (byHand) this.directory.reserve(agentId);
    this.assignedAt.set(conversationId, this.clock.now());
    if (!byHand && this.auto)
      void this.durable
        .put({
          key: acceptKey(conversationId),
          kind: ACCEPT_TIMER_KIND,
          dueAt: this.clock.now() + this.o.acceptTimeoutMs,
          data: { agentId },
        })
        .catch((e) => this.hooks.fault('accept timer', e));
    void this.syncLoad(agentId);
  }

  /** The agent opened or answered the conversation: the assignment stands (on whichever node made it). */
  async opened(conversationId: string): Promise<void> {
    await this.durable.delete(acceptKey(conversationId));
  }

  /** The agent gave the conversation up (closed, transferred, handed back, requeued). */
  released(c: StoredConversation, agentId: string): void {
    void this.durable.delete(acceptKey(c.id)).catch((e) => this.hooks.fault('accept timer', e));
    this.directory.release(agentId);
    const since = this.assignedAt.get(c.id);
    if (since !== undefined && c.state.group) this.handling.record(c.state.group, this.clock.now() - since);
    this.assignedAt.delete(c.id);
    void this.syncLoad(agentId);
  }

  /** The conversation is over: stop every timer and promise about it. */
  async ended(conversationId: string): Promise<void> {
    this.dequeue(conversationId);
    await this.sla.resolve(conversationId);
    await this.sla.cancel(conversationId);
    await this.followUps.cancel(conversationId);
    await this.durable.delete(acceptKey(conversationId));
  }

  /** Queue position and estimated wait (seconds) of a waiting conversation. */
  waitOf(conversationId: string): { position: number; etaSeconds?: number } | undefined {
    const entry = this.queue.get(conversationId);
    const position = this.queue.position(conversationId);
    if (!entry || position === undefined) return undefined;
    const st = this.directory.staffing(entry.group);
    const eta = estimateWait(position, st.online, this.handling.recent(entry.group), {
      concurrency: st.online > 0 ? st.slots / st.online : 1,
      freeSlots: st.free,
    });
    return eta === undefined ? { position } : { position, etaSeconds: eta };
  }

  /** The running SLA timer an agent's countdown shows. */
  async slaOf(conversationId: string): Promise<InboxItem['sla']> {
    const timers = (await this.slaTimers(conversationId)).filter((t) => t.metric !== 'resolution');
    const t = timers.sort((a, b) => a.dueAt - b.dueAt)[0];
    return t ? { metric: t.metric, startedAt: t.startedAt, dueAt: t.dueAt, state: t.state } : undefined;
  }

  /** The conversation's SLA timers; none (and a fault) when the store cannot say, as a countdown is not worth failing a frame for. */
  async slaTimers(conversationId: string): Promise<SlaTimer[]> {
    try {
      return await this.sla.timersOf(conversationId);
    } catch (error) {
      this.hooks.fault('sla', error);
      return [];
    }
  }

  ticketOf(conversationId: string): Promise<Ticket | undefined> {
    return this.desk.openFor(conversationId);
  }

  /**
   * Offers waiting conversations to online agents with room. Runs one pass at a time; a pass
   * asked for while one runs is folded into the next.
   */
  dispatch(groups?: readonly string[]): void {
    if (!this.auto || this.closed) return;
    this.dispatching = this.dispatching
      .then(() => this.dispatchOnce(groups))
      .catch((error) => this.hooks.fault('dispatch', error));
  }

  async idle(): Promise<void> {
    await this.dispatching;
    await this.durable.idle();
  }

  dispose(): void {
    this.closed = true;
    for (const off of this.unsubscribers.splice(0)) void off();
    this.timers.clearAll();
    this.durable.dispose();
    this.heartbeat.dispose();
    this.breachRate.dispose();
  }

  private async dispatchOnce(groups?: readonly string[]): Promise<void> {
    const assignments = assignNext(this.queue, this.directory, {
      strategy: this.o.strategy,
      preferLastAgent: this.o.preferLastAgent,
      ...(groups ? { groups } : {}),
    });
    const touched = new Set<string>();
    for (const a of assignments) {
      const profile = this.profiles.get(a.agentId);
      touched.add(a.group);
      const ok = profile ? await this.hooks.assign(a.conversationId, profile) : false;
      if (!ok) {
        this.directory.release(a.agentId);
        continue;
      }
      this.assigned(a.conversationId, a.agentId, false);
    }
    for (const group of touched) await this.hooks.refreshQueue(group);
  }

  private async missed(conversationId: string, agentId: string): Promise<void> {
    // Not at the desk: stop offering them conversations until they say they are back (on every node).
    const profile = this.profiles.get(agentId);
    const agent = this.directory.get(agentId);
    if (profile && agent) this.publishPresence({ profile, status: 'away', active: agent.active });
    this.hooks.alert(
      {
        kind: 'requeued',
        conversationId,
        message: 'you did not open this conversation in time; it went back to the queue',
        at: this.clock.now(),
      },
      { agentId },
    );
    await this.hooks.requeue(conversationId, agentId, 'the agent did not open it in time');
  }

  /** Requeues what the store says the agent holds (assignments made by any node). */
  private async requeueAll(agentId: string, reason: string): Promise<void> {
    const held = await this.store.listConversations({ statuses: ['assigned', 'pending'], agentId });
    for (const c of held)
      await this.hooks.requeue(c.id, agentId, reason).catch((e) => this.hooks.fault('requeue', e));
  }

  /** Tells every node how many conversations the agent holds now, from the store. */
  private async syncLoad(agentId: string): Promise<void> {
    const profile = this.profiles.get(agentId);
    const agent = this.directory.get(agentId);
    if (!profile || !agent) return;
    try {
      const held = await this.store.listConversations({ statuses: ['assigned', 'pending'], agentId });
      this.publishPresence({ profile, status: agent.status, active: held.length });
    } catch (error) {
      this.hooks.fault('agent load', error);
    }
  }

  private publishPresence(agent: AgentPresence): void {
    void this.bus
      .publish(channels.presence, { kind: 'presence', node: this.nodeId, agent })
      .catch((e) => this.hooks.fault('presence', e));
  }

  private publishRouting(event: Extract<BusEvent, { kind: 'routing' }>): void {
    void this.bus.publish(channels.routing, event).catch((e) => this.hooks.fault('routing', e));
  }

  private onPresence(event: BusEvent): void {
    if (event.kind !== 'presence' || this.closed) return;
    const { profile, status, active } = event.agent;
    this.profiles.set(profile.id, profile);
    // Back online on another node within the grace period: nothing to requeue.
    if (status !== 'offline' && event.node !== this.nodeId) this.timers.clear(`grace:${profile.id}`);
    this.directory.upsert({
      id: profile.id,
      groups: profile.groups,
      level: profile.level ?? 'junior',
      // Agents who list no languages are taken to speak both the widget's languages.
      languages: profile.languages ?? ['zh', 'en'],
      ...(profile.capacity === undefined ? {} : { capacity: profile.capacity }),
      status,
      active,
    });
    if (status === 'online') this.dispatch(profile.groups);
  }

  private onRouting(event: BusEvent): void {
    if (event.kind !== 'routing' || this.closed) return;
    // The node that changed the queue tells its shoppers their new places (once, not once per node).
    const refresh = (group: string | undefined) => {
      if (group && event.node === this.nodeId)
        void this.hooks.refreshQueue(group).catch((e) => this.hooks.fault('queue refresh', e));
    };
    if (event.op === 'enqueue') {
      this.queue.enqueue(event.entry);
      refresh(event.entry.group);
      this.dispatch([event.entry.group]);
    } else if (event.op === 'dequeue') {
      const group = this.queue.get(event.conversationId)?.group;
      if (this.queue.remove(event.conversationId)) refresh(group);
    }
  }

  /** The breached share of responses in the rolling alert window. */
  breachRateNow(): number {
    return this.breachRate.rate();
  }

  /** Who holds a conversation now, from the store (any node may have assigned it). */
  async ownerOf(conversationId: string): Promise<string | undefined> {
    const c = await this.store.getConversation(conversationId);
    return c && (c.state.status === 'assigned' || c.state.status === 'pending')
      ? c.state.agent?.id
      : undefined;
  }

  private async onSla(e: SlaEvent): Promise<void> {
    this.hooks.event('sla', e);
    if (!('timer' in e)) return;
    const outcome = e.type !== 'near_breach' && e.timer.metric !== 'resolution' ? e.type : undefined;
    const alerted = e.type === 'near_breach' || e.type === 'breach';
    // One read of who holds the conversation serves the event log and the alert alike.
    const owner = outcome || alerted ? await this.ownerOf(e.timer.conversationId) : undefined;
    if (outcome) this.hooks.recordSla(e.timer, outcome, e.at, owner);
    if (alerted) {
      this.hooks.alert(
        {
          kind: e.type === 'breach' ? 'sla_breach' : 'sla_near_breach',
          conversationId: e.timer.conversationId,
          ...(e.timer.scope.group ? { group: e.timer.scope.group } : {}),
          message: `${e.timer.metric.replace('_', ' ')} ${e.type === 'breach' ? 'is overdue' : 'is almost due'}`,
          at: e.at,
        },
        owner ? { agentId: owner } : e.timer.scope.group ? { group: e.timer.scope.group } : {},
      );
    }
    void this.hooks.slaChanged(e.timer.conversationId).catch((err) => this.hooks.fault('sla', err));
  }

  private onTicket(e: TicketEvent): void {
    this.hooks.event('ticket', e);
    const t = e.ticket;
    if (e.type === 'overdue' && t.conversationId)
      this.hooks.alert(
        {
          kind: 'ticket_overdue',
          conversationId: t.conversationId,
          message: `ticket ${t.id}: ${e.deadline.kind} is overdue`,
          at: this.clock.now(),
        },
        t.assignee ? { agentId: t.assignee.id } : t.group ? { group: t.group } : {},
      );
    if (t.conversationId)
      void this.hooks
        .ticketChanged(t.conversationId, ticketSummary(t))
        .catch((err) => this.hooks.fault('ticket', err));
  }
}

const ACCEPT_TIMER_KIND = 'accept';
const acceptKey = (conversationId: string) => `accept:${conversationId}`;
const conversationIdOf = (key: string) => key.slice(key.indexOf(':') + 1);

export function ticketSummary(t: Ticket): TicketSummary {
  const last = [...t.history]
    .reverse()
    .find((h) => h.note && (h.action === 'progress' || h.action === 'workaround' || h.action === 'resolved'));
  return {
    id: t.id,
    status: t.status,
    tier: t.tier,
    ...(t.expectedReplyAt === undefined ? {} : { expectedReplyAt: t.expectedReplyAt }),
    deadlines: t.deadlines.slice(0, 5).map((d) => ({
      kind: d.kind,
      dueAt: d.dueAt,
      overdue: d.overdue,
      ...(d.metAt === undefined ? {} : { metAt: d.metAt }),
    })),
    ...(last?.note ? { lastUpdate: last.note.slice(0, 300) } : {}),
  };
}
