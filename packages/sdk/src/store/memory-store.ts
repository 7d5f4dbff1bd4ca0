import { KefuError, type Message, type Note } from '@kefu/protocol';
import type { Ticket } from '../seams/tickets.ts';
import { eraseState } from './erase-state.ts';
import { eraseTicket } from './erase-ticket.ts';
import { memoryApiKeys } from './memory-api-keys.ts';
import { memoryEvents } from './memory-events.ts';
import { memoryLearnedQuestions } from './memory-learned-questions.ts';
import { memoryTimers } from './memory-timers.ts';
import { memoryWebhooks } from './memory-webhooks.ts';
import { notesFull } from './notes-full.ts';
import { sessionKey } from './session-key.ts';
import {
  type ConversationExpectation,
  type ConversationFilter,
  type ConversationPatch,
  ERASED_TEXT,
  type NewConversation,
  type NewMessage,
  type Store,
  type StoredConversation,
  type StoredShopper,
} from './store.ts';

interface ConversationRecord {
  conversation: StoredConversation;
  messages: Message[];
  byClientMsgId: Map<string, Message>;
  notes: Note[];
}

/**
 * The in-memory store: for tests, benchmarks and trying things out. Everything is lost when the
 * process ends; use the PGlite or PostgreSQL store to keep conversations.
 * @example
 * const hub = createHub({ sites, store: createMemoryStore() });
 */
export function createMemoryStore(): Store {
  // Long by nature: one closure over the store's maps, holding the Store contract's short methods
  // in the contract's order (the SQL store splits the same list by concern; here each is a few lines).
  const conversations = new Map<string, ConversationRecord>();
  const latestByShopper = new Map<string, string>();
  const shoppers = new Map<string, StoredShopper>();
  const nonces = new Map<string, number>();
  const revocations = new Map<string, { at: number; keepUntil: number }>();
  const events = memoryEvents();
  const timers = memoryTimers();
  const tickets = new Map<string, Ticket>();
  const webhooks = memoryWebhooks();
  const { forgetConversation: forgetLearned, ...learned } = memoryLearnedQuestions();
  // Returned objects are copies, so a caller can never change stored state by accident.
  const copy = (c: StoredConversation): StoredConversation => ({ ...c, state: { ...c.state } });
  const record = (id: string): ConversationRecord => {
    const found = conversations.get(id);
    if (!found) throw new KefuError('not_found', `conversation ${id} does not exist`);
    return found;
  };
  const matches = (c: StoredConversation, expect?: ConversationExpectation): boolean => {
    if (!expect) return true;
    if (expect.statuses && !expect.statuses.includes(c.state.status)) return false;
    if (expect.agentId !== undefined && (c.state.agent?.id ?? null) !== expect.agentId) return false;
    if (expect.version !== undefined && c.version !== expect.version) return false;
    if (expect.agentLoad) {
      const { agentId, max } = expect.agentLoad;
      let held = 0;
      for (const { conversation: other } of conversations.values())
        if (
          other.id !== c.id &&
          other.state.agent?.id === agentId &&
          (other.state.status === 'assigned' || other.state.status === 'pending')
        )
          held++;
      if (held >= max) return false;
    }
    return true;
  };
  // Synchronous, so openConversation's find-then-create has no await between them: atomic.
  const create = (input: NewConversation): StoredConversation => {
    if (conversations.has(input.id)) throw new KefuError('conflict', `conversation ${input.id} exists`);
    const conversation: StoredConversation = {
      ...input,
      updatedAt: input.createdAt,
      lastSeq: 0,
      shopperReadSeq: 0,
      agentReadSeq: 0,
      priority: 0,
      failedBotTurns: 0,
      version: 1,
    };
    conversations.set(input.id, { conversation, messages: [], byClientMsgId: new Map(), notes: [] });
    latestByShopper.set(shopperKey(input.siteKey, input.shopperId), input.id);
    return conversation;
  };
  /** Keeps `latestByShopper` true after a conversation moved from `from` to its new shopper. */
  const handOver = (c: StoredConversation, from: string): void => {
    const fromKey = shopperKey(c.siteKey, from);
    if (latestByShopper.get(fromKey) === c.id) {
      // The shopper's latest is now the newest of the conversations they still have.
      let next: StoredConversation | undefined;
      for (const { conversation: other } of conversations.values())
        if (
          other.siteKey === c.siteKey &&
          other.shopperId === from &&
          !(next && next.createdAt > other.createdAt)
        )
          next = other;
      if (next) latestByShopper.set(fromKey, next.id);
      else latestByShopper.delete(fromKey);
    }
    const toKey = shopperKey(c.siteKey, c.shopperId);
    const current = latest(c.siteKey, c.shopperId);
    if (!current || current.createdAt <= c.createdAt) latestByShopper.set(toKey, c.id);
  };
  const latest = (siteKey: string, shopperId: string): StoredConversation | undefined => {
    const id = latestByShopper.get(shopperKey(siteKey, shopperId));
    return id ? record(id).conversation : undefined;
  };

  return {
    ...memoryApiKeys(),
    async ready() {},
    async createConversation(input: NewConversation) {
      return copy(create(input));
    },
    async getConversation(id) {
      const found = conversations.get(id);
      return found ? copy(found.conversation) : null;
    },
    async findLatestConversation(siteKey, shopperId) {
      const found = latest(siteKey, shopperId);
      return found ? copy(found) : null;
    },
    async openConversation(input, closedBefore) {
      const found = latest(input.siteKey, input.shopperId);
      if (found && !(found.state.status === 'closed' && found.updatedAt < closedBefore))
        return { conversation: copy(found), created: false };
      return { conversation: copy(create(input)), created: true };
    },
    async listConversations(filter: ConversationFilter) {
      const out: StoredConversation[] = [];
      for (const { conversation: c } of conversations.values()) {
        if (filter.statuses && !filter.statuses.includes(c.state.status)) continue;
        if (filter.agentId !== undefined && c.state.agent?.id !== filter.agentId) continue;
        if (filter.groups && !filter.groups.includes(c.state.group ?? '')) continue;
        if (filter.siteKey !== undefined && c.siteKey !== filter.siteKey) continue;
        if (filter.shopperId !== undefined && c.shopperId !== filter.shopperId) continue;
        if (filter.updatedBefore !== undefined && !(c.updatedAt < filter.updatedBefore)) continue;
        if (filter.updatedSince !== undefined && c.updatedAt < filter.updatedSince) continue;
        if (filter.createdFrom !== undefined && c.createdAt < filter.createdFrom) continue;
        if (filter.createdBefore !== undefined && !(c.createdAt < filter.createdBefore)) continue;
        out.push(copy(c));
      }
      out.sort((a, b) => a.createdAt - b.createdAt);
      if (filter.newestFirst) out.reverse();
      return filter.limit === undefined ? out : out.slice(0, filter.limit);
    },
    async updateConversation(id, patch: ConversationPatch, expect) {
      const found = conversations.get(id);
      if (!found || !matches(found.conversation, expect)) return null;
      const c = found.conversation;
      found.conversation = { ...c, ...patch, version: c.version + 1 };
      if (patch.shopperId !== undefined && patch.shopperId !== c.shopperId)
        handOver(found.conversation, c.shopperId);
      return copy(found.conversation);
    },
    async appendMessage(input: NewMessage, expect, want) {
      const r = record(input.conversationId);
      if (input.clientMsgId !== undefined) {
        const earlier = r.byClientMsgId.get(input.clientMsgId);
        if (earlier) return { message: earlier, duplicate: true, status: r.conversation.state.status };
      }
      if (!matches(r.conversation, expect))
        throw new KefuError(
          'conflict',
          `conversation ${input.conversationId} is ${r.conversation.state.status}`,
        );
      const seq = r.conversation.lastSeq + 1;
      // Built field by field: `delete` on a spread copy (for an absent clientMsgId) turned every
      // stored message into a slow dictionary-mode object, read again by every encode and page.
      const message: Message =
        input.clientMsgId === undefined
          ? {
              seq,
              id: input.id,
              conversationId: input.conversationId,
              author: input.author,
              createdAt: input.createdAt,
              content: input.content,
            }
          : {
              seq,
              id: input.id,
              conversationId: input.conversationId,
              clientMsgId: input.clientMsgId,
              author: input.author,
              createdAt: input.createdAt,
              content: input.content,
            };
      r.messages.push(message);
      if (input.clientMsgId !== undefined) r.byClientMsgId.set(input.clientMsgId, message);
      // Changed in place, not copied: the stored conversation never leaves the store uncopied
      // (every read returns `copy`), and a copy of the whole record per message was garbage.
      const c = r.conversation;
      c.lastSeq = seq;
      c.updatedAt = input.createdAt;
      c.version++;
      // The copy (a third of a kilobyte) only for a caller that reads it: the bot's own posts do not.
      const conversation = want?.conversation === false ? undefined : copy(c);
      return { message, duplicate: false, status: c.state.status, conversation };
    },
    async listMessages(conversationId, { afterSeq, beforeSeq, limit }) {
      const { messages } = record(conversationId);
      // seq n lives at index n - 1: seqs are gapless from 1.
      if (beforeSeq !== undefined) {
        const end = Math.min(Math.max(beforeSeq - 1, 0), messages.length);
        return messages.slice(Math.max(0, end - limit), end);
      }
      const start = Math.max(afterSeq ?? 0, 0);
      return messages.slice(start, start + limit);
    },
    async appendNote(note, limit) {
      const r = record(note.conversationId);
      const earlier = note.clientMsgId ? r.notes.find((n) => n.clientMsgId === note.clientMsgId) : undefined;
      if (earlier) return { note: earlier, duplicate: true };
      if (limit && r.notes.length >= limit.max) throw notesFull(note.conversationId, limit.max);
      r.notes.push(note);
      return { note, duplicate: false };
    },
    async listNotes(conversationId) {
      return [...record(conversationId).notes];
    },
    async upsertShopper(shopper, now) {
      const key = shopperKey(shopper.siteKey, shopper.id);
      const earlier = shoppers.get(key);
      const next: StoredShopper = {
        ...earlier,
        ...shopper,
        createdAt: earlier?.createdAt ?? now,
        updatedAt: now,
      };
      shoppers.set(key, next);
      return { ...next };
    },
    async getShopper(siteKey, id) {
      const found = shoppers.get(shopperKey(siteKey, id));
      return found ? { ...found } : null;
    },
    async eraseConversation(id, anonymousId) {
      const r = record(id);
      const latestKey = shopperKey(r.conversation.siteKey, r.conversation.shopperId);
      if (latestByShopper.get(latestKey) === id) latestByShopper.delete(latestKey);
      const erased = { kind: 'system' as const, event: 'notice' as const, text: ERASED_TEXT };
      r.messages = r.messages.map((m) => {
        const author = m.author.kind === 'shopper' ? { kind: 'shopper' as const, id: anonymousId } : m.author;
        return { ...m, author, content: erased };
      });
      r.byClientMsgId = new Map(
        r.messages.flatMap((m) => (m.clientMsgId === undefined ? [] : [[m.clientMsgId, m] as const])),
      );
      r.notes = [];
      const { page: _page, ...rest } = r.conversation;
      r.conversation = {
        ...rest,
        shopperId: anonymousId,
        state: eraseState(r.conversation.state),
        version: r.conversation.version + 1,
      };
      for (const t of tickets.values())
        if (t.conversationId === id)
          tickets.set(t.id, { ...eraseTicket(t, anonymousId), version: t.version + 1 });
      events.eraseConversation(id);
      webhooks.forgetConversation(id);
      forgetLearned(id);
    },
    async listStaleShoppers({ updatedBefore, after, limit }) {
      const from = after ? shopperKey(after.siteKey, after.id) : undefined;
      const stale: Array<[key: string, shopper: StoredShopper]> = [];
      for (const [key, s] of shoppers)
        if (s.updatedAt < updatedBefore && (from === undefined || key > from)) stale.push([key, s]);
      // The key (site, NUL, id) sorts as site then id: the cursor's order.
      return stale
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .slice(0, limit)
        .map(([, s]) => ({ siteKey: s.siteKey, id: s.id }));
    },
    async deleteShopper(siteKey, id, updatedBefore) {
      const key = shopperKey(siteKey, id);
      const found = shoppers.get(key);
      if (!found || (updatedBefore !== undefined && !(found.updatedAt < updatedBefore))) return false;
      return shoppers.delete(key);
    },
    ...events.store,
    async useNonce(nonce, expiresAt, now) {
      // Forget nonces whose tokens have expired anyway, so memory stays bounded.
      if (nonces.size > 10_000) for (const [n, exp] of nonces) if (exp < now) nonces.delete(n);
      if (nonces.has(nonce)) return false;
      nonces.set(nonce, expiresAt);
      return true;
    },
    async revokeSessions(siteKey, shopperId, at, keepUntil) {
      for (const [key, r] of revocations) if (r.keepUntil < at) revocations.delete(key);
      const key = sessionKey(siteKey, shopperId);
      const earlier = revocations.get(key);
      revocations.set(key, {
        at: Math.max(at, earlier?.at ?? at),
        keepUntil: Math.max(keepUntil, earlier?.keepUntil ?? keepUntil),
      });
    },
    async sessionsRevokedAt(siteKey, shopperId) {
      return revocations.get(sessionKey(siteKey, shopperId))?.at ?? null;
    },
    ...timers.store,
    async createTicket(ticket, dueAt) {
      if (tickets.has(ticket.id)) throw new KefuError('conflict', `ticket ${ticket.id} exists`);
      const stored: Ticket = { ...structuredClone(ticket), version: 1 };
      tickets.set(ticket.id, stored);
      timers.setTicketTimer(ticket.id, dueAt);
      return structuredClone(stored);
    },
    async updateTicket(ticket, dueAt) {
      const found = tickets.get(ticket.id);
      if (!found || found.version !== ticket.version) return null;
      const stored: Ticket = { ...structuredClone(ticket), version: ticket.version + 1 };
      tickets.set(ticket.id, stored);
      timers.setTicketTimer(ticket.id, dueAt);
      return structuredClone(stored);
    },
    async getTicket(id) {
      const found = tickets.get(id);
      return found ? structuredClone(found) : null;
    },
    async listTickets({ statuses, assigneeId, conversationId, afterId, limit }) {
      // Map order is creation order, and sort is stable: createdAt ties stay in creation order.
      const ordered = [...tickets.values()].sort((a, b) => a.createdAt - b.createdAt);
      const start = afterId === undefined ? 0 : ordered.findIndex((t) => t.id === afterId) + 1;
      if (start === 0 && afterId !== undefined) return [];
      return ordered
        .slice(start)
        .filter(
          (t) =>
            (statuses === undefined || statuses.includes(t.status)) &&
            (assigneeId === undefined || t.assignee?.id === assigneeId) &&
            (conversationId === undefined || t.conversationId === conversationId),
        )
        .slice(0, limit)
        .map((t) => structuredClone(t));
    },
    ...webhooks.store,
    ...learned,
    async close() {
      conversations.clear();
    },
  };
}

/** How the maps filed by shopper key a shopper of a site. */
const shopperKey = (siteKey: string, shopperId: string) => `${siteKey}\u0000${shopperId}`;
