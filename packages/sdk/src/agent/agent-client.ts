import {
  type AgentContent,
  type AgentStatus,
  type AgentWelcome,
  type AlertFrame,
  type AssistFrame,
  type CannedReply,
  type ConversationSnapshot,
  type ConversationState,
  type ErrorCode,
  HubToAgent,
  type InboxItem,
  KefuError,
  type Message,
  type Note,
  PROTOCOL_VERSION,
  type QaViolation,
  type ReportFrame,
} from '@kefu/protocol';
import { type Clock, systemClock } from '../clock.ts';
import { createEmitter } from '../emitter.ts';
import { randomToken } from '../ids.ts';
import type { BackoffOptions } from '../transport/backoff.ts';
import { type ConnectionStatus, ReconnectingSocket, type WebSocketConstructor } from '../transport/socket.ts';

/** A conversation this agent has open: its transcript and notes, kept current. */
export interface OpenConversation {
  id: string;
  state: ConversationState;
  shopper: ConversationSnapshot['shopper'];
  page?: ConversationSnapshot['page'];
  messages: Message[];
  notes: Note[];
  lastSeq: number;
  shopperReadSeq: number;
  shopperTyping: boolean;
  /** The shopper has the chat open now (kept current by `presence` frames). */
  shopperOnline: boolean;
  /** The order on the shopper's page, from the merchant's `lookupOrder`. */
  order?: ConversationSnapshot['order'];
  /** The shopper's earlier conversations, newest first. */
  earlier?: ConversationSnapshot['earlier'];
}

export interface AgentClientEvents {
  welcome: AgentWelcome['agent'];
  inbox: InboxItem[];
  conversation: OpenConversation;
  message: { conversationId: string; message: Message };
  note: Note;
  state: { conversationId: string; state: ConversationState };
  typing: { conversationId: string; on: boolean };
  /** The shopper of an open conversation opened the chat or left it (closed every tab). */
  presence: { conversationId: string; online: boolean; at: number };
  read: { conversationId: string; seq: number };
  error: { code: ErrorCode; message: string; retryable: boolean };
  connection: { status: ConnectionStatus; code?: number; reason?: string };
  /** Needs attention now: an SLA about to breach, a ticket overdue, a follow-up due, a requeue. */
  alert: Omit<AlertFrame, 'v' | 'type'>;
  /** Suggestions for the shopper's latest message: intent, anger, knowledge-base answers, canned replies. */
  assist: Omit<AssistFrame, 'v' | 'type'>;
}

/**
 * Quality inspection held a message back (nothing was sent). Show `violations` to the agent;
 * `send(id, content, { override: true })` sends it anyway.
 */
export class QaHeldError extends KefuError {
  constructor(readonly violations: QaViolation[]) {
    super('conflict', `held back by quality inspection: ${violations.map((v) => v.message).join('; ')}`);
    this.name = 'KefuError';
  }
}

export interface AgentClientOptions {
  url: string;
  token: string;
  WebSocket?: WebSocketConstructor;
  /** Status on connect (default online). */
  status?: AgentStatus;
  backoff?: BackoffOptions;
  clock?: Clock;
  /** How long a request waits for the hub's answer (default 10 s). */
  requestTimeoutMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: KefuError): void;
  timer: unknown;
}

/**
 * The agent client: for agent consoles and for external bots that act as agents. Every action
 * returns a promise that settles with the hub's answer, or rejects with a KefuError.
 * @example
 * const agent = createAgentClient({ url: 'wss://hub.example', token: process.env.AGENT_TOKEN! });
 * agent.on('inbox', (items) => console.log(items.length, 'waiting'));
 * await agent.connect();
 * const c = await agent.accept(items[0].conversationId);
 * await agent.send(c.id, '您好，我是客服小美');
 */
export function createAgentClient(options: AgentClientOptions) {
  const clock = options.clock ?? systemClock;
  const WebSocketImpl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!WebSocketImpl)
    throw new TypeError('createAgentClient: no WebSocket available; pass options.WebSocket');
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const events = createEmitter<AgentClientEvents>();
  const inbox = new Map<string, InboxItem>();
  const open = new Map<string, OpenConversation>();
  const pending = new Map<string, Pending>();
  /** Sends that the hub has not acknowledged yet, re-sent after a reconnect (the hub de-duplicates). */
  const unacked = new Map<string, object>();
  let profile: AgentWelcome['agent'] | undefined;
  let canned: CannedReply[] = [];
  const assists = new Map<string, Omit<AssistFrame, 'v' | 'type'>>();
  let status: AgentStatus = options.status ?? 'online';
  let connected: { resolve(): void; reject(e: KefuError): void } | undefined;
  /** True between the hub's welcome and the next disconnect: requests sent earlier would overtake re-sent ones. */
  let ready = false;

  const socket = new ReconnectingSocket({
    url: options.url,
    WebSocket: WebSocketImpl,
    schema: HubToAgent,
    clock,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    onOpen() {
      ready = false;
      socket.send({ v: PROTOCOL_VERSION, type: 'hello', role: 'agent', token: options.token, status });
    },
    onFrame(frame) {
      switch (frame.type) {
        case 'welcome': {
          ready = true;
          profile = frame.agent;
          canned = frame.canned ?? [];
          inbox.clear();
          for (const item of frame.inbox) inbox.set(item.conversationId, item);
          socket.markOpen(frame.heartbeatMs);
          events.emit('welcome', frame.agent);
          events.emit('inbox', [...inbox.values()]);
          connected?.resolve();
          connected = undefined;
          // Re-open what was open before the reconnect, and re-send what was not acknowledged.
          for (const c of open.values())
            socket.send({
              v: PROTOCOL_VERSION,
              type: 'join',
              conversationId: c.id,
              lastSeq: contiguousSeq(c.messages),
            });
          for (const frame of unacked.values()) socket.send(frame);
          return;
        }
        case 'inbox.update':
          if (frame.item) inbox.set(frame.item.conversationId, frame.item);
          if (frame.removed) inbox.delete(frame.removed);
          events.emit('inbox', [...inbox.values()]);
          return;
        case 'conversation': {
          // A re-join after a reconnect brings what was missed: merge it into what is held.
          const held = open.get(frame.conversationId);
          const seen = new Set(held?.messages.map((m) => m.seq));
          const messages = [
            ...(held?.messages ?? []),
            ...frame.messages.filter((m) => !seen.has(m.seq)),
          ].sort((x, y) => x.seq - y.seq);
          const c: OpenConversation = {
            id: frame.conversationId,
            state: frame.state,
            shopper: frame.shopper,
            ...(frame.page ? { page: frame.page } : {}),
            messages,
            notes: frame.notes,
            ...(frame.order ? { order: frame.order } : {}),
            ...(frame.earlier ? { earlier: frame.earlier } : {}),
            lastSeq: frame.lastSeq,
            shopperReadSeq: frame.shopperReadSeq,
            shopperTyping: false,
            shopperOnline: frame.shopperOnline ?? false,
          };
          open.set(c.id, c);
          events.emit('conversation', c);
          return settle(frame.re, c);
        }
        case 'message': {
          const c = open.get(frame.message.conversationId);
          if (c && !c.messages.some((m) => m.seq === frame.message.seq)) {
            c.messages.push(frame.message);
            c.messages.sort((a, b) => a.seq - b.seq);
            c.lastSeq = Math.max(c.lastSeq, frame.message.seq);
          }
          events.emit('message', { conversationId: frame.message.conversationId, message: frame.message });
          return;
        }
        case 'note': {
          // The author gets a note twice (the answer and the live feed); count it once.
          const c = open.get(frame.note.conversationId);
          const isNew = !c?.notes.some((n) => n.id === frame.note.id);
          if (c && isNew) c.notes.push(frame.note);
          if (isNew) events.emit('note', frame.note);
          if (frame.re) unacked.delete(frame.re);
          return settle(frame.re, frame.note);
        }
        case 'ack':
          if (frame.re) unacked.delete(frame.re);
          return settle(frame.re, frame);
        case 'ok':
          return settle(frame.re, undefined);
        case 'state': {
          const c = open.get(frame.conversationId);
          if (c) c.state = frame.state;
          events.emit('state', { conversationId: frame.conversationId, state: frame.state });
          return;
        }
        case 'typing': {
          const c = open.get(frame.conversationId);
          if (c) c.shopperTyping = frame.on;
          events.emit('typing', { conversationId: frame.conversationId, on: frame.on });
          return;
        }
        case 'presence': {
          const c = open.get(frame.conversationId);
          if (c) {
            c.shopperOnline = frame.online;
            if (!frame.online) c.shopperTyping = false;
          }
          const item = inbox.get(frame.conversationId);
          if (item) {
            inbox.set(frame.conversationId, { ...item, shopperOnline: frame.online });
            events.emit('inbox', [...inbox.values()]);
          }
          events.emit('presence', {
            conversationId: frame.conversationId,
            online: frame.online,
            at: frame.at,
          });
          return;
        }
        case 'read': {
          const c = open.get(frame.conversationId);
          if (c) c.shopperReadSeq = Math.max(c.shopperReadSeq, frame.seq);
          events.emit('read', { conversationId: frame.conversationId, seq: frame.seq });
          return;
        }
        case 'history.page': {
          const c = open.get(frame.conversationId);
          if (c) {
            const seen = new Set(c.messages.map((m) => m.seq));
            c.messages = [...frame.messages.filter((m) => !seen.has(m.seq)), ...c.messages].sort(
              (a, b) => a.seq - b.seq,
            );
          }
          return settle(frame.re, frame);
        }
        case 'error': {
          if (frame.re && pending.has(frame.re)) {
            unacked.delete(frame.re);
            return fail(frame.re, new KefuError(frame.code, frame.message));
          }
          events.emit('error', { code: frame.code, message: frame.message, retryable: frame.retryable });
          if (connected && !frame.retryable) {
            connected.reject(new KefuError(frame.code, frame.message));
            connected = undefined;
          }
          return;
        }
        case 'alert': {
          const { v: _v, type: _t, ...alert } = frame;
          events.emit('alert', alert);
          return;
        }
        case 'assist': {
          const { v: _v, type: _t, ...assist } = frame;
          assists.set(assist.conversationId, assist);
          events.emit('assist', assist);
          return;
        }
        case 'qa':
          if (frame.re) {
            unacked.delete(frame.re);
            fail(frame.re, new QaHeldError(frame.violations));
          }
          return;
        case 'report': {
          const { v: _v, type: _t, re, ...report } = frame;
          return settle(re, report);
        }
        case 'pong':
          return;
      }
    },
    onStatus(next, detail) {
      if (next !== 'open') ready = false;
      events.emit('connection', { status: next, ...detail });
      if (next === 'failed' && connected) {
        connected.reject(new KefuError('unauthorized', detail?.reason ?? 'the hub refused this agent'));
        connected = undefined;
      }
    },
    onInvalid(message) {
      events.emit('error', {
        code: 'invalid_frame',
        message: `unreadable frame from the hub: ${message}`,
        retryable: false,
      });
    },
  });

  /** The highest seq up to which nothing is missing. */
  function contiguousSeq(messages: Message[]): number {
    let seq = (messages[0]?.seq ?? 1) - 1;
    for (const m of messages) {
      if (m.seq !== seq + 1) break;
      seq = m.seq;
    }
    return seq;
  }

  function settle(re: string | undefined, value: unknown): void {
    if (!re) return;
    const p = pending.get(re);
    if (!p) return;
    pending.delete(re);
    clock.clearTimeout(p.timer);
    p.resolve(value);
  }

  function fail(re: string, error: KefuError): void {
    const p = pending.get(re);
    if (!p) return;
    pending.delete(re);
    clock.clearTimeout(p.timer);
    p.reject(error);
  }

  /** Sends a frame with a fresh id and waits for the answer that names it. */
  function request<T>(
    frame: Record<string, unknown>,
    options: { resendOnReconnect?: boolean } = {},
  ): Promise<T> {
    const id = randomToken(12);
    const full = { v: PROTOCOL_VERSION, ...frame, id };
    return new Promise<T>((resolve, reject) => {
      const timer = clock.setTimeout(() => {
        unacked.delete(id);
        fail(
          id,
          new KefuError('internal', `no answer to ${String(frame.type)} within ${requestTimeoutMs} ms`),
        );
      }, requestTimeoutMs);
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      if (options.resendOnReconnect) unacked.set(id, full);
      const sent = ready && socket.send(full);
      if (!sent && !options.resendOnReconnect)
        fail(id, new KefuError('internal', 'not connected to the hub'));
    });
  }

  return {
    on: events.on,
    off: events.off,
    /** Connects; resolves on the hub's welcome, rejects if the token is refused. */
    connect(): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        connected = { resolve, reject };
        socket.start();
      });
    },
    /** Takes a queued conversation; rejects with `conflict` if another agent was faster. */
    accept(conversationId: string): Promise<OpenConversation> {
      return request({ type: 'accept', conversationId });
    },
    /** Opens a conversation to read it without taking it. */
    join(conversationId: string): Promise<OpenConversation> {
      return request({ type: 'join', conversationId });
    },
    async leave(conversationId: string): Promise<void> {
      open.delete(conversationId);
      await request({ type: 'leave', conversationId });
    },
    /** Sends a message; delivered exactly once even across reconnects. */
    send(
      conversationId: string,
      content: string | AgentContent,
      options: { override?: boolean; suggestion?: { kind: 'kb' | 'canned'; id: string } } = {},
    ): Promise<{ seq: number; messageId: string }> {
      const c: AgentContent = typeof content === 'string' ? { kind: 'text', text: content } : content;
      return request(
        {
          type: 'send',
          conversationId,
          clientMsgId: randomToken(),
          content: c,
          ...(options.override ? { override: true } : {}),
          ...(options.suggestion ? { suggestion: options.suggestion } : {}),
        },
        { resendOnReconnect: true },
      );
    },
    /** Supervisors: service metrics between two times, in total and per group, agent or day. */
    report(
      from: number,
      to: number,
      groupBy?: 'group' | 'agent' | 'day',
    ): Promise<Omit<ReportFrame, 'v' | 'type' | 're'>> {
      return request({ type: 'report', from, to, ...(groupBy ? { groupBy } : {}) });
    },
    /** The shop's canned replies (from the welcome). */
    get canned(): CannedReply[] {
      return canned;
    },
    /** The latest assist for a conversation, if any. */
    assistFor(conversationId: string): Omit<AssistFrame, 'v' | 'type'> | undefined {
      return assists.get(conversationId);
    },
    note(conversationId: string, text: string): Promise<Note> {
      return request(
        { type: 'note', conversationId, clientMsgId: randomToken(), text },
        { resendOnReconnect: true },
      );
    },
    typing(conversationId: string, on: boolean): void {
      socket.send({ v: PROTOCOL_VERSION, type: 'typing', conversationId, on });
    },
    markRead(conversationId: string, seq: number): Promise<void> {
      return request({ type: 'read', conversationId, seq });
    },
    transfer(
      conversationId: string,
      to: { agentId: string } | { group: string },
      note?: string,
    ): Promise<void> {
      return request({ type: 'transfer', conversationId, to, ...(note ? { note } : {}) });
    },
    /** Waits on the shopper or a follow-up; the hub raises an `alert` at `dueAt` unless the shopper writes first. */
    pending(conversationId: string, dueAt: number, note?: string): Promise<void> {
      return request({ type: 'pending', conversationId, dueAt, ...(note ? { note } : {}) });
    },
    /** Opens, updates or resolves the conversation's ticket; `note` is what the shopper sees. */
    ticket(
      conversationId: string,
      action: 'create' | 'progress' | 'workaround' | 'resolve',
      note?: string,
    ): Promise<void> {
      return request({ type: 'ticket', conversationId, action, ...(note ? { note } : {}) });
    },
    /** Replaces the conversation's tags. */
    tags(conversationId: string, tags: string[]): Promise<void> {
      return request({ type: 'tags', conversationId, tags });
    },
    handback(conversationId: string): Promise<void> {
      return request({ type: 'handback', conversationId });
    },
    close(conversationId: string, resolution?: string): Promise<void> {
      return request({ type: 'close', conversationId, ...(resolution ? { resolution } : {}) });
    },
    loadOlder(conversationId: string, limit = 50): Promise<{ messages: Message[]; hasMore: boolean }> {
      const c = open.get(conversationId);
      const before = c?.messages[0]?.seq ?? 1;
      return request({ type: 'history', conversationId, before, limit });
    },
    setStatus(next: AgentStatus): Promise<void> {
      status = next;
      return request({ type: 'status', status: next });
    },
    get inbox(): InboxItem[] {
      return [...inbox.values()];
    },
    conversation(id: string): OpenConversation | undefined {
      return open.get(id);
    },
    get profile(): AgentWelcome['agent'] | undefined {
      return profile;
    },
    get status(): ConnectionStatus {
      return socket.status;
    },
    /**
     * Disconnects. Requests still waiting for the hub's answer reject with `internal` (their fate
     * is unknown: a send repeated after reconnecting is de-duplicated), so no promise is left
     * hanging and no timer outlives the client.
     */
    disconnect(): void {
      socket.stop();
      ready = false;
      unacked.clear();
      const gone = new KefuError('internal', 'the agent client disconnected before the hub answered');
      for (const id of [...pending.keys()]) fail(id, gone);
      connected?.reject(gone);
      connected = undefined;
    },
  };
}

export type AgentClient = ReturnType<typeof createAgentClient>;
