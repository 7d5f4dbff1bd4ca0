import { KefuError, type TicketSummary } from '@kefu/protocol';
import type { Bus } from '../bus/bus.ts';
import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import type {
  NewTicket,
  SupportTier,
  Ticket,
  TicketActor,
  TicketAdvice,
  TicketEvent,
} from '../seams/tickets.ts';
import type { Store, StoredConversation } from '../store/store.ts';
import { ClusterBreachRate } from './cluster-breach-rate.ts';
import type { DispatchHooks, RoutingOptions } from './dispatcher-contract.ts';
import type { DurableTimers } from './durable-timers.ts';
import { FollowUps } from './follow-ups.ts';
import { type SlaEvent, type SlaScope, type SlaTimer, SlaTracker } from './sla.ts';
import { TicketDesk } from './tickets.ts';

export type TicketAction = 'create' | 'progress' | 'workaround' | 'resolve';

/**
 * The promises made to a shopper on the way to a person — SLA timers, tickets with deadlines,
 * follow-ups — kept on the store's durable timers so they outlast this node. Private to routing:
 * the rest of the hub speaks to it through what happened (escalated, the shopper replied, an
 * agent replied, waiting, closed), never to the timers themselves.
 */
export class ServicePromises {
  private readonly sla: SlaTracker;
  private readonly desk: TicketDesk;
  private readonly followUps: FollowUps;
  private readonly breachRate: ClusterBreachRate;
  /** Each conversation's latest ticket summary being written, so the action that changed it can wait for it. */
  private readonly summaries = new Map<string, Promise<void>>();

  constructor(
    options: RoutingOptions,
    private readonly deps: {
      clock: Clock;
      ids: IdGenerator;
      bus: Bus;
      store: Store;
      durable: DurableTimers;
      nodeId: string;
      hooks: DispatchHooks;
      /** Not offline, with a console open: a breach counts against the agent who holds it only then. */
      present: (agentId: string) => boolean;
      /** Offline (see AgentRoster.offline): a follow-up that falls due on their case sends it to the queue. */
      offline: (agentId: string) => Promise<boolean>;
    },
  ) {
    const { clock, hooks, durable: timers } = deps;
    this.breachRate = new ClusterBreachRate({
      nodeId: deps.nodeId,
      bus: deps.bus,
      timers,
      clock,
      ...(options.breachAlert ? { options: options.breachAlert } : {}),
      onChange: async (e) => {
        hooks.event('sla', e);
        hooks.alert(
          {
            kind: e.type === 'breach_rate_alert' ? 'breach_rate' : 'breach_rate_cleared',
            message: `${Math.round(e.rate * 1000) / 10} % of ${e.total} responses breached their SLA in the window`,
            at: e.at,
            rate: e.rate,
            threshold: e.threshold,
            total: e.total,
          },
          {},
        );
      },
      onError: (what, error) => hooks.fault(what, error),
    });
    this.sla = new SlaTracker({
      timers,
      clock,
      ...(options.sla ? { policies: options.sla } : {}),
      monitor: this.breachRate,
      persist: async (events) => {
        for (const e of events) await hooks.persist('sla', e);
      },
      onEvent: (e) => void this.onSla(e).catch((err) => hooks.fault('sla', err)),
    });
    this.desk = new TicketDesk({
      timers,
      clock,
      ids: deps.ids,
      ...(options.ticketDeadlines ? { deadlines: options.ticketDeadlines } : {}),
      persist: (e) => hooks.persist('ticket', e),
      onEvent: (e) => this.onTicket(e),
    });
    this.followUps = new FollowUps({
      timers,
      onDue: async (f) => {
        // Why it waits is the conversation's reason (kept there so erasing it erases that too).
        const c = await deps.store.getConversation(f.conversationId);
        const note = c?.state.status === 'pending' ? c.state.reason : undefined;
        // Its agent has no console open: the group hears of it. Offline (past the grace period):
        // someone of the group takes it too; in the grace period, the grace's end requeues it.
        const owner = c?.state.status === 'pending' ? c.state.agent?.id : undefined;
        const absent = owner !== undefined && !deps.present(owner);
        const gone = owner !== undefined && (await deps.offline(owner)) ? owner : undefined;
        hooks.event('followUp', { ...f, ...(note ? { note } : {}) });
        hooks.alert(
          {
            kind: 'follow_up_due',
            conversationId: f.conversationId,
            message: note ?? 'a follow-up is due',
            at: clock.now(),
            ...(note ? { note } : {}),
          },
          absent ? { group: c?.state.group ?? 'default' } : f.agentId ? { agentId: f.agentId } : {},
        );
        if (gone)
          await hooks
            .requeue(f.conversationId, gone, 'a follow-up fell due while the agent was offline')
            .catch((e) => hooks.fault('requeue', e, f.conversationId));
      },
    });
  }

  start(): Promise<void> {
    return this.breachRate.start();
  }

  dispose(): void {
    this.breachRate.dispose();
  }

  // ── what happened ─────────────────────────────────────────────────────────

  /** A ticket for something found outside a chat (an order exception), with its tier's deadlines. */
  createTicket(input: NewTicket): Promise<Ticket> {
    return this.desk.create(input);
  }

  /** The router asked for a ticket: open it with the router's tier and advice. */
  async openTicket(
    c: StoredConversation,
    route: { group: string; tier?: SupportTier; ticket: TicketAdvice },
    reason: string,
  ): Promise<void> {
    await this.desk.fromConversation(c, {
      ...(route.tier ? { tier: route.tier } : {}),
      advice: route.ticket,
      title: `${route.tier ?? 'L2'} ${route.group}: ${reason}`.slice(0, 200),
    });
  }

  /** It waits for a person: the clocks on the first reply and on its resolution start. */
  async startClocks(conversationId: string, scope: SlaScope): Promise<void> {
    await this.sla.awaitReply(conversationId, scope);
    await this.sla.start(conversationId, 'resolution', scope);
  }

  /** The shopper wrote to an agent: the agent owes the next reply. */
  awaitReply(conversationId: string, scope: SlaScope): Promise<unknown> {
    return this.sla.awaitReply(conversationId, scope);
  }

  /** A follow-up wait is over (the shopper wrote, or the agent handed back). */
  cancelFollowUp(conversationId: string): Promise<unknown> {
    return this.followUps.cancel(conversationId);
  }

  /** An agent answered: the response clock stops. */
  async agentReplied(conversationId: string): Promise<void> {
    const stopped = await this.sla.respond(conversationId);
    // A breached clock stops without an event, so nothing else takes its countdown off the inbox
    // line: every console would show it running on, overdue, after the answer.
    if (stopped.some((t) => t.state === 'breached')) await this.deps.hooks.slaChanged(conversationId);
  }

  /** Nobody owes a reply any more (handed back to the bot). */
  cancelClocks(conversationId: string): Promise<void> {
    return this.sla.cancel(conversationId);
  }

  /** The agent waits on the shopper until `dueAt`; an open ticket waits too. */
  async waiting(conversationId: string, dueAt: number, by: TicketActor, note?: string): Promise<void> {
    await this.sla.respond(conversationId);
    await this.followUps.schedule({ conversationId, dueAt, ...(by.id ? { agentId: by.id } : {}) });
    const ticket = await this.desk.openFor(conversationId);
    if (ticket) await this.desk.setPending(ticket.id, by, { dueAt, ...(note ? { note } : {}) });
  }

  /** The conversation is over: every clock about it stops. */
  async ended(conversationId: string): Promise<void> {
    await this.sla.resolve(conversationId);
    await this.sla.cancel(conversationId);
    await this.followUps.cancel(conversationId);
  }

  /** Resolves the conversation's open ticket, if it has one. */
  async resolveTicket(conversationId: string, by: TicketActor, note?: string): Promise<void> {
    const ticket = await this.desk.openFor(conversationId);
    if (!ticket) return;
    await this.desk.resolve(ticket.id, by, note);
    // A close answers with the conversation read after it: that read must show the ticket resolved.
    await this.summaries.get(conversationId);
  }

  /** An open ticket follows its conversation to the agent who takes it. */
  async ticketFollows(conversationId: string, agent: { id: string; name?: string }): Promise<void> {
    const ticket = await this.desk.openFor(conversationId);
    if (!ticket || ticket.assignee?.id === agent.id) return;
    await this.desk.assign(ticket.id, agent, { kind: 'system' });
  }

  /** An agent opens, updates or resolves the conversation's ticket; the shopper sees its progress. */
  async ticketAction(
    c: StoredConversation,
    by: TicketActor & { id: string; name: string },
    action: TicketAction,
    note?: string,
  ): Promise<void> {
    const open = await this.desk.openFor(c.id);
    if (action === 'create') {
      if (open) throw new KefuError('conflict', `conversation ${c.id} already has ticket ${open.id}`);
      // Overdue alerts go to the assignee: an agent who opens it keeps it; one opened from the back
      // office (an API key is nobody's console) goes to the agent who holds the conversation, else
      // to the group.
      const holder =
        c.state.status === 'assigned' || c.state.status === 'pending' ? c.state.agent : undefined;
      const assignee =
        by.kind === 'agent'
          ? { id: by.id, name: by.name }
          : holder
            ? { id: holder.id, name: holder.name }
            : undefined;
      await this.desk.fromConversation(c, {
        tier: 'L3',
        cause: 'manual',
        by,
        ...(assignee ? { assignee } : {}),
        title: note ?? `ticket for ${c.id}`,
      });
      return;
    }
    if (!open) throw new KefuError('not_found', `conversation ${c.id} has no open ticket`);
    await this.moveTicket(open.id, by, action, note);
  }

  /** Moves a ticket on by its id: also one with no conversation (an order exception's). */
  async moveTicket(
    ticketId: string,
    by: TicketActor,
    action: Exclude<TicketAction, 'create'>,
    note?: string,
  ): Promise<void> {
    const text = note ?? action;
    if (action === 'progress') await this.desk.progress(ticketId, by, text);
    else if (action === 'workaround') await this.desk.workaround(ticketId, by, text);
    else await this.desk.resolve(ticketId, by, text);
  }

  // ── what agents and reports read ──────────────────────────────────────────

  /** The conversation's SLA timers; none (and a fault) when the store cannot say, as a countdown is not worth failing a frame for. */
  async slaTimers(conversationId: string): Promise<SlaTimer[]> {
    try {
      return await this.sla.timersOf(conversationId);
    } catch (error) {
      this.deps.hooks.fault('sla', error);
      return [];
    }
  }

  /** The breached share of responses in the rolling alert window. */
  breachRateNow(): number {
    return this.breachRate.rate();
  }

  // ── what the timers raise ─────────────────────────────────────────────────

  /**
   * Who holds a conversation now, from the store (any node may have assigned it), if they are
   * here to answer: an agent whose console is closed is not counted against (nor alerted about)
   * what runs late meanwhile; the group hears of it instead.
   */
  private async ownerOf(conversationId: string): Promise<string | undefined> {
    const c = await this.deps.store.getConversation(conversationId);
    const held =
      c && (c.state.status === 'assigned' || c.state.status === 'pending') ? c.state.agent?.id : undefined;
    return held && this.deps.present(held) ? held : undefined;
  }

  private async onSla(e: SlaEvent): Promise<void> {
    const { hooks } = this.deps;
    hooks.event('sla', e);
    if (!('timer' in e)) return;
    const outcome = e.type !== 'near_breach' && e.timer.metric !== 'resolution' ? e.type : undefined;
    const alerted = e.type === 'near_breach' || e.type === 'breach';
    // One read of who holds the conversation serves the event log and the alert alike.
    const owner = outcome || alerted ? await this.ownerOf(e.timer.conversationId) : undefined;
    if (outcome) hooks.recordSla(e.timer, outcome, e.at, owner);
    if (alerted) {
      hooks.alert(
        {
          kind: e.type === 'breach' ? 'sla_breach' : 'sla_near_breach',
          conversationId: e.timer.conversationId,
          ...(e.timer.scope.group ? { group: e.timer.scope.group } : {}),
          message: `${e.timer.metric.replace('_', ' ')} ${e.type === 'breach' ? 'is overdue' : 'is almost due'}`,
          at: e.at,
          metric: e.timer.metric,
          dueAt: e.timer.dueAt,
        },
        owner ? { agentId: owner } : e.timer.scope.group ? { group: e.timer.scope.group } : {},
      );
    }
    void hooks.slaChanged(e.timer.conversationId).catch((err) => hooks.fault('sla', err));
  }

  private onTicket(e: TicketEvent): void {
    const { hooks } = this.deps;
    hooks.event('ticket', e);
    const t = e.ticket;
    if (e.type === 'overdue' && t.conversationId)
      hooks.alert(
        {
          kind: 'ticket_overdue',
          conversationId: t.conversationId,
          message: `ticket ${t.id}: ${e.deadline.kind} is overdue`,
          at: this.deps.clock.now(),
          ticketId: t.id,
          deadline: e.deadline.kind,
          dueAt: e.deadline.dueAt,
        },
        t.assignee ? { agentId: t.assignee.id } : t.group ? { group: t.group } : {},
      );
    const id = t.conversationId;
    if (!id) return;
    const written = hooks.ticketChanged(id, ticketSummary(t)).catch((err) => hooks.fault('ticket', err));
    this.summaries.set(id, written);
    void written.then(() => {
      if (this.summaries.get(id) === written) this.summaries.delete(id);
    });
  }
}

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
