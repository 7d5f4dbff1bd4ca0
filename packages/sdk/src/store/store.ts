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
import type { Ticket, TicketStatus } from '../seams/tickets.ts';
import type { ApiKeyStore } from './api-keys.ts';
import type { LearnedQuestionStore } from './learned-questions.ts';
import type { WebhookStore } from './webhook-store.ts';

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

/** What `appendMessage` answers. */
export interface AppendedMessage {
  message: Message;
  duplicate: boolean;
  status: ConversationStatus;
  /**
   * The conversation as this append left it (its `lastSeq` is the message's seq), for a message
   * stored now (not a duplicate). Optional: a store that has it at no extra cost (the built-in
   * ones do: the write reads the row anyway) saves the hub the read that the bot's turn and an
   * agent's inbox line would make after each message; without it the hub reads.
   */
  conversation?: StoredConversation;
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
    | 'shopperId'
  >
>;

/** A condition an update must meet, checked atomically with the write (compare-and-set). */
export interface ConversationExpectation {
  statuses?: readonly ConversationStatus[];
  /** The assigned agent must be this one (`null`: no agent assigned). */
  agentId?: string | null;
  /**
   * The agent must hold fewer than `max` other conversations (assigned or pending) — checked
   * under a per-agent lock, so two hub nodes assigning to one agent at once cannot both pass.
   * The lock orders only writes that carry this check: the hub's assignments (dispatcher and
   * accept) all do; a transfer to a named agent deliberately does not.
   */
  agentLoad?: { agentId: string; max: number };
  /** The conversation must still be at this version: nothing changed since it was read. */
  version?: number;
}

export interface ConversationFilter {
  statuses?: readonly ConversationStatus[];
  agentId?: string;
  groups?: readonly string[];
  siteKey?: string;
  shopperId?: string;
  /** Only conversations last changed before this time (retention). */
  updatedBefore?: number;
  /** Only conversations last changed at or after this time. */
  updatedSince?: number;
  /** Only conversations created at or after this time (a page's start: the order is by creation). */
  createdFrom?: number;
  /** Only conversations created before this time (a page of a shopper's earlier conversations). */
  createdBefore?: number;
  /** Newest first (by creation; ties newest-stored first) instead of oldest first. */
  newestFirst?: boolean;
  limit?: number;
}

/** What erasing a conversation leaves: the seqs and the metrics, none of the words or who said them. */
export const ERASED_TEXT = '[erased]';

/** How the stand-in id an erased conversation's shopper gets begins (`anonymousId`, hub/privacy.ts). */
export const ERASED_SHOPPER_PREFIX = 'erased:';

/** Whether a stored conversation was erased: it stays for the metrics, and is nobody's any more. */
export function isErased(conversation: Pick<StoredConversation, 'shopperId'>): boolean {
  return conversation.shopperId.startsWith(ERASED_SHOPPER_PREFIX);
}

export interface StoredShopper extends ShopperProfile {
  siteKey: string;
  createdAt: number;
  updatedAt: number;
}

/** Which shopper profile: its site and the shopper's id. */
export type ShopperKey = Pick<StoredShopper, 'siteKey' | 'id'>;

/** Profiles for retention: those last written before a time, a page at a time. */
export interface StaleShopperFilter {
  /** Only profiles last written before this time (a hello writes its shopper's, changed or not). */
  updatedBefore: number;
  /** A page's cursor: only shoppers after this one in the list's order (it need not exist any more). */
  after?: ShopperKey;
  /** At most this many. */
  limit: number;
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
  /** A bot turn failed for good, after its tries (`data: { seq, tries, transient }`): handed to people. */
  | 'bot.failed'
  | 'feedback'
  | 'assist.used'
  | 'kb.draft'
  /** A knowledge draft approved or rejected (`data: { draftId, verdict }`). */
  | 'kb.review'
  /** The shop told a shopper something unasked (`data.kind`: what, e.g. `order.shipped`). */
  | 'notification'
  /** A self-service action (`data.outcome`: started, completed, failed, ineligible). */
  | 'action'
  /** An order exception was detected (`data: { orderId, exception, ticketId }`). */
  | 'order.exception';

export interface EventFilter {
  /** Inclusive. */
  from?: number;
  /** Exclusive. */
  to?: number;
  conversationId?: string;
  /** Only these conversations' events (a report reads the log a batch of conversations at a time). */
  conversationIds?: readonly string[];
  kinds?: readonly EventKind[];
}

/**
 * Work due at a time that must survive a restart and run on exactly one hub node: SLA timers,
 * ticket deadlines, follow-ups, accept timeouts. `data` is JSON (what goes in comes back as
 * `JSON.parse(JSON.stringify(data))`).
 */
export interface TimerRecord {
  /** Unique; namespaced by its owner, e.g. `sla:c_1`, `ticket:t_1`, `follow_up:c_1`. */
  key: string;
  /** Which handler runs it when it falls due. */
  kind: string;
  /** When it falls due; null parks it (it keeps its data and never fires). */
  dueAt: number | null;
  data: Record<string, unknown>;
  /** Bumped by every write and every claim: the token `updateTimer` compares. */
  version: number;
  /** The node holding the claim and until when it holds; absent when unclaimed. */
  leaseOwner?: string;
  leaseUntil?: number;
}

export type NewTimer = Pick<TimerRecord, 'key' | 'kind' | 'dueAt' | 'data'>;

export interface TimerFilter {
  /** Keys starting with this. */
  prefix?: string;
  kind?: string;
}

export interface TicketFilter {
  statuses?: readonly TicketStatus[];
  assigneeId?: string;
  conversationId?: string;
  /**
   * A page's cursor: only tickets after this one in the list's order (the last ticket of the page
   * before, which need not match the filter any more). Nothing when no ticket has this id.
   */
  afterId?: string;
  /** At most this many. */
  limit?: number;
}

/** The timer that carries a ticket's next deadline or follow-up (kind `ticket`). */
export const ticketTimerKey = (ticketId: string): string => `ticket:${ticketId}`;

/**
 * What `appendEvents` returns when the events are stored by the time it returns (the memory
 * store): the hub's event log then goes on at once, without a promise and its handlers per event.
 * @example
 * appendEvents(batch) { keep(batch); return EVENTS_STORED; }
 */
export const EVENTS_STORED: Promise<void> = Promise.resolve();

/**
 * Where the hub keeps everything. Every method is async and atomic on its own; the SQL stores
 * implement each as one transaction. A new engine is one new file that passes `storeContract`.
 */
export interface Store extends ApiKeyStore, WebhookStore, LearnedQuestionStore {
  /**
   * Resolves when the store answers and its schema is the one this code needs (for `/readyz`),
   * and (SQL stores) the write in flight is done and the last write was not refused by the
   * database; rejects with the reason otherwise. Cheap: one round trip at most.
   */
  ready(): Promise<void>;
  createConversation(input: NewConversation): Promise<StoredConversation>;
  getConversation(id: string): Promise<StoredConversation | null>;
  /** The shopper's most recently created conversation on this site, whatever its status. */
  findLatestConversation(siteKey: string, shopperId: string): Promise<StoredConversation | null>;
  /**
   * The conversation a shopper lands in when they resume none: their latest on `input.siteKey`,
   * unless they have none or it closed and was last changed before `closedBefore`; then `input` is
   * stored (`created: true`). Atomic per site and shopper across every client of the store, so
   * hellos racing on one hub node or many open one conversation, not one each.
   */
  openConversation(
    input: NewConversation,
    closedBefore: number,
  ): Promise<{ conversation: StoredConversation; created: boolean }>;
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
   * `want.conversation: false` says the caller will not read `conversation` (the hub's bot turn
   * posting its answer): a store that would have to copy it for the answer may leave it out.
   */
  appendMessage(
    input: NewMessage,
    expect?: ConversationExpectation,
    want?: { conversation?: boolean },
  ): Promise<AppendedMessage>;
  /** Messages in seq order: those after `afterSeq`, or the last `limit` before `beforeSeq`. */
  listMessages(
    conversationId: string,
    range: { afterSeq?: number; beforeSeq?: number; limit: number },
  ): Promise<Message[]>;
  /**
   * Adds a note, or gives back the one its `clientMsgId` names. With `max`, a conversation that holds
   * that many notes already takes no more (`conflict`, see notes-full.ts), in one statement, so racing
   * notes do not pass it; a retry of a note it keeps is still answered as a duplicate.
   */
  appendNote(note: Note, limit?: { max: number }): Promise<{ note: Note; duplicate: boolean }>;
  listNotes(conversationId: string): Promise<Note[]>;
  upsertShopper(shopper: Omit<StoredShopper, 'createdAt' | 'updatedAt'>, now: number): Promise<StoredShopper>;
  getShopper(siteKey: string, id: string): Promise<StoredShopper | null>;
  /**
   * Appends events in the order given, atomically (the hub batches what arrives meanwhile; SQL
   * stores also write calls that arrive together in one statement, in call order). An event whose
   * id is stored already is skipped, the first copy kept: a batch written again after a failure
   * that came after its commit counts once (the memory store looks among the events at its time:
   * a batch is written again as it was). A store whose events are stored when the call
   * returns may return {@link EVENTS_STORED}.
   */
  appendEvents(events: readonly EventRecord[]): Promise<void>;
  /** Events in time order (then insertion order). */
  listEvents(filter: EventFilter): Promise<EventRecord[]>;
  /**
   * The conversations with an event in the window, each once, in the order of their first event
   * in it (so a batch of them is read from neighbouring rows).
   */
  listEventConversations(filter: Pick<EventFilter, 'from' | 'to'>): Promise<string[]>;
  /**
   * Erases what a conversation says about its shopper, in one transaction: every message's
   * content becomes `{ kind: 'system', event: 'notice', text: ERASED_TEXT }` (seqs stay, so clients
   * stay in step), the shopper's author ids and the conversation's shopper id become `anonymousId`,
   * the page context, state reason, tags and ticket notes are dropped (`eraseState`), notes are
   * deleted and free text in its events (CSAT comments, close resolutions, knowledge drafts: see
   * `eraseEventData`) is removed, and its tickets keep their deadlines and history
   * but lose their words (title becomes ERASED_TEXT; history and follow-up notes are dropped; a shopper in the
   * history becomes `anonymousId`), and its webhook deliveries and learned questions are deleted.
   * Metrics computed from the events stay the same.
   */
  eraseConversation(id: string, anonymousId: string): Promise<void>;
  /**
   * The shoppers, on every site, whose profile was last written before `filter.updatedBefore`:
   * their keys only, ordered by site key then id (SQL stores: in the database's collation), so
   * `after` pages through any number of them.
   */
  listStaleShoppers(filter: StaleShopperFilter): Promise<ShopperKey[]>;
  /**
   * Deletes a shopper's profile; false when there was none. With `updatedBefore`, only a profile
   * last written before then (checked with the delete: a shopper who came back meanwhile keeps it).
   */
  deleteShopper(siteKey: string, id: string, updatedBefore?: number): Promise<boolean>;
  /** Records a single-use nonce; false when it was used before (a replayed token). */
  useNonce(nonce: string, expiresAt: number, now: number): Promise<boolean>;
  /**
   * Ends every session of a shopper issued at or before `at` (the hub refuses their tokens). A
   * later revocation moves `at` forward, never back. The record may be forgotten after `keepUntil`
   * (when every session it ended has expired anyway); stores key it by a one-way hash of site and
   * shopper id, so it does not keep an erased shopper's id in clear.
   */
  revokeSessions(siteKey: string, shopperId: string, at: number, keepUntil: number): Promise<void>;
  /** When the shopper's sessions were last ended, or null. */
  sessionsRevokedAt(siteKey: string, shopperId: string): Promise<number | null>;

  // ── durable timers ──────────────────────────────────────────────────────
  /** Stores `timer` unless one with its key exists; returns the stored one either way. */
  addTimer(timer: NewTimer): Promise<{ timer: TimerRecord; created: boolean }>;
  /** Stores `timer`, replacing any with its key and any claim on it. */
  putTimer(timer: NewTimer): Promise<TimerRecord>;
  /**
   * Compare-and-set: replaces the timer with `next` (or deletes it, for null) only if its version
   * is still `version`, clearing any claim. False when it changed or went meanwhile.
   */
  updateTimer(key: string, version: number, next: Omit<NewTimer, 'key'> | null): Promise<boolean>;
  getTimer(key: string): Promise<TimerRecord | null>;
  /** Soonest first (parked ones last), ties by key. */
  listTimers(filter: TimerFilter): Promise<TimerRecord[]>;
  /** Deletes a timer; returns what it was, or null when there was none. */
  deleteTimer(key: string): Promise<TimerRecord | null>;
  /** Deletes every timer whose key starts with `prefix`; returns how many. */
  deleteTimers(prefix: string): Promise<number>;
  /**
   * Claims up to `limit` timers due by `now` that nobody holds (never claimed, or the claim
   * expired before `now`), soonest first: each gets `leaseOwner: owner`, `leaseUntil: now +
   * leaseMs` and a new version. Concurrent claims (on any number of nodes) never return the same
   * timer while its claim holds.
   */
  claimDueTimers(now: number, owner: string, leaseMs: number, limit: number): Promise<TimerRecord[]>;

  // ── tickets ─────────────────────────────────────────────────────────────
  /**
   * Stores a new ticket at version 1 together with its timer ({@link ticketTimerKey}, kind
   * `ticket`, no data) due at `dueAt` (none when null), in one transaction. Conflict if the id exists.
   */
  createTicket(ticket: Omit<Ticket, 'version'>, dueAt: number | null): Promise<Ticket>;
  /**
   * Compare-and-set on `ticket.version`: replaces the ticket (version + 1) and sets its timer to
   * `dueAt` (deleting it when null), in one transaction. Null when the version moved on or the
   * ticket does not exist.
   */
  updateTicket(ticket: Ticket, dueAt: number | null): Promise<Ticket | null>;
  getTicket(id: string): Promise<Ticket | null>;
  /** Oldest first (createdAt, then creation order), a page at a time with `afterId` and `limit`. */
  listTickets(filter: TicketFilter): Promise<Ticket[]>;

  close(): Promise<void>;
}

/** The timer part of `Store`, which each store keeps in a file of its own. */
export type TimerMethods = Pick<
  Store,
  | 'addTimer'
  | 'putTimer'
  | 'updateTimer'
  | 'getTimer'
  | 'listTimers'
  | 'deleteTimer'
  | 'deleteTimers'
  | 'claimDueTimers'
>;
