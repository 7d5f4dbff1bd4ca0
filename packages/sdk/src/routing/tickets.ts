import { KefuError } from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import { defaultIds, type IdGenerator } from '../ids.ts';
import type {
  NewTicket,
  SupportTier,
  Ticket,
  TicketActor,
  TicketAdvice,
  TicketDeadlineKind,
  TicketDeadlinePolicy,
  TicketEvent,
  TicketHistoryEntry,
} from '../seams/tickets.ts';
import type { Store, TicketFilter, TimerRecord } from '../store/store.ts';
import type { DurableTimers } from './durable-timers.ts';

const HOUR = 3_600_000;

/** L3 (quality complaints, system faults): progress within 2 h, a workaround within 4 h. */
export const DEFAULT_TICKET_DEADLINES: Readonly<Record<SupportTier, TicketDeadlinePolicy>> = {
  L1: { resolution: 24 * HOUR },
  L2: { progress: 8 * HOUR, resolution: 24 * HOUR },
  L3: { progress: 2 * HOUR, workaround: 4 * HOUR },
};

const SYSTEM: TicketActor = { kind: 'system' };

/**
 * Entries a ticket's history keeps: its first (how it was opened) and the latest. Every action reads
 * and writes the whole ticket and sends it on (event log, webhooks), so an unbounded history made
 * each update cost more than the one before, and the owner could send updates at the frame rate.
 */
export const MAX_TICKET_HISTORY = 100;

/** The timer kind that carries tickets' deadlines and follow-ups. */
export const TICKET_TIMER_KIND = 'ticket';

/**
 * Tickets for what cannot be finished in a chat: L3 problems and contacts outside office hours.
 * Tickets live in the store, so they survive a restart; their deadlines run from creation and
 * raise `overdue` once each when missed, and a pending ticket's follow-up raises
 * `follow_up_due`, on exactly one hub node (the store's timers). Every change adds a history
 * entry (who, what, when) and emits `created`/`updated` with the stored ticket, which is what the
 * shopper's widget shows as progress. Changes are compare-and-set on the ticket's version, so
 * two nodes changing one ticket at once both land, one after the other.
 * @example
 * const desk = new TicketDesk({ timers, clock, onEvent: (e) => hubEvents.emit('ticket', e) });
 * const t = await desk.create({ title: '质量投诉：屏幕坏点', conversationId: 'c1', cause: 'l3' });
 * await desk.progress(t.id, { kind: 'agent', id: 'a1' }, 'asked the warehouse for photos');
 */
export class TicketDesk {
  private readonly timers: DurableTimers;
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly deadlines: Record<SupportTier, TicketDeadlinePolicy>;
  private readonly onEvent: (event: TicketEvent) => void;
  private readonly persist: (event: TicketEvent) => Promise<void>;

  constructor(options: {
    timers: DurableTimers;
    clock: Clock;
    ids?: IdGenerator;
    /** Per tier, replacing that tier's defaults as a whole when given. */
    deadlines?: Partial<Record<SupportTier, TicketDeadlinePolicy>>;
    onEvent?: (event: TicketEvent) => void;
    /**
     * Stores an event durably (the webhook outbox) before it is told: a new or changed ticket
     * right after its write; a missed deadline before the write that marks it missed, so a node
     * dying in between leaves the timer to fire again elsewhere instead of losing it.
     */
    persist?: (event: TicketEvent) => Promise<void>;
  }) {
    this.timers = options.timers;
    this.store = options.timers.store;
    this.clock = options.clock;
    this.ids = options.ids ?? defaultIds;
    this.deadlines = { ...DEFAULT_TICKET_DEADLINES, ...options.deadlines };
    this.onEvent = options.onEvent ?? (() => {});
    this.persist = options.persist ?? (async () => {});
    this.timers.handle(TICKET_TIMER_KIND, (timer, now) => this.fire(timer, now));
  }

  async create(input: NewTicket): Promise<Ticket> {
    const now = this.clock.now();
    const tier = input.tier ?? 'L3';
    const ticket: Omit<Ticket, 'version'> = {
      id: this.ids('t'),
      title: input.title,
      tier,
      cause: input.cause ?? 'manual',
      status: 'open',
      createdAt: now,
      updatedAt: now,
      deadlines: Object.entries(this.deadlines[tier])
        .filter((e): e is [TicketDeadlineKind, number] => typeof e[1] === 'number')
        .map(([kind, ms]) => ({ kind, dueAt: now + ms, overdue: false }))
        .sort((a, b) => a.dueAt - b.dueAt),
      history: [entry(now, input.by ?? SYSTEM, 'created', input.note)],
    };
    if (input.conversationId !== undefined) ticket.conversationId = input.conversationId;
    if (input.group !== undefined) ticket.group = input.group;
    if (input.assignee) ticket.assignee = { ...input.assignee };
    if (input.expectedReplyAt !== undefined) ticket.expectedReplyAt = input.expectedReplyAt;
    const due = nextDue(ticket);
    const stored = await this.store.createTicket(ticket, due);
    this.timers.wakeAt(due);
    await this.persist({ type: 'created', ticket: stored });
    this.onEvent({ type: 'created', ticket: stored });
    return stored;
  }

  /**
   * A ticket for a conversation, from the router's advice when there is one (cause and the reply
   * time promised to the shopper).
   * @example
   * if (decision.ticket) await desk.fromConversation(conversation, { tier: decision.tier, advice: decision.ticket });
   */
  fromConversation(
    conversation: { id: string; state: { group?: string } },
    options: Omit<NewTicket, 'conversationId' | 'title'> & { title?: string; advice?: TicketAdvice } = {},
  ): Promise<Ticket> {
    const { advice, ...rest } = options;
    return this.create({
      title: `conversation ${conversation.id}`,
      ...(conversation.state.group === undefined ? {} : { group: conversation.state.group }),
      ...(advice ? { cause: advice.cause } : {}),
      ...(advice?.expectedReplyAt === undefined ? {} : { expectedReplyAt: advice.expectedReplyAt }),
      ...rest,
      conversationId: conversation.id,
    });
  }

  assign(id: string, assignee: { id: string; name?: string }, by: TicketActor): Promise<Ticket> {
    return this.change(id, by, 'assigned', undefined, (t) => {
      t.assignee = { ...assignee };
    });
  }

  /** A real update for the shopper: meets the `progress` deadline. */
  progress(id: string, by: TicketActor, note: string): Promise<Ticket> {
    return this.change(id, by, 'progress', note, (t) => meet(t, ['progress'], this.clock.now()));
  }

  /** The shopper can carry on: meets `workaround` (and `progress`, if still open). */
  workaround(id: string, by: TicketActor, note: string): Promise<Ticket> {
    return this.change(id, by, 'workaround', note, (t) =>
      meet(t, ['progress', 'workaround'], this.clock.now()),
    );
  }

  note(id: string, by: TicketActor, note: string): Promise<Ticket> {
    return this.change(id, by, 'note', note, () => {});
  }

  /**
   * Waiting on someone (the courier, the warehouse, the shopper) until `dueAt`, when a
   * `follow_up_due` alert fires. Deadlines keep running: a stuck refund is still ours to chase.
   */
  setPending(id: string, by: TicketActor, followUp: { dueAt: number; note?: string }): Promise<Ticket> {
    return this.change(id, by, 'pending', followUp.note, (t) => {
      t.status = 'pending';
      t.followUp = { ...followUp };
    });
  }

  /** Back to open: from pending, or a resolved ticket the shopper says is not solved after all. */
  reopen(id: string, by: TicketActor, note?: string): Promise<Ticket> {
    return this.change(
      id,
      by,
      'reopened',
      note,
      (t) => {
        // Not resolved after all: the resolution deadline is open again, and so is its alarm.
        if (t.status === 'resolved') for (const d of t.deadlines) if (d.kind === 'resolution') delete d.metAt;
        t.status = 'open';
        delete t.followUp;
      },
      true,
    );
  }

  resolve(id: string, by: TicketActor, note?: string): Promise<Ticket> {
    return this.change(id, by, 'resolved', note, (t) => {
      t.status = 'resolved';
      delete t.followUp;
      meet(t, ['resolution'], this.clock.now());
    });
  }

  get(id: string): Promise<Ticket | null> {
    return this.store.getTicket(id);
  }

  list(filter: TicketFilter = {}): Promise<Ticket[]> {
    return this.store.listTickets(filter);
  }

  /** The conversation's newest ticket that is not resolved. */
  async openFor(conversationId: string): Promise<Ticket | undefined> {
    return (await this.store.listTickets({ conversationId, statuses: ['open', 'pending'] })).at(-1);
  }

  /** Read, change, compare-and-set; again from a fresh read when another node changed it first. */
  private async change(
    id: string,
    by: TicketActor,
    action: TicketHistoryEntry['action'],
    note: string | undefined,
    apply: (t: Ticket) => void,
    allowResolved = false,
  ): Promise<Ticket> {
    for (let attempt = 1; ; attempt++) {
      const ticket = await this.store.getTicket(id);
      if (!ticket) throw new KefuError('not_found', `ticket ${id} does not exist`);
      if (ticket.status === 'resolved' && !allowResolved)
        throw new KefuError('conflict', `ticket ${id} is resolved; reopen it first`);
      apply(ticket);
      const now = this.clock.now();
      ticket.updatedAt = now;
      record(ticket, entry(now, by, action, note));
      const stored = await this.save(ticket);
      if (stored) {
        await this.persist({ type: 'updated', ticket: stored });
        this.onEvent({ type: 'updated', ticket: stored });
        return stored;
      }
      if (attempt >= 20)
        throw new KefuError('conflict', `ticket ${id} kept changing under ${attempt} attempts`);
    }
  }

  /** Compare-and-set on the ticket's version, its timer moved to its next due time; null when it changed meanwhile. */
  private async save(ticket: Ticket): Promise<Ticket | null> {
    const due = nextDue(ticket);
    const stored = await this.store.updateTicket(ticket, due);
    if (stored) this.timers.wakeAt(due);
    return stored;
  }

  /** Marks what fell due (missed deadlines, a follow-up) and tells of each, once: the stored write decides. */
  private async fire(timer: TimerRecord, now: number): Promise<void> {
    const id = timer.key.slice(timer.key.indexOf(':') + 1);
    for (let attempt = 1; attempt <= 20; attempt++) {
      const ticket = await this.store.getTicket(id);
      if (!ticket) {
        await this.timers.finish(timer, null);
        return;
      }
      const events: TicketEvent[] = [];
      if (ticket.status !== 'resolved')
        for (const d of ticket.deadlines) {
          if (d.metAt !== undefined || d.overdue || d.dueAt > now) continue;
          d.overdue = true;
          record(ticket, entry(now, SYSTEM, 'overdue', d.kind));
          events.push({ type: 'overdue', ticket, deadline: { ...d } });
        }
      const followUp = ticket.followUp;
      if (
        ticket.status === 'pending' &&
        followUp &&
        followUp.alertedAt === undefined &&
        followUp.dueAt <= now
      ) {
        followUp.alertedAt = now;
        record(ticket, entry(now, SYSTEM, 'follow_up_due', followUp.note));
        events.push({ type: 'follow_up_due', ticket });
      }
      if (events.length === 0) {
        // Nothing due after all (the ticket moved on since): just put its timer right.
        await this.timers.finish(timer, dueState(nextDue(ticket)));
        return;
      }
      ticket.updatedAt = now;
      for (const e of events) if (e.type === 'overdue') await this.persist(e);
      const stored = await this.save(ticket);
      if (!stored) continue;
      for (const e of events) this.onEvent({ ...e, ticket: stored });
      return;
    }
  }
}

/** When a ticket next needs looking at: its first open deadline, or its follow-up. */
export function nextDue(ticket: Omit<Ticket, 'version'>): number | null {
  if (ticket.status === 'resolved') return null;
  let due = Number.POSITIVE_INFINITY;
  for (const d of ticket.deadlines) if (d.metAt === undefined && !d.overdue) due = Math.min(due, d.dueAt);
  const f = ticket.followUp;
  if (ticket.status === 'pending' && f && f.alertedAt === undefined) due = Math.min(due, f.dueAt);
  return Number.isFinite(due) ? due : null;
}

const dueState = (dueAt: number | null) => (dueAt === null ? null : { dueAt, data: {} });

function meet(ticket: Ticket, kinds: readonly TicketDeadlineKind[], now: number): void {
  for (const d of ticket.deadlines) if (kinds.includes(d.kind) && d.metAt === undefined) d.metAt = now;
}

function entry(
  at: number,
  by: TicketActor,
  action: TicketHistoryEntry['action'],
  note?: string,
): TicketHistoryEntry {
  return { at, by: { ...by }, action, ...(note === undefined ? {} : { note }) };
}

/** Adds an entry to the ticket's history, dropping the oldest after the first past MAX_TICKET_HISTORY. */
function record(ticket: Ticket, e: TicketHistoryEntry): void {
  ticket.history.push(e);
  const over = ticket.history.length - MAX_TICKET_HISTORY;
  if (over > 0) ticket.history.splice(1, over);
}
