// Tickets as every layer sees them: the store keeps them, routing runs them, the hub shows them.

/** L1 the bot, L2 an agent within the response target, L3 a ticket with deadlines. */
export type SupportTier = 'L1' | 'L2' | 'L3';

/** Why the router asks for a ticket, and what to tell the shopper. */
export interface TicketAdvice {
  /**
   * `true`: nobody can chat now, so the conversation becomes a ticket (status `ticket`) instead
   * of waiting in the queue. `false`: it queues as usual and a ticket tracks the L3 deadlines.
   */
  offline: boolean;
  cause: 'outside_office_hours' | 'no_agent_online' | 'l3';
  /** When the shopper can expect a reply (epoch ms), for the widget. */
  expectedReplyAt?: number;
  /** When the group next opens (outside office hours). */
  opensAt?: number;
}

export type TicketStatus = 'open' | 'pending' | 'resolved';
/** `progress`: a first real update; `workaround`: the shopper can carry on; `resolution`: done. */
export type TicketDeadlineKind = 'progress' | 'workaround' | 'resolution';
export type TicketCause = 'manual' | 'l3' | 'outside_office_hours' | 'no_agent_online' | 'follow_up';
/** Milliseconds from creation, per deadline kind. */
export type TicketDeadlinePolicy = Partial<Record<TicketDeadlineKind, number>>;

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
  /** While pending: when to look again, and why (`alertedAt`: when the follow-up alert went out). */
  followUp?: { dueAt: number; note?: string; alertedAt?: number };
  /** What the shopper was promised (outside office hours). */
  expectedReplyAt?: number;
  /** What happened to it: the first entry and the latest, 100 at most (MAX_TICKET_HISTORY). */
  history: TicketHistoryEntry[];
  /** Bumped by every stored change (the store's compare-and-set token). */
  version: number;
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
