import type {
  Author,
  Content,
  ConversationState,
  ConversationStatus,
  Message,
  Note,
  PageContext,
  ShopperProfile,
} from '@kefu/protocol';

/** A conversation as the hub keeps it: the protocol's view plus what only the hub needs. */
export interface StoredConversation {
  id: string;
  siteKey: string;
  shopperId: string;
  state: ConversationState;
  createdAt: number;
  updatedAt: number;
  /** Highest seq stored (0 when empty). */
  lastSeq: number;
  shopperReadSeq: number;
  agentReadSeq: number;
  page?: PageContext;
  locale?: string;
  /** Higher is served first. */
  priority: number;
  queuedAt?: number;
  /** Bot turns in a row that did not answer confidently; reset by a confident answer or an agent. */
  failedBotTurns: number;
  /** Bumped on every update; lets SQL stores do optimistic checks. */
  version: number;
}

export interface NewConversation {
  id: string;
  siteKey: string;
  shopperId: string;
  state: ConversationState;
  createdAt: number;
  page?: PageContext;
  locale?: string;
}

export interface NewMessage {
  id: string;
  conversationId: string;
  clientMsgId?: string;
  author: Author;
  content: Content;
  createdAt: number;
}

/** Fields a conversation update may change. */
export type ConversationPatch = Partial<
  Pick<
    StoredConversation,
    | 'state'
    | 'page'
    | 'locale'
    | 'priority'
    | 'queuedAt'
    | 'failedBotTurns'
    | 'shopperReadSeq'
    | 'agentReadSeq'
    | 'updatedAt'
  >
>;

/** A condition an update must meet, checked atomically with the write (compare-and-set). */
export interface ConversationExpectation {
  statuses?: readonly ConversationStatus[];
  /** The assigned agent must be this one (`null`: no agent assigned). */
  agentId?: string | null;
}

export interface ConversationFilter {
  statuses?: readonly ConversationStatus[];
  agentId?: string;
  groups?: readonly string[];
  siteKey?: string;
  shopperId?: string;
  /** Only conversations last changed before this time (retention). */
  updatedBefore?: number;
  limit?: number;
}

/** What erasing a conversation leaves: the seqs and the metrics, none of the words or who said them. */
export const ERASED_TEXT = '[erased]';

export interface StoredShopper extends ShopperProfile {
  siteKey: string;
  createdAt: number;
  updatedAt: number;
}

/** What happened, for metrics and audits: one row per event, appended and never changed. */
export interface EventRecord {
  id: string;
  at: number;
  kind: EventKind;
  conversationId: string;
  agentId?: string;
  group?: string;
  data?: Record<string, string | number | boolean | null>;
}

export type EventKind =
  | 'conversation.created'
  | 'message'
  | 'escalated'
  | 'assigned'
  | 'released'
  | 'transferred'
  | 'closed'
  | 'reopened'
  | 'csat'
  | 'sla'
  | 'qa'
  | 'bot.answer'
  | 'feedback'
  | 'assist.used'
  | 'kb.draft';

export interface EventFilter {
  /** Inclusive. */
  from?: number;
  /** Exclusive. */
  to?: number;
  conversationId?: string;
  kinds?: readonly EventKind[];
}

/**
 * Where the hub keeps everything. Every method is async and atomic on its own; the SQL stores
 * implement each as one transaction. A new engine is one new file that passes `storeContract`.
 */
export interface Store {
  createConversation(input: NewConversation): Promise<StoredConversation>;
  getConversation(id: string): Promise<StoredConversation | null>;
  /** The shopper's most recently created conversation on this site, whatever its status. */
  findLatestConversation(siteKey: string, shopperId: string): Promise<StoredConversation | null>;
  listConversations(filter: ConversationFilter): Promise<StoredConversation[]>;
  /**
   * Applies `patch` only if `expect` holds; returns the updated conversation, or null when the
   * conversation is missing or the expectation failed (someone else changed it first).
   */
  updateConversation(
    id: string,
    patch: ConversationPatch,
    expect?: ConversationExpectation,
  ): Promise<StoredConversation | null>;
  /**
   * Stores a message with the next gapless seq of its conversation. A message whose
   * (conversationId, clientMsgId) was stored before is not stored again: the original comes
   * back with `duplicate: true`. Throws KefuError('not_found') for an unknown conversation and
   * KefuError('conflict') when `expect` does not hold (checked atomically with the write).
   * `status` is the conversation's status at that moment (it saves the hub a read per message).
   */
  appendMessage(
    input: NewMessage,
    expect?: ConversationExpectation,
  ): Promise<{ message: Message; duplicate: boolean; status: ConversationStatus }>;
  /** Messages in seq order: those after `afterSeq`, or the last `limit` before `beforeSeq`. */
  listMessages(
    conversationId: string,
    range: { afterSeq?: number; beforeSeq?: number; limit: number },
  ): Promise<Message[]>;
  appendNote(note: Note): Promise<{ note: Note; duplicate: boolean }>;
  listNotes(conversationId: string): Promise<Note[]>;
  upsertShopper(shopper: Omit<StoredShopper, 'createdAt' | 'updatedAt'>, now: number): Promise<StoredShopper>;
  getShopper(siteKey: string, id: string): Promise<StoredShopper | null>;
  appendEvent(event: EventRecord): Promise<void>;
  /** Events in time order (then insertion order). */
  listEvents(filter: EventFilter): Promise<EventRecord[]>;
  /**
   * Erases what a conversation says about its shopper, in one transaction: every message's
   * content becomes `{ kind: 'system', event: 'notice', text: ERASED_TEXT }` (seqs stay, so clients
   * stay in step), the shopper's author ids and the conversation's shopper id become `anonymousId`,
   * the page context, state reason and ticket notes are dropped, notes are deleted and free text
   * in its events (CSAT comments) is removed. Metrics computed from the events stay the same.
   */
  eraseConversation(id: string, anonymousId: string): Promise<void>;
  deleteShopper(siteKey: string, id: string): Promise<boolean>;
  /** Records a single-use nonce; false when it was used before (a replayed token). */
  useNonce(nonce: string, expiresAt: number, now: number): Promise<boolean>;
  close(): Promise<void>;
}
