import type { ConversationState, Message } from '@kefu/protocol';
import type { ConnectionStatus, OutboxEntry, ShopperClientEvents } from '@kefu/sdk/client/light';
import type { ChatClient } from '../chat-state.ts';

type Listener = (payload: never) => void;

/**
 * A stand-in for the shopper client in component tests: the same surface, driven by the test
 * (`emit`), recording what the UI asked of it (`sent`, `retried`, `read`).
 */
export function createFakeClient(
  initial: { messages?: Message[]; outbox?: OutboxEntry[]; state?: ConversationState } = {},
) {
  const listeners = new Map<keyof ShopperClientEvents, Set<Listener>>();
  const sent: unknown[] = [];
  const retried: string[] = [];
  const read: number[] = [];
  const rated: { rating: number; comment?: string }[] = [];
  const feedbacks: { seq: number; helpful: boolean }[] = [];
  let messages = initial.messages ?? [];
  let outbox = initial.outbox ?? [];
  let state = initial.state;
  let status: ConnectionStatus = 'idle';
  let agentReadSeq = 0;
  let n = 0;
  let connects = 0;
  let reconnects = 0;
  let conversationId: string | undefined = 'c1';
  const emit = <K extends keyof ShopperClientEvents>(event: K, payload: ShopperClientEvents[K]) => {
    if (event === 'message') messages = [...messages, payload as Message].sort((a, b) => a.seq - b.seq);
    if (event === 'outbox') outbox = payload as OutboxEntry[];
    if (event === 'state') state = payload as ConversationState;
    if (event === 'connection') status = (payload as { status: ConnectionStatus }).status;
    if (event === 'read') agentReadSeq = payload as number;
    // The real client drops what it held when the hub welcomes it into another conversation.
    if (event === 'welcome') {
      const id = (payload as ShopperClientEvents['welcome']).conversationId;
      if (id !== conversationId) messages = [];
      conversationId = id;
    }
    if (event === 'reset') {
      conversationId = undefined;
      messages = [];
      outbox = [];
      state = undefined;
      agentReadSeq = 0;
    }
    for (const fn of listeners.get(event) ?? []) (fn as (p: ShopperClientEvents[K]) => void)(payload);
  };
  const client: ChatClient = {
    on(event, fn) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(fn as Listener);
      return () => set.delete(fn as Listener);
    },
    connect() {
      connects++;
    },
    reconnect: () => void reconnects++,
    send(input, clientMsgId, held) {
      if (typeof input === 'string' && !input.trim()) throw new Error('empty');
      sent.push(input);
      const entry: OutboxEntry = {
        clientMsgId: clientMsgId ?? `c${++n}`,
        content: typeof input === 'string' ? { kind: 'text', text: input.trim() } : input,
        createdAt: 0,
        status: 'pending',
        held,
      };
      // As the real client: an id already queued (a held photo) keeps its place.
      const same = outbox.some((e) => e.clientMsgId === entry.clientMsgId);
      emit(
        'outbox',
        same ? outbox.map((e) => (e.clientMsgId === entry.clientMsgId ? entry : e)) : [...outbox, entry],
      );
      return entry.clientMsgId;
    },
    discard(id) {
      emit(
        'outbox',
        outbox.filter((e) => e.clientMsgId !== id),
      );
    },
    retry: (id) => void retried.push(id),
    rate(rating, comment) {
      if (status !== 'open') return false;
      rated.push(comment ? { rating, comment } : { rating });
      return true;
    },
    feedback: (seq, helpful) => {
      feedbacks.push({ seq, helpful });
      return status === 'open';
    },
    markRead: (seq = 0) => void read.push(seq),
    setTyping() {},
    setContext() {},
    setLocale() {},
    identify() {},
    loadOlder: () => false,
    close() {},
    get messages() {
      return messages;
    },
    get outbox() {
      return outbox;
    },
    get state() {
      return state;
    },
    get status() {
      return status;
    },
    get agentReadSeq() {
      return agentReadSeq;
    },
    get lastSeq() {
      return messages.at(-1)?.seq ?? 0;
    },
    session: 'session-token',
    get conversationId() {
      return conversationId;
    },
  };
  return {
    client,
    emit,
    sent,
    retried,
    read,
    rated,
    feedbacks,
    /** How many times the UI asked the client to connect. */
    get connects() {
      return connects;
    },
    /** How many times the shopper asked to try the hub again (Retry). */
    get reconnects() {
      return reconnects;
    },
  };
}

let seq = 0;
/** A stored message for tests. */
export function message(partial: Partial<Message> & Pick<Message, 'content'>): Message {
  seq++;
  return {
    seq,
    id: `m${seq}`,
    conversationId: 'c1',
    author: { kind: 'agent', name: 'Mei' },
    createdAt: 0,
    ...partial,
  };
}
