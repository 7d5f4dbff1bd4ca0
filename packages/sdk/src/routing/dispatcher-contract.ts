import type { AlertFrame, TicketSummary } from '@kefu/protocol';
import type { AgentProfile } from '../seams/agents.ts';
import type { SupportTier, TicketDeadlinePolicy, TicketEvent } from '../seams/tickets.ts';
import type { AssignStrategy } from './agent-directory.ts';
import type { FollowUp } from './follow-ups.ts';
import type { SlaEvent, SlaPolicies, SlaTimer } from './sla.ts';

/** What routing reports as it happens (the hub passes them on as its own events). */
export interface DispatchEvents {
  /** SLA timers: near breach, breach, met; and the breach-rate alert. */
  sla: SlaEvent;
  ticket: TicketEvent;
  /** A pending conversation's follow-up fell due. */
  followUp: FollowUp;
}

/** How conversations reach agents, and the promises (SLA, tickets) made on the way. */
export interface RoutingOptions {
  /** `auto` (default): the hub assigns queued conversations to online agents; `manual`: agents pick from the queue. */
  assignment?: 'auto' | 'manual';
  /** Among eligible agents (default `least-busy`). */
  strategy?: AssignStrategy;
  /** A returning shopper goes back to their last agent when that agent is online with room (default true). */
  preferLastAgent?: boolean;
  /**
   * Auto-assigned conversations an agent does not open (accept, join or reply) in time go to someone
   * else (default 30 s); while the shopper still waits, it is not offered to that agent again.
   */
  acceptTimeoutMs?: number;
  /**
   * An agent whose last connection drops has this long to come back before they are offline and
   * their conversations are requeued (default 30 s); meanwhile nothing new is offered to them. One
   * pending on a follow-up still ahead stays theirs until the shopper writes or it falls due.
   */
  agentGraceMs?: number;
  /**
   * With nobody of the group online, escalations become tickets with an expected reply time
   * (default true); `false` queues them in the group (the default router still overflows to the
   * default group when someone there can take them).
   */
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
  event<K extends keyof DispatchEvents>(kind: K, payload: DispatchEvents[K]): void;
  /** Stores an SLA or ticket event durably (the webhook outbox) before it is marked done; see `SlaTracker`'s `persist`. */
  persist<K extends 'sla' | 'ticket'>(kind: K, payload: DispatchEvents[K]): Promise<void>;
  /** A response or resolution outcome, for the event log, with the agent who held the conversation. */
  recordSla(timer: SlaTimer, outcome: 'met' | 'breach', at: number, agentId: string | undefined): void;
  /** Something failed that must not fail what a person did; reported, with the conversation when known. */
  fault(what: string, error: unknown, conversationId?: string): void;
}
