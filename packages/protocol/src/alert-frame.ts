import * as z from 'zod/mini';
import { SLA_METRICS, TICKET_DEADLINE_KINDS } from './enums.ts';
import { LIMITS } from './limits.ts';
import { boundedString, id, timestamp, version } from './primitives.ts';

// hub → agent: the alert frame and what it can be about, apart from the other agent frames.

/** Something that needs a person's attention now. Agents get those of their conversations and groups; supervisors all. */
export const ALERT_KINDS = [
  'sla_near_breach',
  'sla_breach',
  'breach_rate',
  'breach_rate_cleared',
  'ticket_overdue',
  'follow_up_due',
  'requeued',
] as const;
/** A share in [0, 1]. */
const share = z.number().check(z.gte(0), z.lte(1));
/**
 * `message` is English prose for logs; what the alert is about is in the optional fields, so a
 * console words it in its own language. Optional: older hubs send none, and older clients drop them.
 */
export const AlertFrame = z.object({
  v: version,
  type: z.literal('alert'),
  kind: z.enum(ALERT_KINDS),
  conversationId: z.optional(id),
  group: z.optional(boundedString(LIMITS.maxNameChars)),
  message: boundedString(1000),
  at: timestamp,
  /** `sla_near_breach`, `sla_breach`: the promise about to be (or already) broken. */
  metric: z.optional(z.enum(SLA_METRICS)),
  /** SLA and `ticket_overdue` alerts: when it is (was) due; overdue by `at - dueAt`. */
  dueAt: z.optional(timestamp),
  /** `ticket_overdue`: the ticket and which of its deadlines passed. */
  ticketId: z.optional(id),
  deadline: z.optional(z.enum(TICKET_DEADLINE_KINDS)),
  /** `breach_rate`, `breach_rate_cleared`: the breached share of `total` responses in the window, and the alert's threshold. */
  rate: z.optional(share),
  threshold: z.optional(share),
  total: z.optional(z.int().check(z.gte(0))),
  /** `follow_up_due`: the agent's own note on why it waits (without one, the message is a default). */
  note: z.optional(boundedString(1000)),
});
export type AlertFrame = z.infer<typeof AlertFrame>;
