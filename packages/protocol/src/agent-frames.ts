import * as z from 'zod/mini';
import { AgentContent } from './content.ts';
import { AUTHOR_KINDS, ConversationState, Message, PageContext } from './conversation.ts';
import { LIMITS } from './limits.ts';
import { boundedString, id, requestId, seq, timestamp, version } from './primitives.ts';
import {
  Ack,
  ErrorFrame,
  HistoryPage,
  MessageFrame,
  Ping,
  Pong,
  ReadFrame,
  StateFrame,
  TypingFrame,
} from './shopper-frames.ts';

const conversationId = id;

// ── agent → hub ──────────────────────────────────────────────────────────────

export const AGENT_STATUSES = ['online', 'away', 'offline'] as const;
export const AgentStatus = z.enum(AGENT_STATUSES);
export type AgentStatus = z.infer<typeof AgentStatus>;

export const AgentHello = z.object({
  v: version,
  type: z.literal('hello'),
  id: requestId,
  role: z.literal('agent'),
  token: boundedString(LIMITS.maxTokenChars, 1),
  /** Status to take on connect; defaults to online. */
  status: z.optional(AgentStatus),
});

const onConversation = <K extends string, T extends z.core.$ZodLooseShape>(type: K, shape: T) =>
  z.object({ v: version, type: z.literal(type), id: requestId, conversationId, ...shape });

export const AgentStatusFrame = z.object({
  v: version,
  type: z.literal('status'),
  id: requestId,
  status: AgentStatus,
});
/** Take a queued conversation: atomic, so two agents can never both win. */
export const AgentAccept = onConversation('accept', {});
/**
 * Watch a conversation without taking it (supervisors; an agent re-opening one of their own).
 * With `lastSeq` (a reconnecting console) the snapshot holds every message after it.
 */
export const AgentJoin = onConversation('join', { lastSeq: z.optional(seq) });
export const AgentLeave = onConversation('leave', {});
export const AgentSend = onConversation('send', { clientMsgId: id, content: AgentContent });
export const AgentTyping = onConversation('typing', { on: z.boolean() });
export const AgentRead = onConversation('read', { seq });
/** Internal note: stored and shown to agents, never sent to the shopper. */
export const AgentNote = onConversation('note', {
  clientMsgId: id,
  text: boundedString(LIMITS.maxNoteChars, 1),
});
export const AgentTransfer = onConversation('transfer', {
  to: z.union([
    z.strictObject({ agentId: id }),
    z.strictObject({ group: boundedString(LIMITS.maxNameChars, 1) }),
  ]),
  note: z.optional(boundedString(LIMITS.maxNoteChars, 1)),
});
/** Wait on the shopper or a follow-up until `dueAt`; the hub alerts the agent then. */
export const AgentPending = onConversation('pending', {
  dueAt: timestamp,
  note: z.optional(boundedString(LIMITS.maxNoteChars, 1)),
});
/** Work the conversation's ticket: open one, report progress or a workaround, resolve it. */
export const TICKET_ACTIONS = ['create', 'progress', 'workaround', 'resolve'] as const;
export const AgentTicket = onConversation('ticket', {
  action: z.enum(TICKET_ACTIONS),
  /** Shown to the shopper as the ticket's latest update (progress, workaround, resolve). */
  note: z.optional(boundedString(LIMITS.maxTitleChars, 1)),
});
/** Give the conversation back to the bot. */
export const AgentHandback = onConversation('handback', {});
export const AgentClose = onConversation('close', {
  resolution: z.optional(boundedString(LIMITS.maxNameChars, 1)),
});
export const AgentHistory = onConversation('history', {
  before: seq,
  limit: z.optional(z.int().check(z.gte(1), z.lte(LIMITS.maxHistoryPage))),
});

export const AgentToHub = z.discriminatedUnion('type', [
  AgentHello,
  AgentStatusFrame,
  AgentAccept,
  AgentJoin,
  AgentLeave,
  AgentSend,
  AgentTyping,
  AgentRead,
  AgentNote,
  AgentTransfer,
  AgentHandback,
  AgentClose,
  AgentHistory,
  AgentPending,
  AgentTicket,
  Ping,
]);
export type AgentToHub = z.infer<typeof AgentToHub>;
export type AgentHello = z.infer<typeof AgentHello>;

// ── hub → agent ──────────────────────────────────────────────────────────────

export const ShopperProfile = z.object({
  id,
  name: z.optional(boundedString(LIMITS.maxNameChars)),
  identified: z.boolean(),
  tier: z.optional(boundedString(LIMITS.maxNameChars)),
  locale: z.optional(boundedString(35)),
  email: z.optional(boundedString(LIMITS.maxTitleChars)),
});
export type ShopperProfile = z.infer<typeof ShopperProfile>;

export const InboxItem = z.object({
  conversationId,
  state: ConversationState,
  shopper: ShopperProfile,
  page: z.optional(PageContext),
  lastMessage: z.optional(
    z.object({ seq, authorKind: z.enum(AUTHOR_KINDS), preview: boundedString(140), at: timestamp }),
  ),
  /** When the conversation entered the queue (for the waiting-time column). */
  queuedAt: z.optional(timestamp),
  /** The running SLA timer, for the agent's countdown. */
  sla: z.optional(
    z.object({
      metric: z.enum(['first_response', 'next_response', 'resolution']),
      startedAt: timestamp,
      dueAt: timestamp,
      state: z.enum(['running', 'near_breach', 'breached']),
    }),
  ),
  priority: z.int(),
  createdAt: timestamp,
});
export type InboxItem = z.infer<typeof InboxItem>;

export const Note = z.object({
  id,
  conversationId,
  clientMsgId: z.optional(id),
  author: z.object({ id, name: boundedString(LIMITS.maxNameChars) }),
  text: boundedString(LIMITS.maxNoteChars, 1),
  createdAt: timestamp,
});
export type Note = z.infer<typeof Note>;

export const AgentWelcome = z.object({
  v: version,
  type: z.literal('welcome'),
  re: requestId,
  agent: z.object({
    id,
    name: boundedString(LIMITS.maxNameChars, 1),
    groups: z.array(boundedString(LIMITS.maxNameChars, 1)),
    status: AgentStatus,
    supervisor: z.boolean(),
  }),
  inbox: z.array(InboxItem),
  heartbeatMs: z.int().check(z.gte(1000)),
  limits: z.object({ maxFrameBytes: z.int(), maxTextChars: z.int(), maxHistoryPage: z.int() }),
});

export const InboxUpdate = z.object({
  v: version,
  type: z.literal('inbox.update'),
  /** The new or changed item; absent together with `removed` when the item left this agent's view. */
  item: z.optional(InboxItem),
  removed: z.optional(conversationId),
});

/** Sent after accept or join: everything the agent needs to work the conversation. */
export const ConversationSnapshot = z.object({
  v: version,
  type: z.literal('conversation'),
  re: requestId,
  conversationId,
  state: ConversationState,
  shopper: ShopperProfile,
  page: z.optional(PageContext),
  /** The latest messages (up to limits.maxHistoryPage), or all after the join's `lastSeq`; oldest first. */
  messages: z.array(Message),
  notes: z.array(Note),
  lastSeq: seq,
  shopperReadSeq: seq,
});

export const NoteFrame = z.object({ v: version, type: z.literal('note'), re: requestId, note: Note });

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
export const AlertFrame = z.object({
  v: version,
  type: z.literal('alert'),
  kind: z.enum(ALERT_KINDS),
  conversationId: z.optional(conversationId),
  group: z.optional(boundedString(LIMITS.maxNameChars)),
  message: boundedString(1000),
  at: timestamp,
});
export type AlertFrame = z.infer<typeof AlertFrame>;

/** Confirms a request that has no other answer (status, transfer, handback, close, leave), when it carried an `id`. */
export const OkFrame = z.object({ v: version, type: z.literal('ok'), re: id });

export const HubToAgent = z.discriminatedUnion('type', [
  AgentWelcome,
  InboxUpdate,
  ConversationSnapshot,
  MessageFrame,
  NoteFrame,
  OkFrame,
  AlertFrame,
  Ack,
  TypingFrame,
  ReadFrame,
  StateFrame,
  HistoryPage,
  ErrorFrame,
  Pong,
]);
export type HubToAgent = z.infer<typeof HubToAgent>;
export type AgentWelcome = z.infer<typeof AgentWelcome>;
export type InboxUpdate = z.infer<typeof InboxUpdate>;
export type ConversationSnapshot = z.infer<typeof ConversationSnapshot>;
