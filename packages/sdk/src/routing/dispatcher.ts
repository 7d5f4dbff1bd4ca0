import { randomBytes } from 'node:crypto';
import type { InboxItem } from '@kefu/protocol';
import { BoundedMap, CONVERSATION_CACHE_SIZE } from '../bounded-map.ts';
import type { Bus } from '../bus/bus.ts';
import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { NewTicket, Ticket, TicketActor } from '../seams/tickets.ts';
import type { Store, StoredConversation } from '../store/store.ts';
import { AcceptDeadlines } from './accept-deadlines.ts';
import { type AgentStatus, type AssignStrategy, DEFAULT_CAPACITY } from './agent-directory.ts';
import { AgentRoster } from './agent-roster.ts';
import type { RoutingDecision } from './default-router.ts';
import { DispatchLoop } from './dispatch-loop.ts';
import type { DispatchHooks, RoutingOptions } from './dispatcher-contract.ts';
import { DurableTimers } from './durable-timers.ts';
import { HandlingTimes } from './handling-times.ts';
import { LapsedOffers } from './lapsed-offers.ts';
import { storedQueueEntry } from './queue-check.ts';
import { type QueueWait, waitInQueue } from './queue-wait.ts';
import { ServicePromises, type TicketAction } from './service-promises.ts';
import { type QueueRoute, SharedQueue } from './shared-queue.ts';
import type { SlaScope, SlaTimer } from './sla.ts';

export type { DispatchEvents, DispatchHooks, RoutingOptions } from './dispatcher-contract.ts';

/**
 * The routing state of one hub node: who is online with room, who waits in which order, and the
 * promises made on the way (SLA timers, tickets, follow-ups, accept timeouts), which live in the
 * store's durable timers so they outlast this node. The store stays the source of truth for who
 * owns a conversation; this decides whom to offer it to, and every assignment is a
 * compare-and-set on the store.
 */
export class Dispatcher {
  /** Who is online with room, cluster-wide. */
  private readonly roster: AgentRoster;
  private readonly shared: SharedQueue;
  private readonly handling = new HandlingTimes();
  /**
   * The store's durable timers on this node. Other concerns with work due later (order watches)
   * register their kinds here: a second poller would claim and sit on timers it cannot run.
   */
  readonly durable: DurableTimers;
  /** SLA timers, tickets and follow-ups: spoken to only through this class's intent-level methods. */
  private readonly promises: ServicePromises;
  private readonly accepts: AcceptDeadlines;
  /** Whom each waiting conversation passed over in this wait (read by the requeue, which adds to it). */
  readonly lapses: LapsedOffers;
  /** When this node saw each conversation assigned, for handling times (another node may release it). */
  private readonly assignedAt = new BoundedMap<string, number>(CONVERSATION_CACHE_SIZE);
  /** This hub node, in presence and routing events. */
  readonly nodeId = randomBytes(6).toString('hex');
  private readonly mode: 'auto' | 'manual';
  private readonly o: Required<
    Pick<RoutingOptions, 'acceptTimeoutMs' | 'agentGraceMs' | 'preferLastAgent'>
  > & {
    strategy: AssignStrategy;
  };
  /** The passes that offer waiting conversations to agents. */
  private readonly loop: DispatchLoop;

  constructor(
    options: RoutingOptions & { defaultCapacity?: number },
    private readonly clock: Clock,
    ids: IdGenerator,
    private readonly hooks: DispatchHooks,
    bus: Bus,
    readonly store: Store,
  ) {
    this.mode = options.assignment ?? 'auto';
    this.o = {
      acceptTimeoutMs: options.acceptTimeoutMs ?? 30_000,
      agentGraceMs: options.agentGraceMs ?? 30_000,
      preferLastAgent: options.preferLastAgent ?? true,
      strategy: options.strategy ?? 'least-busy',
    };
    this.shared = new SharedQueue({
      nodeId: this.nodeId,
      bus,
      hooks,
      now: () => clock.now(),
      noted: (id) => this.loop.noteQueueEvent(id),
      enqueued: (entry) => {
        this.lapses.seen(entry);
        this.dispatch([entry.group]);
      },
    });
    this.durable = new DurableTimers({
      store,
      clock,
      owner: this.nodeId,
      ...options.timers,
      onError: (what, error) => hooks.fault(what, error),
    });
    this.lapses = new LapsedOffers({ clock, hooks, away: (id) => this.roster.setStatus(id, 'away') });
    this.accepts = new AcceptDeadlines(
      this.durable,
      clock,
      this.o.acceptTimeoutMs,
      (conversationId, agentId) => this.lapses.missed(conversationId, agentId),
      (what, error) => hooks.fault(what, error),
    );
    this.roster = new AgentRoster({
      nodeId: this.nodeId,
      clock,
      bus,
      store,
      durable: this.durable,
      graceMs: this.o.agentGraceMs,
      defaultCapacity: options.defaultCapacity ?? DEFAULT_CAPACITY,
      hooks,
      onOnline: (groups) => this.dispatch(groups),
    });
    this.promises = new ServicePromises(options, {
      clock,
      ids,
      bus,
      store,
      durable: this.durable,
      nodeId: this.nodeId,
      hooks,
      present: (agentId) => this.roster.present(agentId),
      offline: (agentId) => this.roster.offline(agentId),
    });
    // Made last: it sets its timers as it is made, after every other part's.
    this.loop = new DispatchLoop({
      auto: this.auto,
      clock,
      store,
      queue: this.shared.queue,
      roster: this.roster,
      hooks,
      strategy: this.o.strategy,
      preferLastAgent: this.o.preferLastAgent,
      assigned: (conversationId, agentId) => this.assigned(conversationId, agentId, false),
    });
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
    await this.shared.start();
    await this.promises.start();
    this.durable.start();
    await this.roster.start();
  }

  /** Rebuilds the queue from the store after a start or restart (this node only: the others have theirs). */
  restore(queued: StoredConversation[]): void {
    for (const c of queued) this.shared.queue.enqueue(storedQueueEntry(c, this.clock.now()));
    this.dispatch();
  }

  // ── agents ────────────────────────────────────────────────────────────────

  /** Returns the status the connection takes: see AgentRoster.connected. */
  agentConnected(profile: AgentProfile, status: AgentStatus, active: number): AgentStatus {
    return this.roster.connected(profile, status, active);
  }

  agentStatus(id: string, status: AgentStatus): void {
    this.roster.setStatus(id, status);
  }

  /** An agent connection closed; after the grace period without a new one anywhere, their conversations are requeued. */
  agentDisconnected(id: string): void {
    this.roster.disconnected(id);
  }

  /** Agents online anywhere in the cluster. */
  online(): AgentProfile[] {
    return this.roster.online();
  }

  profile(id: string): AgentProfile | undefined {
    return this.roster.profile(id);
  }

  /** The conversations an agent holds and how many they take at once, as routing sees them now. */
  loadOf(id: string): { active: number; capacity: number } | undefined {
    const agent = this.roster.directory.get(id);
    return agent ? { active: agent.active, capacity: agent.capacity } : undefined;
  }

  /** Whether an agent known to routing is in `group`: see AgentRoster.hasGroup. */
  hasGroup(group: string): boolean {
    return this.roster.hasGroup(group);
  }

  // ── conversations ─────────────────────────────────────────────────────────

  /** A conversation entered the queue (`passedOver`: who let it lapse in this wait, see LapsedOffers). */
  enqueue(c: StoredConversation, route: QueueRoute, lastAgentId?: string): void {
    this.shared.enqueue(c, route, lastAgentId);
  }

  /** Conversations waiting, cluster-wide, whose shopper asked from `source` (see QueueEntry.source). */
  waitingFrom(source: string): number {
    return this.shared.waitingFrom(source);
  }

  /** The conversation left the queue some other way (accepted by hand, closed, handed back). */
  dequeue(conversationId: string): void {
    this.shared.dequeue(conversationId);
  }

  /** An agent owns it now (picked by hand or by the dispatcher). */
  assigned(conversationId: string, agentId: string, byHand: boolean): void {
    this.dequeue(conversationId);
    if (byHand) this.roster.directory.reserve(agentId);
    this.assignedAt.set(conversationId, this.clock.now());
    if (!byHand && this.auto) this.accepts.start(conversationId, agentId);
    void this.roster.syncLoad(agentId);
  }

  /**
   * The agent opened or answered the conversation: the assignment stands (on whichever node made
   * it). A store failure here is reported, never thrown: what the agent did is already done.
   */
  async opened(conversationId: string): Promise<void> {
    this.lapses.forget(conversationId);
    await this.keep('accept timer', conversationId, this.accepts.clear(conversationId));
  }

  /**
   * When the conversation became its current agent's, if this node assigned it (undefined after
   * a restart, or when another node did): quality inspection's SLA rule counts from it.
   */
  heldSince(conversationId: string): number | undefined {
    return this.assignedAt.get(conversationId);
  }

  /** The agent gave the conversation up (closed, transferred, handed back, requeued). */
  released(c: StoredConversation, agentId: string): void {
    void this.accepts.clear(c.id).catch((e) => this.hooks.fault('accept timer', e));
    this.roster.directory.release(agentId);
    const since = this.assignedAt.get(c.id);
    if (since !== undefined && c.state.group) this.handling.record(c.state.group, this.clock.now() - since);
    this.assignedAt.delete(c.id);
    void this.roster.syncLoad(agentId);
  }

  /** The conversation is over: stop every timer and promise about it. */
  async ended(conversationId: string): Promise<void> {
    this.dequeue(conversationId);
    await this.promises.ended(conversationId);
    await this.accepts.clear(conversationId);
  }

  // ── what happened to a conversation (the promises behind it stay private) ──

  /**
   * The bot handed the conversation to people: a ticket when the router asked for one, then
   * (unless it is an offline ticket) the SLA clocks start and it joins its group's queue.
   */
  async escalated(
    c: StoredConversation,
    route: Pick<RoutingDecision, 'group' | 'priority' | 'reason' | 'requires' | 'tier' | 'ticket'>,
    reason: string,
    scope: SlaScope,
    lastAgentId?: string,
  ): Promise<void> {
    if (route.ticket) await this.promises.openTicket(c, { ...route, ticket: route.ticket }, reason);
    if (route.ticket?.offline) return;
    await this.keep('sla', c.id, this.promises.startClocks(c.id, scope));
    this.enqueue(c, route, lastAgentId);
  }

  /** The shopper wrote to their agent: the agent owes the next reply, and a follow-up wait is over. */
  async shopperReplied(conversationId: string, scope: SlaScope, wasPending: boolean): Promise<void> {
    await this.keep('sla', conversationId, this.promises.awaitReply(conversationId, scope));
    if (wasPending)
      await this.keep('follow-up', conversationId, this.promises.cancelFollowUp(conversationId));
  }

  /** Whether the agent is offline, cluster-wide (see AgentRoster.offline). */
  offline(agentId: string): Promise<boolean> {
    return this.roster.offline(agentId);
  }

  /** Back to the queue from the agent who holds it, if they still do (a compare-and-set). */
  requeue(conversationId: string, agentId: string, reason: string): Promise<void> {
    return this.hooks.requeue(conversationId, agentId, reason);
  }

  /** The agent answered: the assignment stands and the response clock stops. */
  async agentReplied(conversationId: string): Promise<void> {
    await this.opened(conversationId);
    await this.keep('sla', conversationId, this.promises.agentReplied(conversationId));
  }

  /** The agent gave it back to the bot: nobody owes a reply or a follow-up any more. */
  async handedBack(conversationId: string): Promise<void> {
    await this.keep('sla', conversationId, this.promises.cancelClocks(conversationId));
    await this.keep('follow-up', conversationId, this.promises.cancelFollowUp(conversationId));
  }

  /** The agent waits on the shopper until `dueAt` (an open ticket waits too). */
  waiting(conversationId: string, dueAt: number, by: TicketActor, note?: string): Promise<void> {
    return this.promises.waiting(conversationId, dueAt, by, note);
  }

  /** The conversation was closed: every clock stops and its open ticket is resolved. */
  async closed(conversationId: string, by: TicketActor, resolution?: string): Promise<void> {
    await this.keep('timers', conversationId, this.ended(conversationId));
    await this.promises.resolveTicket(conversationId, by, resolution);
  }

  /** An agent opens, updates or resolves the conversation's ticket. */
  ticketAction(
    c: StoredConversation,
    by: TicketActor & { id: string; name: string },
    action: TicketAction,
    note?: string,
  ): Promise<void> {
    return this.promises.ticketAction(c, by, action, note);
  }

  /** Moves a ticket on by its id (one without a conversation too): progress, workaround or resolve. */
  moveTicket(
    ticketId: string,
    by: TicketActor,
    action: Exclude<TicketAction, 'create'>,
    note?: string,
  ): Promise<void> {
    return this.promises.moveTicket(ticketId, by, action, note);
  }

  /** Opens a ticket nobody escalated to (an order exception), with its tier's deadlines. */
  openTicket(input: NewTicket): Promise<Ticket> {
    return this.promises.createTicket(input);
  }

  /** An open ticket follows its conversation to the agent who takes it. */
  ticketFollows(conversationId: string, agentId: string): Promise<void> {
    const name = this.roster.profile(agentId)?.name;
    return this.promises.ticketFollows(conversationId, { id: agentId, ...(name ? { name } : {}) });
  }

  /** The conversation's SLA timers (none when the store cannot say). */
  slaTimers(conversationId: string): Promise<SlaTimer[]> {
    return this.promises.slaTimers(conversationId);
  }

  /** The breached share of responses in the rolling alert window. */
  breachRateNow(): number {
    return this.promises.breachRateNow();
  }

  /** The conversations waiting in a group, in queue order. */
  waitingIn(group: string): string[] {
    return this.shared.waitingIn(group);
  }

  /**
   * The first `n` conversations waiting in `groups` (all groups when undefined), in queue order,
   * without reading the rest: an agent's welcome lists these.
   */
  firstWaiting(groups: readonly string[] | undefined, n: number): string[] {
    return this.shared.firstWaiting(groups, n);
  }

  /** Conversations waiting per group, for metrics. */
  queueSizes(): Record<string, number> {
    return this.shared.sizes();
  }

  /** Whether anyone of the group is online (the default router's `isStaffed`). */
  isStaffed(group: string): boolean {
    return this.roster.directory.staffing(group).online > 0;
  }

  /**
   * Timer bookkeeping around what a person did: a store failure there is reported as a fault
   * and does not fail the message or change it follows, which is already stored.
   */
  private async keep(what: string, conversationId: string, work: Promise<unknown>): Promise<void> {
    try {
      await work;
    } catch (error) {
      this.hooks.fault(what, error, conversationId);
    }
  }

  /**
   * Queue position and estimated wait (seconds) of a conversation the store calls queued. The
   * state that says so is published before the queue event comes back over the bus, so its place
   * is where the stored record puts it: the first `queued` a shopper sees carries the place.
   */
  waitOf(c: StoredConversation): QueueWait {
    return waitInQueue(
      this.shared.queue,
      this.roster.directory,
      this.handling,
      storedQueueEntry(c, this.clock.now()),
    );
  }

  /** The running SLA timer an agent's countdown shows. */
  async slaOf(conversationId: string): Promise<InboxItem['sla']> {
    const timers = (await this.slaTimers(conversationId)).filter((t) => t.metric !== 'resolution');
    const t = timers.sort((a, b) => a.dueAt - b.dueAt)[0];
    return t ? { metric: t.metric, startedAt: t.startedAt, dueAt: t.dueAt, state: t.state } : undefined;
  }

  /** Offers waiting conversations to online agents with room (see DispatchLoop.dispatch). */
  dispatch(groups?: readonly string[]): void {
    this.loop.dispatch(groups);
  }

  async idle(): Promise<void> {
    await this.loop.idle();
    await this.durable.idle();
  }

  dispose(): void {
    this.loop.dispose();
    this.shared.dispose();
    this.durable.dispose();
    this.roster.dispose();
    this.promises.dispose();
  }
}
