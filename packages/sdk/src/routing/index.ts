// Routing's own contracts live in seams/ (plug-ins, agents, tickets): re-exported here for one import.
export type { Requirements } from '../seams/agents.ts';
export type {
  NewTicket,
  SupportTier,
  Ticket,
  TicketActor,
  TicketAdvice,
  TicketCause,
  TicketDeadline,
  TicketDeadlineKind,
  TicketDeadlinePolicy,
  TicketEvent,
  TicketHistoryEntry,
  TicketStatus,
} from '../seams/tickets.ts';
export {
  AgentDirectory,
  type AgentInput,
  type AgentLevel,
  type AgentStatus,
  type AssignStrategy,
  DEFAULT_CAPACITY,
  isEligible,
  type PickOptions,
  pickAgent,
  primaryLanguage,
  type RoutingAgent,
} from './agent-directory.ts';
export {
  createRouter,
  DEFAULT_INTENT_GROUPS,
  type RouterConfig,
  type RouterContext,
  type RoutingDecision,
} from './default-router.ts';
export {
  DurableTimers,
  type DurableTimersOptions,
  type TimerChange,
  type TimerHandler,
} from './durable-timers.ts';
export { agentsFor, type ErlangC, erlangC, type QueueModel } from './erlang-c.ts';
export { FOLLOW_UP_TIMER_KIND, type FollowUp, FollowUps } from './follow-ups.ts';
export { HandlingTimes } from './handling-times.ts';
export { KeyedTimers } from './keyed-timers.ts';
export {
  isOpen,
  nextOpening,
  type OfficeHours,
  type TimeRange,
  validateOfficeHours,
  WEEKDAYS,
  type Weekday,
} from './office-hours.ts';
export {
  type Assignment,
  type AssignOptions,
  assignNext,
  estimateWait,
  type QueueEntry,
  RoutingQueue,
  type WaitEstimateOptions,
} from './queue.ts';
export { type SimulationInput, type SimulationResult, simulateQueue } from './queue-simulation.ts';
export { exponential, seededRandom } from './seeded-random.ts';
export {
  type BreachRateEvent,
  BreachRateMonitor,
  DEFAULT_SLA_POLICY,
  resolveSlaPolicy,
  SLA_TIMER_KIND,
  type SlaEvent,
  type SlaMetric,
  type SlaPolicies,
  type SlaPolicy,
  type SlaScope,
  type SlaTimer,
  SlaTracker,
} from './sla.ts';
export { DEFAULT_TICKET_DEADLINES, nextDue, TICKET_TIMER_KIND, TicketDesk } from './tickets.ts';
