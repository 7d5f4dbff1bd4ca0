import * as z from 'zod/mini';
import { ShopperContent } from './content.ts';
import { Conversation, Message, PageContext } from './conversation.ts';
import { languageTag } from './language-tag.ts';
import { LIMITS } from './limits.ts';
import {
  boundedString,
  clientFeatures,
  errorCode,
  id,
  requestId,
  seq,
  timestamp,
  version,
} from './primitives.ts';
import { storedText } from './stored-text.ts';

// ── shopper → hub ────────────────────────────────────────────────────────────

export const ShopperHello = z.object({
  v: version,
  type: z.literal('hello'),
  id: requestId,
  role: z.literal('shopper'),
  siteKey: id,
  /** Random id the browser keeps; the anonymous shopper's identity. */
  deviceId: id,
  /** Merchant-signed identity token (HMAC-SHA256) for a logged-in shopper; single use. */
  identity: z.optional(boundedString(LIMITS.maxTokenChars, 1)),
  /** Hub-issued session token from an earlier `welcome`, used to reconnect as the same shopper. */
  session: z.optional(boundedString(LIMITS.maxTokenChars, 1)),
  /** Resume point: replay everything in this conversation after `lastSeq`. */
  resume: z.optional(z.object({ conversationId: id, lastSeq: seq })),
  /** BCP 47 (`zh-CN`, `en`): the language of the shopper's answers and their script. */
  locale: z.optional(languageTag),
  page: z.optional(PageContext),
  /** What this client understands beyond v1's first release; see CLIENT_FEATURES. */
  features: z.optional(clientFeatures),
});

export const ShopperSend = z.object({
  v: version,
  type: z.literal('send'),
  id: requestId,
  clientMsgId: id,
  content: ShopperContent,
});

export const ShopperTyping = z.object({
  v: version,
  type: z.literal('typing'),
  id: requestId,
  on: z.boolean(),
});
export const ShopperRead = z.object({ v: version, type: z.literal('read'), id: requestId, seq });
export const ShopperHistory = z.object({
  v: version,
  type: z.literal('history'),
  id: requestId,
  /** Messages with seq below this one, newest first up to `limit`, returned oldest first. */
  before: seq,
  limit: z.optional(z.int().check(z.gte(1), z.lte(LIMITS.maxHistoryPage))),
});
export const ShopperContext = z.object({
  v: version,
  type: z.literal('context'),
  id: requestId,
  page: PageContext,
});
/** Satisfaction after a conversation with a person: 1 (very unhappy) … 5 (very happy). Once per closing. */
export const ShopperCsat = z.object({
  v: version,
  type: z.literal('csat'),
  id: requestId,
  rating: z.int().check(z.gte(1), z.lte(5)),
  comment: z.optional(storedText(1000, 1)),
});
/** "Was this answer helpful?" on a bot message (by its seq). */
export const ShopperFeedback = z.object({
  v: version,
  type: z.literal('feedback'),
  id: requestId,
  seq: z.int().check(z.gte(1)),
  helpful: z.boolean(),
});
export const Ping = z.object({
  v: version,
  type: z.literal('ping'),
  id: requestId,
  t: z.optional(timestamp),
});

export const ShopperToHub = z.discriminatedUnion('type', [
  ShopperHello,
  ShopperSend,
  ShopperTyping,
  ShopperRead,
  ShopperHistory,
  ShopperContext,
  ShopperCsat,
  ShopperFeedback,
  Ping,
]);
export type ShopperToHub = z.infer<typeof ShopperToHub>;
export type ShopperHello = z.infer<typeof ShopperHello>;
export type ShopperSend = z.infer<typeof ShopperSend>;

// ── hub → shopper (and hub → agent where shared) ─────────────────────────────

export const Welcome = z.object({
  v: version,
  type: z.literal('welcome'),
  re: requestId,
  conversation: Conversation,
  shopper: z.object({ id, name: z.optional(boundedString(LIMITS.maxNameChars)), identified: z.boolean() }),
  /** Token to send as `hello.session` on reconnect. */
  session: boundedString(LIMITS.maxTokenChars, 1),
  limits: z.object({
    maxFrameBytes: z.int(),
    maxTextChars: z.int(),
    maxQuickReplies: z.int(),
    maxHistoryPage: z.int(),
  }),
  heartbeatMs: z.int().check(z.gte(1000)),
  /** Seq up to which the agent side has read. */
  agentReadSeq: seq,
  /**
   * Seq up to which this shopper has read, on any device (their `read` frames): a browser that has
   * not seen the conversation yet (a new device, cleared storage) counts only what is newer as unread.
   * Optional: hubs before it did not send it.
   */
  shopperReadSeq: z.optional(seq),
  /**
   * Whether the hub takes photo uploads (its `images` option): a widget offers no photo button when
   * it is false. Optional: hubs before it did not send it, and a client then offers photos as before.
   */
  photos: z.optional(z.boolean()),
});

export const MessageFrame = z.object({ v: version, type: z.literal('message'), message: Message });

export const Ack = z.object({
  v: version,
  type: z.literal('ack'),
  re: requestId,
  conversationId: id,
  clientMsgId: id,
  seq: z.int().check(z.gte(1)),
  messageId: id,
  createdAt: timestamp,
  /** True when this clientMsgId had been stored before: the original ack is repeated, nothing new is stored. */
  duplicate: z.boolean(),
});

export const TypingFrame = z.object({
  v: version,
  type: z.literal('typing'),
  conversationId: id,
  author: z.object({
    kind: z.enum(['shopper', 'agent', 'bot']),
    name: z.optional(boundedString(LIMITS.maxNameChars)),
  }),
  on: z.boolean(),
});

export const ReadFrame = z.object({
  v: version,
  type: z.literal('read'),
  conversationId: id,
  by: z.enum(['shopper', 'agent']),
  seq,
});

export const HistoryPage = z.object({
  v: version,
  type: z.literal('history.page'),
  re: requestId,
  conversationId: id,
  messages: z.array(Message).check(z.maxLength(LIMITS.maxHistoryPage)),
  hasMore: z.boolean(),
});

export const StateFrame = z.object({
  v: version,
  type: z.literal('state'),
  conversationId: id,
  state: Conversation.shape.state,
});

export const ErrorFrame = z.object({
  v: version,
  type: z.literal('error'),
  re: requestId,
  code: errorCode,
  message: boundedString(1000),
  retryable: z.boolean(),
  /** For `send` errors: the clientMsgId that was not stored. */
  clientMsgId: z.optional(id),
  /**
   * The hub's word on when trying again can succeed, in ms (a refused sign-in's wait): a client
   * reconnecting after the close that follows waits at least this long. At most 2^31 − 1, the
   * longest timer a runtime keeps.
   */
  retryAfterMs: z.optional(z.int().check(z.gte(0), z.lte(2 ** 31 - 1))),
});

export const Pong = z.object({
  v: version,
  type: z.literal('pong'),
  re: requestId,
  t: z.optional(timestamp),
});

export const HubToShopper = z.discriminatedUnion('type', [
  Welcome,
  MessageFrame,
  Ack,
  TypingFrame,
  ReadFrame,
  HistoryPage,
  StateFrame,
  ErrorFrame,
  Pong,
]);
export type HubToShopper = z.infer<typeof HubToShopper>;
export type Welcome = z.infer<typeof Welcome>;
export type Ack = z.infer<typeof Ack>;
export type ErrorFrame = z.infer<typeof ErrorFrame>;
export type StateFrame = z.infer<typeof StateFrame>;
export type HistoryPage = z.infer<typeof HistoryPage>;
export type TypingFrame = z.infer<typeof TypingFrame>;
export type ReadFrame = z.infer<typeof ReadFrame>;
