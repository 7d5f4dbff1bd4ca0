import * as z from 'zod/mini';
import { AgentStatus } from './agent-to-hub.ts';
import { AlertFrame } from './alert-frame.ts';
import { imageUrl, Order } from './content.ts';
import { ConversationState, ConversationStatus, Message, PageContext } from './conversation.ts';
import { AUTHOR_KINDS, SLA_METRICS } from './enums.ts';
import { KbCheckFrame, KbEntriesFrame, KbEntryFrame, KbProposalsFrame } from './knowledge-frames.ts';
import { LIMITS, MAX_USER_ID_CHARS } from './limits.ts';
import { boundedString, id, requestId, seq, timestamp, version } from './primitives.ts';
import {
  Ack,
  ErrorFrame,
  HistoryPage,
  MessageFrame,
  Pong,
  ReadFrame,
  StateFrame,
  TypingFrame,
} from './shopper-frames.ts';

const conversationId = id;

// ── hub → agent ──────────────────────────────────────────────────────────────

export const ShopperProfile = z.object({
  id,
  name: z.optional(boundedString(LIMITS.maxNameChars)),
  identified: z.boolean(),
  /** The merchant's own user id of a logged-in shopper (`id` is the hub's, hashed past 60 characters). */
  userId: z.optional(boundedString(MAX_USER_ID_CHARS, 1)),
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
  /**
   * The shopper's own last message when `lastMessage` is the bot's or the system's (as on every
   * conversation waiting for an agent): what an agent triaging needs to read.
   */
  shopperMessage: z.optional(z.object({ seq, preview: boundedString(140), at: timestamp })),
  /** When the conversation entered the queue (for the waiting-time column). */
  queuedAt: z.optional(timestamp),
  /** The running SLA timer, for the agent's countdown. */
  sla: z.optional(
    z.object({
      metric: z.enum(SLA_METRICS),
      startedAt: timestamp,
      dueAt: timestamp,
      state: z.enum(['running', 'near_breach', 'breached']),
    }),
  ),
  priority: z.int(),
  createdAt: timestamp,
  /** The shopper has the chat open (a connection to any hub node) right now. */
  shopperOnline: z.optional(z.boolean()),
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

/**
 * A canned reply: `text` may hold variables such as {name} and {orderId}, filled in by the console.
 * `image` (a size chart, a returns label) is a picture the console fetches from `url` (the shop's
 * own, same origin as the console or allowing it by CORS), uploads to the conversation and sends
 * with the reply; `alt` describes it for those who cannot see it.
 */
export const CannedReply = z.object({
  id,
  title: boundedString(LIMITS.maxTitleChars, 1),
  text: boundedString(LIMITS.maxTextChars, 1),
  category: z.optional(boundedString(LIMITS.maxNameChars, 1)),
  image: z.optional(z.object({ url: imageUrl, alt: boundedString(LIMITS.maxCaptionChars, 1) })),
  /**
   * The language it is written in (BCP 47: `en`, `zh-CN`): the console offers it first in
   * conversations held in that language. Without it, the console reads the language from its words.
   */
  locale: z.optional(boundedString(35, 2)),
});
export type CannedReply = z.infer<typeof CannedReply>;

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
    /** May hand waiting conversations of their groups to colleagues (`assign`); supervisors always may. */
    mayAssign: z.optional(z.boolean()),
    /**
     * How many conversations (assigned or pending) they hold at once: `accept` is refused (`conflict`)
     * while they hold as many, so a console can say so before the agent tries.
     */
    capacity: z.optional(z.int().check(z.gte(0))),
  }),
  /**
   * What the agent holds (a supervisor: every one held), and the first 200 conversations waiting in
   * their groups in the queue's order (MAX_WELCOME_WAITING in the hub); the others arrive as
   * `inbox.update` when they change.
   */
  inbox: z.array(InboxItem),
  /** The shop's canned replies, for the composer's `/` search. */
  canned: z.optional(z.array(CannedReply).check(z.maxLength(1000))),
  heartbeatMs: z.int().check(z.gte(1000)),
  limits: z.object({
    maxFrameBytes: z.int(),
    maxTextChars: z.int(),
    maxQuickReplies: z.int(),
    maxNoteChars: z.int(),
    maxHistoryPage: z.int(),
  }),
  /**
   * Whether the hub takes photo uploads (`images`): a console offers agents no image to attach when
   * it is false. Optional: hubs before it did not send it, and a console then offers images as before.
   */
  photos: z.optional(z.boolean()),
  /**
   * The groups the hub has (its agents list's, or with an `agents` function those its routing
   * names), so a transfer dialog offers a group whose agents are all signed out (the transfer
   * queues for them). Optional: hubs before it did not send it; a console then offers the groups it knows.
   */
  groups: z.optional(z.array(boundedString(LIMITS.maxNameChars, 1))),
});

/** Exactly one of `item` (new or changed) and `removed` (the conversation left this agent's view). */
export const InboxUpdate = z
  .object({
    v: version,
    type: z.literal('inbox.update'),
    item: z.optional(InboxItem),
    removed: z.optional(conversationId),
  })
  .check(
    z.refine((f) => (f.item === undefined) !== (f.removed === undefined), {
      message: 'an inbox update carries exactly one of item and removed',
    }),
  );

/** Sent after accept or join: everything the agent needs to work the conversation. */
/** Most of a shopper's earlier conversations in one page (the snapshot's, or an `earlier.page`). */
export const MAX_EARLIER_PAGE = 10;

/** A page of a shopper's other conversations on the site, newest first: what an agent may see of each. */
export const EarlierConversations = z
  .array(
    z.object({
      conversationId,
      createdAt: timestamp,
      status: ConversationStatus,
      preview: z.optional(boundedString(140)),
      rating: z.optional(z.int().check(z.gte(1), z.lte(5))),
    }),
  )
  .check(z.maxLength(MAX_EARLIER_PAGE));

export const ConversationSnapshot = z.object({
  v: version,
  type: z.literal('conversation'),
  re: requestId,
  conversationId,
  state: ConversationState,
  shopper: ShopperProfile,
  page: z.optional(PageContext),
  /** The latest messages, or those after the join's `lastSeq` when they fit: up to limits.maxHistoryPage, oldest first. */
  messages: z.array(Message),
  notes: z.array(Note),
  lastSeq: seq,
  shopperReadSeq: seq,
  /** The shopper has the chat open right now; later changes come as `presence` frames. */
  shopperOnline: z.optional(z.boolean()),
  /** The order on the shopper's page, looked up with the merchant's `lookupOrder`. */
  order: z.optional(Order),
  /** The shopper's earlier conversations, newest first (up to 10). */
  earlier: z.optional(EarlierConversations),
  /** More earlier conversations than `earlier` lists: the `earlier` request pages on. */
  earlierMore: z.optional(z.boolean()),
});

/** A page of the shopper's earlier conversations, answering an agent's `earlier` request. */
export const EarlierPage = z.object({
  v: version,
  type: z.literal('earlier.page'),
  re: requestId,
  conversationId,
  earlier: EarlierConversations,
  hasMore: z.boolean(),
});

export const NoteFrame = z.object({ v: version, type: z.literal('note'), re: requestId, note: Note });

/** Quality inspection found something in an agent's message. */
export const QaViolation = z.object({
  ruleId: id,
  /** `block`: not sent unless the agent overrides; `warn`: sent, scored. */
  severity: z.enum(['block', 'warn']),
  message: boundedString(1000),
  /** The words that matched, for highlighting. */
  matches: z.optional(z.array(boundedString(100)).check(z.maxLength(10))),
});
export type QaViolation = z.infer<typeof QaViolation>;

/** The answer to a `send` that quality inspection held back: nothing was stored. Re-send with `override: true` to send anyway. */
export const QaFrame = z.object({
  v: version,
  type: z.literal('qa'),
  re: requestId,
  conversationId,
  clientMsgId: id,
  violations: z.array(QaViolation).check(z.minLength(1), z.maxLength(20)),
});

/** Agent assist for the shopper's latest message: what they want, how upset they are, and answers to insert. */
export const AssistFrame = z.object({
  v: version,
  type: z.literal('assist'),
  conversationId,
  forSeq: seq,
  understanding: z.object({ intent: boundedString(40), confidence: z.number(), anger: z.number() }),
  suggestions: z
    .array(
      z.object({
        entryId: id,
        question: boundedString(LIMITS.maxTitleChars),
        answer: boundedString(LIMITS.maxTextChars),
        confidence: z.number(),
      }),
    )
    .check(z.maxLength(3)),
  canned: z.array(CannedReply).check(z.maxLength(3)),
  /** What the merchant's recognizer saw in the shopper's photo (`forSeq`), when one ran. */
  image: z.optional(
    z.object({ imageId: id, label: boundedString(64, 1), confidence: z.number().check(z.gte(0), z.lte(1)) }),
  ),
});
export type AssistFrame = z.infer<typeof AssistFrame>;

const Stat = z.object({ count: z.int(), meanMs: z.optional(z.number()), p90Ms: z.optional(z.number()) });
/** One row of the service metrics (see the SDK README for each definition). */
export const MetricsRow = z.object({
  key: boundedString(200),
  conversations: z.int(),
  firstResponse: Stat,
  handling: Stat,
  queueWait: Stat,
  fcr: z.object({ resolved: z.int(), closed: z.int(), rate: z.optional(z.number()) }),
  csat: z.object({ count: z.int(), mean: z.optional(z.number()), satisfiedRate: z.optional(z.number()) }),
  containment: z.object({ botOnly: z.int(), total: z.int(), rate: z.optional(z.number()) }),
  sla: z.object({ met: z.int(), breached: z.int(), breachRate: z.optional(z.number()) }),
  transfers: z.object({ count: z.int(), rate: z.optional(z.number()) }),
  qa: z.object({ checked: z.int(), violations: z.int(), score: z.optional(z.number()) }),
  /**
   * Bot answers and the shoppers' "helpful / not helpful" on them; `failures`: conversations in
   * which a bot turn failed for good (after its tries) and went to people, each once.
   */
  bot: z.optional(
    z.object({ answers: z.int(), helpful: z.int(), notHelpful: z.int(), failures: z.optional(z.int()) }),
  ),
  /** Messages the shop started, order exceptions and self-service actions (see docs/proactive.md). */
  proactive: z.optional(
    z.object({
      /** Notifications sent, per kind (`order.shipped`, `order.not_shipped`, `message`…). */
      notifications: z.record(boundedString(100), z.int()),
      /** Conversations that got a notification; `contacted`: the shopper wrote within 24 h of one. */
      notified: z.object({ conversations: z.int(), contacted: z.int(), rate: z.optional(z.number()) }),
      /** Conversations the shopper wrote in that got no notification. */
      unnotifiedContacts: z.int(),
      /** Order exceptions detected, those whose ticket was resolved, and how long that took. */
      exceptions: z.object({ detected: z.int(), resolved: z.int(), resolution: Stat }),
      actions: z.object({ started: z.int(), completed: z.int(), failed: z.int(), ineligible: z.int() }),
      /** After-sales conversations, and those of them no person touched. */
      afterSales: z.object({ total: z.int(), withoutPerson: z.int(), rate: z.optional(z.number()) }),
    }),
  ),
  /** Conversations with a photo from the shopper: their share and how long they took to close. */
  photos: z.optional(z.object({ conversations: z.int(), rate: z.optional(z.number()), resolution: Stat })),
});
export type MetricsRow = z.infer<typeof MetricsRow>;

export const ReportFrame = z.object({
  v: version,
  type: z.literal('report'),
  re: requestId,
  from: timestamp,
  to: timestamp,
  groupBy: z.optional(z.enum(['group', 'agent', 'day'])),
  /** The IANA zone the hub cuts days in (`metrics.timeZone`, UTC by default): where "today" starts. */
  timeZone: z.optional(z.string().check(z.maxLength(64))),
  total: MetricsRow,
  rows: z.array(MetricsRow),
});
export type ReportFrame = z.infer<typeof ReportFrame>;

/** The shopper of a conversation this agent watches opened the chat (on any node) or left it (closed every tab). */
export const PresenceFrame = z.object({
  v: version,
  type: z.literal('presence'),
  conversationId,
  online: z.boolean(),
  at: timestamp,
});
export type PresenceFrame = z.infer<typeof PresenceFrame>;

/**
 * The agent's status changed on another of their connections (on any node): every console of
 * theirs shows the one the hub holds. Sent only to a client whose hello lists `features: ['status']`.
 */
export const AgentStatusChanged = z.object({
  v: version,
  type: z.literal('status'),
  status: AgentStatus,
});
export type AgentStatusChanged = z.infer<typeof AgentStatusChanged>;

/** The answer to `agents.online`: every agent whose status is online (the asker included). */
export const AgentsOnlineFrame = z.object({
  v: version,
  type: z.literal('agents.online'),
  re: requestId,
  agents: z
    .array(
      z.object({
        id,
        name: boundedString(LIMITS.maxNameChars, 1),
        groups: z.array(boundedString(LIMITS.maxNameChars, 1)),
        /** Conversations they hold now (assigned or pending) and how many they take at once. */
        active: z.optional(z.int().check(z.gte(0))),
        capacity: z.optional(z.int().check(z.gte(0))),
      }),
    )
    .check(z.maxLength(1000)),
});
export type AgentsOnlineFrame = z.infer<typeof AgentsOnlineFrame>;

/** Confirms a request that has no other answer (status, transfer, assign, handback, close, leave), when it carried an `id`. */
export const OkFrame = z.object({ v: version, type: z.literal('ok'), re: id });

export const HubToAgent = z.discriminatedUnion('type', [
  AgentWelcome,
  InboxUpdate,
  ConversationSnapshot,
  MessageFrame,
  NoteFrame,
  OkFrame,
  AlertFrame,
  QaFrame,
  AssistFrame,
  ReportFrame,
  AgentsOnlineFrame,
  PresenceFrame,
  AgentStatusChanged,
  Ack,
  TypingFrame,
  ReadFrame,
  StateFrame,
  HistoryPage,
  EarlierPage,
  ErrorFrame,
  Pong,
  KbProposalsFrame,
  KbCheckFrame,
  KbEntriesFrame,
  KbEntryFrame,
]);
export type HubToAgent = z.infer<typeof HubToAgent>;
export type AgentWelcome = z.infer<typeof AgentWelcome>;
export type InboxUpdate = z.infer<typeof InboxUpdate>;
export type ConversationSnapshot = z.infer<typeof ConversationSnapshot>;
