import { KefuError } from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import { defaultIds, type IdGenerator } from '../ids.ts';
import type { SupportTier, TicketAdvice } from './default-router.ts';
import { KeyedTimers } from './keyed-timers.ts';

export type TicketStatus = 'open' | 'pending' | 'resolved';
/** `progress`: a first real update; `workaround`: the shopper can carry on; `resolution`: done. */
export type TicketDeadlineKind = 'progress' | 'workaround' | 'resolution';
export type TicketCause = 'manual' | 'l3' | 'outside_office_hours' | 'no_agent_online' | 'follow_up';
/** Milliseconds from creation, per deadline kind. */
export type TicketDeadlinePolicy = Partial<Record<TicketDeadlineKind, number>>;

const HOUR = 3_600_000;

/** L3 (quality complaints, system faults): progress within 2 h, a workaround within 4 h. */
export const DEFAULT_TICKET_DEADLINES: Readonly<Record<SupportTier, TicketDeadlinePolicy>> = {
  L1: { resolution: 24 * HOUR },
  L2: { progress: 8 * HOUR, resolution: 24 * HOUR },
  L3: { progress: 2 * HOUR, workaround: 4 * HOUR },
};

export interface TicketActor {
  kind: 'agent' | 'system' | 'shopper';
  id?: string;
  name?: string;
}

export interface TicketDeadline {
  kind: TicketDeadlineKind;
  dueAt: number;
  metAt?: number;
  overdue: boolean;
}

export interface TicketHistoryEntry {
  at: number;
  by: TicketActor;
  action:
    | 'created'
    | 'assigned'
    | 'progress'
    | 'workaround'
    | 'note'
    | 'pending'
    | 'reopened'
    | 'resolved'
    | 'overdue'
    | 'follow_up_due';
  note?: string;
}

export interface Ticket {
  id: string;
  conversationId?: string;
  title: string;
  tier: SupportTier;
  group?: string;
  cause: TicketCause;
  status: TicketStatus;
  assignee?: { id: string; name?: string };
  createdAt: number;
  updatedAt: number;
  deadlines: TicketDeadline[];
  /** While pending: when to look again, and why. */
  followUp?: { dueAt: number; note?: string };
  /** What the shopper was promised (outside office hours). */
  expectedReplyAt?: number;
  history: TicketHistoryEntry[];
}

export type TicketEvent =
  | { type: 'created' | 'updated'; ticket: Ticket }
  | { type: 'overdue'; ticket: Ticket; deadline: TicketDeadline }
  | { type: 'follow_up_due'; ticket: Ticket };

export interface NewTicket {
  title: string;
  /** default L3 */
  tier?: SupportTier;
  conversationId?: string;
  group?: string;
  cause?: TicketCause;
  by?: TicketActor;
  assignee?: { id: string; name?: string };
  expectedReplyAt?: number;
  note?: string;
}

const SYSTEM: TicketActor = { kind: 'system' };

/**
 * Tickets for what cannot be finished in a chat: L3 problems and contacts outside office hours.
 * Deadlines run on the injected clock from creation and raise `overdue` once each when missed;
 * a pending ticket's follow-up raises `follow_up_due`. Every change adds a history entry (who,
 * what, when) and emits `created`/`updated` with a snapshot, which is what a store persists and
 * what the shopper's widget shows as progress. Methods return snapshots too: a ticket changes only
 * through the desk.
 * @example
 * const desk = new TicketDesk({ clock, onEvent: (e) => hubEvents.emit('ticket', e) });
 * const t = desk.create({ title: '质量投诉：屏幕坏点', conversationId: 'c1', cause: 'l3' });
 * desk.progress(t.id, { kind: 'agent', id: 'a1' }, 'asked the warehouse for photos');
 */
export class TicketDesk {
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly deadlines: Record<SupportTier, TicketDeadlinePolicy>;
  private readonly onEvent: (event: TicketEvent) => void;
  private readonly timers: KeyedTimers;
  private readonly tickets = new Map<string, Ticket>();

  constructor(options: {
    clock: Clock;
    ids?: IdGenerator;
    /** Per tier, replacing that tier's defaults as a whole when given. */
    deadlines?: Partial<Record<SupportTier, TicketDeadlinePolicy>>;
    onEvent?: (event: TicketEvent) => void;
  }) {
    this.clock = options.clock;
    this.ids = options.ids ?? defaultIds;
    this.deadlines = { ...DEFAULT_TICKET_DEADLINES, ...options.deadlines };
    this.onEvent = options.onEvent ?? (() => {});
    this.timers = new KeyedTimers(options.clock);
  }

  create(input: NewTicket): Ticket {
    const now = this.clock.now();
    const tier = input.tier ?? 'L3';
    const ticket: Ticket = {
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
      history: [],
    };
    if (input.conversationId !== undefined) ticket.conversationId = input.conversationId;
    if (input.group !== undefined) ticket.group = input.group;
    if (input.assignee) ticket.assignee = { ...input.assignee };
    if (input.expectedReplyAt !== undefined) ticket.expectedReplyAt = input.expectedReplyAt;
    ticket.history.push(entry(now, input.by ?? SYSTEM, 'created', input.note));
    this.tickets.set(ticket.id, ticket);
    for (const deadline of ticket.deadlines) this.watch(ticket, deadline);
    this.onEvent({ type: 'created', ticket: snapshot(ticket) });
    return snapshot(ticket);
  }

  /**
   * A ticket for a conversation, from the router's advice when there is one (cause and the reply
   * time promised to the shopper).
   * @example
   * if (decision.ticket) desk.fromConversation(conversation, { tier: decision.tier, advice: decision.ticket });
   */
  fromConversation(
    conversation: { id: string; state: { group?: string } },
    options: Omit<NewTicket, 'conversationId' | 'title'> & { title?: string; advice?: TicketAdvice } = {},
  ): Ticket {
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

  assign(id: string, assignee: { id: string; name?: string }, by: TicketActor): Ticket {
    return this.change(id, by, 'assigned', undefined, (t) => {
      t.assignee = { ...assignee };
    });
  }

  /** A real update for the shopper: meets the `progress` deadline. */
  progress(id: string, by: TicketActor, note: string): Ticket {
    return this.change(id, by, 'progress', note, (t) => this.meet(t, ['progress']));
  }

  /** The shopper can carry on: meets `workaround` (and `progress`, if still open). */
  workaround(id: string, by: TicketActor, note: string): Ticket {
    return this.change(id, by, 'workaround', note, (t) => this.meet(t, ['progress', 'workaround']));
  }

  note(id: string, by: TicketActor, note: string): Ticket {
    return this.change(id, by, 'note', note, () => {});
  }

  /**
   * Waiting on someone (the courier, the warehouse, the shopper) until `dueAt`, when a
   * `follow_up_due` alert fires. Deadlines keep running: a stuck refund is still ours to chase.
   */
  setPending(id: string, by: TicketActor, followUp: { dueAt: number; note?: string }): Ticket {
    return this.change(id, by, 'pending', followUp.note, (t) => {
      t.status = 'pending';
      t.followUp = { ...followUp };
      this.timers.set(`${t.id}:follow_up`, followUp.dueAt, () => this.followUpDue(t.id));
    });
  }

  /** Back to open: from pending, or a resolved ticket the shopper says is not solved after all. */
  reopen(id: string, by: TicketActor, note?: string): Ticket {
    const ticket = this.require(id);
    const wasResolved = ticket.status === 'resolved';
    return this.change(
      id,
      by,
      'reopened',
      note,
      (t) => {
        t.status = 'open';
        delete t.followUp;
        this.timers.clear(`${t.id}:follow_up`);
        if (!wasResolved) return;
        // Not resolved after all: the resolution deadline is open again, and so is its alarm.
        for (const d of t.deadlines) {
          if (d.kind === 'resolution') delete d.metAt;
          if (d.metAt === undefined && !d.overdue) this.watch(t, d);
        }
      },
      true,
    );
  }

  resolve(id: string, by: TicketActor, note?: string): Ticket {
    return this.change(id, by, 'resolved', note, (t) => {
      t.status = 'resolved';
      delete t.followUp;
      this.meet(t, ['resolution']);
      this.timers.clearPrefix(`${t.id}:`);
    });
  }

  get(id: string): Ticket | undefined {
    const ticket = this.tickets.get(id);
    return ticket && snapshot(ticket);
  }

  list(filter: { status?: TicketStatus; assigneeId?: string; conversationId?: string } = {}): Ticket[] {
    const out: Ticket[] = [];
    for (const t of this.tickets.values()) {
      if (filter.status !== undefined && t.status !== filter.status) continue;
      if (filter.assigneeId !== undefined && t.assignee?.id !== filter.assigneeId) continue;
      if (filter.conversationId !== undefined && t.conversationId !== filter.conversationId) continue;
      out.push(snapshot(t));
    }
    return out;
  }

  dispose(): void {
    this.timers.clearAll();
  }

  private require(id: string): Ticket {
    const ticket = this.tickets.get(id);
    if (!ticket) throw new KefuError('not_found', `ticket ${id} does not exist`);
    return ticket;
  }

  private change(
    id: string,
    by: TicketActor,
    action: TicketHistoryEntry['action'],
    note: string | undefined,
    apply: (t: Ticket) => void,
    allowResolved = false,
  ): Ticket {
    const ticket = this.require(id);
    if (ticket.status === 'resolved' && !allowResolved)
      throw new KefuError('conflict', `ticket ${id} is resolved; reopen it first`);
    apply(ticket);
    const now = this.clock.now();
    ticket.updatedAt = now;
    ticket.history.push(entry(now, by, action, note));
    this.onEvent({ type: 'updated', ticket: snapshot(ticket) });
    return snapshot(ticket);
  }

  private meet(ticket: Ticket, kinds: readonly TicketDeadlineKind[]): void {
    const now = this.clock.now();
    for (const d of ticket.deadlines) {
      if (!kinds.includes(d.kind) || d.metAt !== undefined) continue;
      d.metAt = now;
      this.timers.clear(`${ticket.id}:${d.kind}`);
    }
  }

  private watch(ticket: Ticket, deadline: TicketDeadline): void {
    this.timers.set(`${ticket.id}:${deadline.kind}`, deadline.dueAt, () => {
      if (ticket.status === 'resolved' || deadline.metAt !== undefined) return;
      deadline.overdue = true;
      ticket.history.push(entry(this.clock.now(), SYSTEM, 'overdue', deadline.kind));
      this.onEvent({ type: 'overdue', ticket: snapshot(ticket), deadline: { ...deadline } });
    });
  }

  private followUpDue(id: string): void {
    const ticket = this.tickets.get(id);
    if (ticket?.status !== 'pending') return;
    ticket.history.push(entry(this.clock.now(), SYSTEM, 'follow_up_due', ticket.followUp?.note));
    this.onEvent({ type: 'follow_up_due', ticket: snapshot(ticket) });
  }
}

function entry(
  at: number,
  by: TicketActor,
  action: TicketHistoryEntry['action'],
  note?: string,
): TicketHistoryEntry {
  return { at, by: { ...by }, action, ...(note === undefined ? {} : { note }) };
}

function snapshot(ticket: Ticket): Ticket {
  return structuredClone(ticket);
}
