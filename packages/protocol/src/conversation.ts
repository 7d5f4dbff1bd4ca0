import * as z from 'zod/mini';
import { Content, Product } from './content.ts';
import { AUTHOR_KINDS, CONVERSATION_STATUSES, TICKET_DEADLINE_KINDS, TICKET_STATUSES } from './enums.ts';
import { LIMITS } from './limits.ts';
import { boundedString, id, seq, timestamp, url } from './primitives.ts';
import { storedText } from './stored-text.ts';

export const Author = z.object({
  kind: z.enum(AUTHOR_KINDS),
  id: z.optional(id),
  /** Display name: the agent's name, the bot's name; absent for shoppers and system lines. */
  name: z.optional(boundedString(LIMITS.maxNameChars)),
  avatar: z.optional(url),
});
export type Author = z.infer<typeof Author>;
export type AuthorKind = (typeof AUTHOR_KINDS)[number];

/** A stored message. `seq` is gapless and increasing within its conversation, starting at 1. */
export const Message = z.object({
  seq: z.int().check(z.gte(1)),
  id,
  conversationId: id,
  clientMsgId: z.optional(id),
  author: Author,
  createdAt: timestamp,
  content: Content,
});
export type Message = z.infer<typeof Message>;

/**
 * Who controls the conversation (see the state machine in the README):
 * bot → queued → assigned → closed; `pending` waits on the customer or a follow-up;
 * `ticket` is handled offline with a deadline.
 */
export const ConversationStatus = z.enum(CONVERSATION_STATUSES);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

export const AgentRef = z.object({
  id,
  name: boundedString(LIMITS.maxNameChars, 1),
  avatar: z.optional(url),
});
export type AgentRef = z.infer<typeof AgentRef>;

export const TicketSummary = z.object({
  id,
  status: z.enum(TICKET_STATUSES),
  /** L1 bot, L2 agent, L3 ticket with deadlines. */
  tier: z.enum(['L1', 'L2', 'L3']),
  /** What the shopper was promised (outside office hours: when the group opens plus the reply target). */
  expectedReplyAt: z.optional(timestamp),
  deadlines: z
    .array(
      z.object({
        kind: z.enum(TICKET_DEADLINE_KINDS),
        dueAt: timestamp,
        metAt: z.optional(timestamp),
        overdue: z.boolean(),
      }),
    )
    .check(z.maxLength(5)),
  /** The latest progress note meant for the shopper. */
  lastUpdate: z.optional(boundedString(LIMITS.maxTitleChars)),
});
export type TicketSummary = z.infer<typeof TicketSummary>;

export const ConversationState = z.object({
  status: ConversationStatus,
  /** Skill group handling (or about to handle) the conversation. */
  group: z.optional(boundedString(LIMITS.maxNameChars)),
  /** While queued: 1-based position and the estimated wait. */
  queue: z.optional(
    z.object({ position: z.int().check(z.gte(1)), etaSeconds: z.optional(z.int().check(z.gte(0))) }),
  ),
  agent: z.optional(AgentRef),
  /** Why the last transition happened, for people (e.g. "asked for a human"). */
  reason: z.optional(boundedString(LIMITS.maxTitleChars)),
  /** While `ticket` (or an L3 conversation that also has one): its progress, for the shopper. */
  ticket: z.optional(TicketSummary),
  /** While `pending`: when someone looks again (a refund overdue, a parcel stuck). */
  followUpAt: z.optional(timestamp),
  /** Agents' labels for the conversation (e.g. "refund", "size"), for search and reports. */
  tags: z.optional(z.array(boundedString(40, 1)).check(z.maxLength(20))),
  /** The shopper's satisfaction rating (1–5) once given for this conversation. */
  rating: z.optional(z.int().check(z.gte(1), z.lte(5))),
});
export type ConversationState = z.infer<typeof ConversationState>;

/**
 * Where the shopper is: sent on hello and whenever the page changes. The hub keeps `url` (without
 * its query and fragment) and `product.url` only on the shop's origins, and drops them otherwise.
 */
export const PageContext = z.object({
  url: z.optional(url),
  title: z.optional(storedText(LIMITS.maxTitleChars)),
  product: z.optional(Product),
  orderId: z.optional(id),
});
export type PageContext = z.infer<typeof PageContext>;

export const Conversation = z.object({
  id,
  state: ConversationState,
  createdAt: timestamp,
  /** Highest seq stored so far (0 when empty). */
  lastSeq: seq,
});
export type Conversation = z.infer<typeof Conversation>;
