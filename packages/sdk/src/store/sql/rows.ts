import type { Message } from '@kefu/protocol';
import type { Ticket } from '../../seams/tickets.ts';
import type {
  ConversationPatch,
  EventRecord,
  NewMessage,
  StoredConversation,
  StoredShopper,
  TimerRecord,
} from '../store.ts';

/** Row shapes as both drivers return them: `pg` gives bigint as a string, PGlite as a number. */
export interface ConversationRow {
  id: string;
  site_key: string;
  shopper_id: string;
  state: StoredConversation['state'];
  created_at: string | number;
  updated_at: string | number;
  last_seq: number;
  shopper_read_seq: number;
  agent_read_seq: number;
  page: StoredConversation['page'] | null;
  locale: string | null;
  priority: number;
  queued_at: string | number | null;
  failed_bot_turns: number;
  version: number;
}

export interface MessageRow {
  conversation_id: string;
  seq: number;
  id: string;
  client_msg_id: string | null;
  author: Message['author'];
  content: Message['content'];
  created_at: string | number;
}

export interface ShopperRow {
  profile: Omit<StoredShopper, 'createdAt' | 'updatedAt'>;
  created_at: string | number;
  updated_at: string | number;
}

export interface EventRow {
  id: string;
  at: string | number;
  kind: EventRecord['kind'];
  conversation_id: string;
  agent_id: string | null;
  skill_group: string | null;
  data: EventRecord['data'] | null;
}

export interface TimerRow {
  key: string;
  kind: string;
  due_at: string | number | null;
  data: TimerRecord['data'];
  version: number;
  lease_owner: string | null;
  lease_until: string | number | null;
}

export interface TicketRow {
  ticket: Omit<Ticket, 'version'>;
  version: number;
}

export const CONVERSATION_COLUMNS =
  'id, site_key, shopper_id, state, created_at, updated_at, last_seq, shopper_read_seq, agent_read_seq, page, locale, priority, queued_at, failed_bot_turns, version';
export const MESSAGE_COLUMNS = 'conversation_id, seq, id, client_msg_id, author, content, created_at';
export const TIMER_COLUMNS = 'key, kind, due_at, data, version, lease_owner, lease_until';

export function toConversation(r: ConversationRow): StoredConversation {
  const c: StoredConversation = {
    id: r.id,
    siteKey: r.site_key,
    shopperId: r.shopper_id,
    state: r.state,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    lastSeq: Number(r.last_seq),
    shopperReadSeq: Number(r.shopper_read_seq),
    agentReadSeq: Number(r.agent_read_seq),
    priority: Number(r.priority),
    failedBotTurns: Number(r.failed_bot_turns),
    version: Number(r.version),
  };
  // Absent, not null: the shape must equal what the memory store returns.
  if (r.page !== null) c.page = r.page;
  if (r.locale !== null) c.locale = r.locale;
  if (r.queued_at !== null) c.queuedAt = Number(r.queued_at);
  return c;
}

/**
 * A message just stored, built field by field: `delete` on a spread copy (for an absent
 * clientMsgId) turned it into a slow dictionary-mode object, read again by every encode.
 */
export function storedMessage(input: NewMessage, seq: number): Message {
  return input.clientMsgId === undefined
    ? {
        seq,
        id: input.id,
        conversationId: input.conversationId,
        author: input.author,
        content: input.content,
        createdAt: input.createdAt,
      }
    : {
        seq,
        id: input.id,
        conversationId: input.conversationId,
        clientMsgId: input.clientMsgId,
        author: input.author,
        content: input.content,
        createdAt: input.createdAt,
      };
}

export function toMessage(r: MessageRow): Message {
  const m: Message = {
    seq: Number(r.seq),
    id: r.id,
    conversationId: r.conversation_id,
    author: r.author,
    content: r.content,
    createdAt: Number(r.created_at),
  };
  if (r.client_msg_id !== null) m.clientMsgId = r.client_msg_id;
  return m;
}

export function toShopper(r: ShopperRow): StoredShopper {
  return { ...r.profile, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) };
}

export function toEvent(r: EventRow): EventRecord {
  const e: EventRecord = { id: r.id, at: Number(r.at), kind: r.kind, conversationId: r.conversation_id };
  if (r.agent_id !== null) e.agentId = r.agent_id;
  if (r.skill_group !== null) e.group = r.skill_group;
  if (r.data !== null) e.data = r.data;
  return e;
}

export function toTimer(r: TimerRow): TimerRecord {
  const t: TimerRecord = {
    key: r.key,
    kind: r.kind,
    dueAt: r.due_at === null ? null : Number(r.due_at),
    data: r.data,
    version: Number(r.version),
  };
  // Absent when unclaimed, as in the memory store.
  if (r.lease_owner !== null) t.leaseOwner = r.lease_owner;
  if (r.lease_until !== null) t.leaseUntil = Number(r.lease_until);
  return t;
}

export function toTicket(r: TicketRow): Ticket {
  return { ...r.ticket, version: Number(r.version) };
}

/**
 * A ticket as its row stores it: the columns the filters read (in table order: conversation_id,
 * status, assignee_id, created_at) and the document as JSON text, without the version, which
 * only the version column holds so the two can never disagree.
 */
export function ticketColumns(
  ticket: Omit<Ticket, 'version'> & { version?: number },
): [string | null, string, string | null, number, string | null] {
  const { version: _version, ...document } = ticket;
  return [
    ticket.conversationId ?? null,
    ticket.status,
    ticket.assignee?.id ?? null,
    ticket.createdAt,
    json(document),
  ];
}

/** JSON text for a `$n::text::json` parameter (null stays SQL NULL). */
export const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

type PatchColumn = { column: string; cast: string; nullable: boolean };

/** How each patchable field is written; the keys are the only names that ever reach SQL text. */
export const PATCH_COLUMNS: Record<keyof ConversationPatch, PatchColumn> = {
  state: { column: 'state', cast: '::text::json', nullable: false },
  page: { column: 'page', cast: '::text::json', nullable: true },
  locale: { column: 'locale', cast: '::text', nullable: true },
  priority: { column: 'priority', cast: '::integer', nullable: false },
  queuedAt: { column: 'queued_at', cast: '::bigint', nullable: true },
  failedBotTurns: { column: 'failed_bot_turns', cast: '::integer', nullable: false },
  shopperReadSeq: { column: 'shopper_read_seq', cast: '::integer', nullable: false },
  agentReadSeq: { column: 'agent_read_seq', cast: '::integer', nullable: false },
  updatedAt: { column: 'updated_at', cast: '::bigint', nullable: false },
  shopperId: { column: 'shopper_id', cast: '::text', nullable: false },
};
