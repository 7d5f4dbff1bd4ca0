import {
  type AgentContent,
  type ConversationStatus,
  KefuError,
  type Message,
  type Note,
} from '@kefu/protocol';
import { presenter } from '../images/image-library.ts';
import type { Dispatcher } from '../routing/dispatcher.ts';
import type { TicketAction } from '../routing/service-promises.ts';
import type { Ticket, TicketActor } from '../seams/tickets.ts';
import type { StoredConversation, TicketFilter } from '../store/store.ts';
import { type AgentActions, closeConversation } from './agent-actions.ts';
import { normalizeTags } from './agent-case-actions.ts';
import { requireNotBlank } from './blank-text.ts';
import type { Conversations } from './conversations.ts';
import { apiMessageKey } from './message-keys.ts';
import { decodePageCursor, encodePageCursor, invalidCursor } from './page-cursor.ts';

/** Who the back office acts as: an integration (an API key), or an agent by id. */
export type AdminActor = TicketActor & { id: string; name: string };

export interface ConversationQuery {
  statuses?: readonly ConversationStatus[];
  siteKey?: string;
  agentId?: string;
  group?: string;
  /** Only those last changed at or after this time (ms). */
  updatedSince?: number;
  /** Page size (1–200). */
  limit: number;
  /** `next` of the previous page. */
  cursor?: string;
}

export interface ConversationPage {
  /** In creation order. */
  items: StoredConversation[];
  /** Pass as `cursor` for the next page; null on the last one. */
  next: string | null;
}

export interface TicketQuery extends Omit<TicketFilter, 'afterId' | 'limit'> {
  /** Page size (1–200). */
  limit: number;
  /** `next` of the previous page. */
  cursor?: string;
}

export interface TicketPage {
  /** Oldest first. */
  items: Ticket[];
  /** Pass as `cursor` for the next page; null on the last one. */
  next: string | null;
}

/** Who writes a message through the back office: the bot, or an agent who owns the conversation. */
export type MessageAuthor = { kind: 'bot' } | { kind: 'agent'; agentId: string };

/** Conversations and tickets from the back office (what the HTTP API serves). */
export interface ConversationsAdmin {
  /**
   * A page of conversations, oldest first; pages stay stable while conversations are created.
   * @example
   * let page = await hub.admin.conversations.list({ statuses: ['queued'], limit: 50 });
   * while (page.next) page = await hub.admin.conversations.list({ statuses: ['queued'], limit: 50, cursor: page.next });
   */
  list(query: ConversationQuery): Promise<ConversationPage>;
  get(id: string): Promise<StoredConversation>;
  /** Messages after `afterSeq` in seq order, and the agents' internal notes. */
  transcript(
    id: string,
    range: { afterSeq?: number; limit: number },
  ): Promise<{ messages: Message[]; notes: Note[] }>;
  /**
   * Posts a message as the bot (not in a closed conversation) or as an agent (under the agents'
   * rules: the owner or a supervisor). `clientMsgId` makes a retry a no-op.
   */
  post(
    id: string,
    input: { author: MessageAuthor; content: AgentContent; clientMsgId?: string },
  ): Promise<{ message: Message; duplicate: boolean }>;
  /** Closes the conversation (a no-op when closed already). */
  close(id: string, by: AdminActor, resolution?: string): Promise<StoredConversation>;
  /** Replaces the conversation's tags (trimmed, de-duplicated); returns them. */
  setTags(id: string, tags: readonly string[]): Promise<string[]>;
  /**
   * A page of tickets, oldest first (createdAt, then creation order); pages hold their place while
   * tickets are opened and change status.
   * @example
   * let page = await hub.admin.conversations.listTickets({ statuses: ['open'], limit: 50 });
   * while (page.next) page = await hub.admin.conversations.listTickets({ statuses: ['open'], limit: 50, cursor: page.next });
   */
  listTickets(query: TicketQuery): Promise<TicketPage>;
  /** Opens a ticket on a conversation (one open ticket per conversation). */
  createTicket(input: { conversationId: string; title: string }, by: AdminActor): Promise<Ticket>;
  /** Moves a ticket on: a progress update, a workaround, or resolved. */
  updateTicket(
    id: string,
    input: { action: Exclude<TicketAction, 'create'>; note?: string },
    by: AdminActor,
  ): Promise<Ticket>;
}

const OPEN_STATUSES: readonly ConversationStatus[] = ['bot', 'queued', 'assigned', 'pending', 'ticket'];

/**
 * The back office's conversation and ticket calls, over the conversation service and the agents'
 * own actions, so an API call obeys the rules a console does.
 * @example
 * const admin = createConversationsAdmin({ conversations, ops, dispatcher });
 */
export function createConversationsAdmin(deps: {
  conversations: Conversations;
  ops: Pick<AgentActions, 'send'>;
  dispatcher: Pick<Dispatcher, 'ticketAction' | 'moveTicket'>;
}): ConversationsAdmin {
  const { conversations: c, ops, dispatcher } = deps;
  const store = c.o.store;
  const agent = (id: string) => {
    const found = c.findAgent(id);
    // Profiles come from sign-ins (an `agents` function has no list to look in), kept in memory:
    // an agent of the config who has not signed in since the start is named, with what to do.
    if (!found)
      throw new KefuError(
        'not_found',
        `agent ${id} has not signed in to this hub yet: the API writes as an agent who has (agent console or agent client) since the hub started, or as the bot ({ "kind": "bot" })`,
      );
    return found;
  };
  return {
    async list(q) {
      const from = q.cursor === undefined ? undefined : decodePageCursor(q.cursor, readConversationCursor);
      // A page starts at the last one's createdAt and skips the `seen` already served with that
      // same createdAt (stores order ties by creation, so the skipped ones are those).
      const seen = from?.seen ?? 0;
      const rows = await store.listConversations({
        ...(q.statuses ? { statuses: q.statuses } : {}),
        ...(q.siteKey === undefined ? {} : { siteKey: q.siteKey }),
        ...(q.agentId === undefined ? {} : { agentId: q.agentId }),
        ...(q.group === undefined ? {} : { groups: [q.group] }),
        ...(q.updatedSince === undefined ? {} : { updatedSince: q.updatedSince }),
        ...(from ? { createdFrom: from.createdAt } : {}),
        limit: seen + q.limit + 1,
      });
      const items = rows.slice(seen, seen + q.limit);
      const last = items.at(-1);
      if (!last || rows.length <= seen + q.limit) return { items, next: null };
      const ties = items.filter((x) => x.createdAt === last.createdAt).length;
      const carried = from && from.createdAt === last.createdAt ? seen : 0;
      return { items, next: encodePageCursor([last.createdAt, carried + ties]) };
    },
    async listTickets({ limit, cursor, ...filter }) {
      const afterId = cursor === undefined ? undefined : decodePageCursor(cursor, readTicketCursor);
      // One more than the page says whether another follows, without a count.
      const rows = await store.listTickets({
        ...filter,
        ...(afterId === undefined ? {} : { afterId }),
        limit: limit + 1,
      });
      const items = rows.slice(0, limit);
      // Tickets are never deleted, so a cursor naming none is not one this API made.
      if (afterId !== undefined && !items.length && !(await store.getTicket(afterId))) throw invalidCursor();
      const last = items.at(-1);
      return { items, next: last && rows.length > limit ? encodePageCursor([last.id]) : null };
    },
    get: (id) => c.requireConversation(id),
    async transcript(id, range) {
      await c.requireConversation(id);
      const [messages, notes] = await Promise.all([
        store.listMessages(id, { afterSeq: range.afterSeq ?? 0, limit: range.limit }),
        store.listNotes(id),
      ]);
      // Photos with URLs signed now: the ones stored with the message have expired.
      return { messages: messages.map(presenter(c.images, ['image'])), notes };
    },
    async post(id, { author, content, clientMsgId }) {
      requireNotBlank(content);
      if (author.kind === 'agent')
        return ops.send(agent(author.agentId), id, clientMsgId ?? c.o.ids('api'), content);
      const { locale } = await c.requireConversation(id);
      try {
        return await c.post(id, c.botAuthor(locale), content, {
          ...(clientMsgId === undefined ? {} : { clientMsgId: apiMessageKey(clientMsgId) }),
          expect: { statuses: OPEN_STATUSES },
        });
      } catch (error) {
        if (error instanceof KefuError && error.code === 'conflict')
          throw new KefuError('conflict', `conversation ${id} is closed`);
        throw error;
      }
    },
    async close(id, by, resolution) {
      const conversation = await c.requireConversation(id);
      if (conversation.state.status === 'closed') return conversation;
      const closed = await closeConversation(c, conversation, {
        reason: resolution ?? `closed by ${by.name}`,
        by,
        ...(by.kind === 'agent' ? { recordedAgentId: by.id } : {}),
        data: { resolution: resolution ?? null },
      });
      if (!closed) throw new KefuError('conflict', `conversation ${id} changed meanwhile`);
      return c.requireConversation(id);
    },
    async setTags(id, tags) {
      await c.requireConversation(id);
      const unique = normalizeTags(tags);
      await c.republish(id, (state) => ({ ...state, tags: unique }));
      return unique;
    },
    async createTicket({ conversationId, title }, by) {
      const conversation = await c.requireConversation(conversationId);
      await dispatcher.ticketAction(conversation, by, 'create', title);
      const tickets = await store.listTickets({ conversationId });
      const created = tickets.at(-1);
      if (!created) throw new KefuError('internal', `ticket for ${conversationId} was not stored`);
      return created;
    },
    async updateTicket(id, { action, note }, by) {
      const ticket = await store.getTicket(id);
      if (!ticket) throw new KefuError('not_found', `ticket ${id} does not exist`);
      if (ticket.status === 'resolved') throw new KefuError('conflict', `ticket ${id} is resolved`);
      // An order exception's ticket may have no conversation (the shopper never chatted): it is
      // moved on by itself, or it would stay open, and overdue, for ever.
      if (ticket.conversationId === undefined) await dispatcher.moveTicket(id, by, action, note);
      else
        await dispatcher.ticketAction(await c.requireConversation(ticket.conversationId), by, action, note);
      return (await store.getTicket(id)) ?? ticket;
    },
  };
}

/** A conversations cursor: the last page's last createdAt, and how many with it were served. */
/**
 * Conversations of one createdAt (one millisecond) a cursor may have served: the page after it asks
 * the store for `seen` rows more than it returns, and a forged `seen` of 2^53 − 1 read every
 * conversation of the store to answer one page. Pages hold 200 at most; 1,000 in one millisecond
 * are none that a hub creates.
 */
const MAX_TIES = 1000;

function readConversationCursor(values: unknown[]): { createdAt: number; seen: number } | undefined {
  return values.length === 2 &&
    values.every((n) => Number.isSafeInteger(n) && (n as number) >= 0) &&
    (values[1] as number) <= MAX_TIES
    ? { createdAt: values[0] as number, seen: values[1] as number }
    : undefined;
}

/** A tickets cursor: the id of the last ticket served. */
function readTicketCursor([id, ...rest]: unknown[]): string | undefined {
  return typeof id === 'string' && id !== '' && rest.length === 0 ? id : undefined;
}
