import {
  type CannedReply,
  type ImageContent,
  type InboxItem,
  type KbEntry,
  type KbProposal,
  KefuError,
  type Message,
  type MetricsRow,
} from '@kefu/protocol';
import type { AgentClientEvents, InboxChange, OpenConversation } from '@kefu/sdk/agent';
import type { ConsoleClient } from '../console-client.ts';
import { fakeKnowledgeBase } from './fake-knowledge-base.ts';

type Listener = (payload: never) => void;

/** An agent client without a hub: tests emit the hub's events and read the calls the console made. */
export function createFakeClient(
  options: {
    profile?: Partial<NonNullable<ConsoleClient['profile']>>;
    canned?: CannedReply[];
    /** The welcome's `photos` (false: a hub without `images`). */
    photos?: boolean;
    /** The welcome's `groups` (the hub's; undefined: an older hub). */
    groups?: string[];
    conversations?: OpenConversation[];
    /** What `send` does: resolve, or throw (e.g. a QaHeldError). */
    /** May return a promise: the send waits for it (a hub that has not answered yet). */
    onSend?: (id: string, text: string, override: boolean, clientMsgId?: string) => void | Promise<void>;
    /** May return a promise: the note waits for it (a hub that has not answered yet). */
    onNote?: (id: string, text: string) => void | Promise<void>;
    report?: (from: number, to: number, groupBy?: string) => Awaited<ReturnType<ConsoleClient['report']>>;
    /** What `accept` does before answering: throw to refuse (a colleague was faster). */
    onAccept?: (id: string) => void;
    /** What `assign` does before answering: throw to refuse (taken, full). */
    onAssign?: (id: string, agentId: string) => void;
    /** Who the hub says is online (default: only this agent). */
    online?: () => Awaited<ReturnType<ConsoleClient['agentsOnline']>>;
    /** Refuse uploads with this message (as the hub refuses an SVG). */
    refuseUpload?: string;
    /** What `refreshMessage` answers (default: the message held, unchanged). */
    onRefresh?: (id: string, seq: number) => Message | undefined;
    /** The knowledge proposals and doctor's findings the hub has (a supervisor's knowledge page). */
    knowledge?: {
      proposals: () => KbProposal[];
      check?: () => Awaited<ReturnType<ConsoleClient['checkKnowledge']>>;
      /** The entries the knowledge base holds (the entry editor's). */
      entries?: KbEntry[];
    };
  } = {},
) {
  const listeners = new Map<string, Set<Listener>>();
  const calls: { method: string; args: unknown[] }[] = [];
  const conversations = new Map((options.conversations ?? []).map((c) => [c.id, c]));
  let inbox: InboxItem[] = [];
  let seq = 1000;
  const profile = {
    id: 'mei',
    name: '小美 Mei',
    groups: ['default'],
    status: 'online' as const,
    supervisor: false,
    ...options.profile,
  };
  const record = (method: string, ...args: unknown[]) => {
    calls.push({ method, args });
  };
  const kb = fakeKnowledgeBase(record, options.knowledge?.entries);
  /** Whether the next `inbox` is a welcome's (a reset), as after `connect`. */
  let welcomed = true;
  const emit = <K extends keyof AgentClientEvents>(event: K, payload: AgentClientEvents[K]) => {
    if (event === 'inbox') {
      const previous = inbox;
      inbox = payload as InboxItem[];
      deliver(event, payload);
      // As the real client: what changed, one conversation at a time (a test's whole new list when
      // more changed, or at a welcome, is a reset).
      deliver('inboxChange', welcomed ? { reset: true } : inboxChange(previous, inbox));
      welcomed = false;
      return;
    }
    deliver(event, payload);
  };
  const deliver = <K extends keyof AgentClientEvents>(event: K, payload: AgentClientEvents[K]) => {
    // As the real client: a message is in its conversation before the event says so.
    if (event === 'message') {
      const { conversationId, message } = payload as AgentClientEvents['message'];
      const held = conversations.get(conversationId);
      if (held && !held.messages.some((m) => m.seq === message.seq)) held.messages.push(message);
    }
    for (const l of [...(listeners.get(event) ?? [])]) (l as (p: AgentClientEvents[K]) => void)(payload);
  };
  const snapshot = (id: string): OpenConversation => {
    const c = conversations.get(id) ?? conversation({ id });
    conversations.set(id, c);
    return c;
  };
  const client: ConsoleClient = {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
    async connect() {
      record('connect');
      emit('connection', { status: 'open' });
      emit('welcome', profile);
      welcomed = true;
      emit('inbox', inbox);
    },
    disconnect: () => record('disconnect'),
    async accept(id) {
      record('accept', id);
      options.onAccept?.(id);
      return snapshot(id);
    },
    async join(id) {
      record('join', id);
      return snapshot(id);
    },
    async leave(id) {
      record('leave', id);
    },
    async send(id, content, opts = {}) {
      const text =
        typeof content === 'string'
          ? content
          : content.kind === 'text'
            ? content.text
            : content.kind === 'image'
              ? `[image ${content.id}] ${content.caption ?? ''}`.trim()
              : '';
      record('send', id, text, opts.override ?? false, ...(opts.suggestion ? [opts.suggestion] : []));
      await options.onSend?.(id, text, opts.override ?? false, opts.clientMsgId);
      return { seq: ++seq, messageId: `m${seq}` };
    },
    async note(id, text) {
      record('note', id, text);
      await options.onNote?.(id, text);
      return {
        id: `n${++seq}`,
        conversationId: id,
        author: { id: profile.id, name: profile.name },
        text,
        createdAt: 0,
      };
    },
    typing: (id, on) => record('typing', id, on),
    checkConnection: () => record('checkConnection'),
    async markRead(id, s) {
      record('markRead', id, s);
    },
    async transfer(id, to, note) {
      record('transfer', id, to, note);
    },
    async assign(id, agentId, assignOptions) {
      record('assign', id, agentId, assignOptions);
      options.onAssign?.(id, agentId);
    },
    async agentsOnline() {
      record('agentsOnline');
      return options.online?.() ?? [{ id: profile.id, name: profile.name, groups: [...profile.groups] }];
    },
    async pending(id, dueAt, note) {
      record('pending', id, dueAt, note);
    },
    async ticket(id, action, note) {
      record('ticket', id, action, note);
    },
    /** Like the hub: stores the tags on the conversation and sends its new state. */
    async tags(id, tags) {
      record('tags', id, tags);
      const c = conversations.get(id);
      if (!c) return;
      c.state = { ...c.state, tags: [...tags] };
      emit('state', { conversationId: id, state: c.state });
    },
    async handback(id) {
      record('handback', id);
    },
    async close(id, resolution) {
      record('close', id, resolution);
    },
    async loadOlder(id) {
      record('loadOlder', id);
      return { messages: [], hasMore: false };
    },
    async loadEarlier(id) {
      record('loadEarlier', id);
      return { earlier: [], hasMore: false };
    },
    async setStatus(status) {
      record('setStatus', status);
    },
    async report(from, to, groupBy) {
      record('report', from, to, groupBy);
      return options.report?.(from, to, groupBy) ?? { from, to, total: metricsRow('all'), rows: [] };
    },
    async uploadImage(id, body) {
      record('uploadImage', id, body);
      if (options.refuseUpload) throw new KefuError('invalid_frame', options.refuseUpload);
      return imageContent(`img_${++seq}`, id);
    },
    imageSrc: (url) => new URL(url, 'http://hub.test').href,
    async refreshMessage(id, s) {
      record('refreshMessage', id, s);
      const fresh = options.onRefresh
        ? options.onRefresh(id, s)
        : conversations.get(id)?.messages.find((m) => m.seq === s);
      const c = conversations.get(id);
      if (fresh && c) c.messages = c.messages.map((m) => (m.seq === s ? fresh : m));
      return fresh;
    },
    async knowledgeProposals() {
      record('knowledgeProposals');
      const items = options.knowledge?.proposals() ?? [];
      return { items, total: items.length };
    },
    async decideProposal(id, decision) {
      record('decideProposal', id, decision);
    },
    async checkKnowledge() {
      record('checkKnowledge');
      return options.knowledge?.check?.() ?? { entries: 0, entriesWithFindings: 0, findings: [], total: 0 };
    },
    ...kb.client,
    conversation: (id) => conversations.get(id),
    assistFor: () => undefined,
    get inbox() {
      return inbox;
    },
    get profile() {
      return profile;
    },
    get canned() {
      return options.canned ?? [];
    },
    get photos() {
      return options.photos;
    },
    get groups() {
      return options.groups;
    },
  };
  return { client, emit, calls, conversations, profile, kb };
}

/** The one change from `previous` to `next` as the client tells it, or a reset when more changed. */
function inboxChange(previous: readonly InboxItem[], next: readonly InboxItem[]): InboxChange {
  const was = new Map(previous.map((i) => [i.conversationId, JSON.stringify(i)]));
  const ids = new Set(next.map((i) => i.conversationId));
  const changed = next.filter((i) => was.get(i.conversationId) !== JSON.stringify(i));
  const removed = previous.filter((i) => !ids.has(i.conversationId));
  if (changed.length + removed.length > 1) return { reset: true };
  return {
    reset: false,
    ...(changed[0] ? { item: changed[0] } : {}),
    ...(removed[0] ? { removed: removed[0].conversationId } : {}),
  };
}

export function inboxItem(overrides: Partial<InboxItem> & { conversationId: string }): InboxItem {
  return {
    state: { status: 'queued', group: 'default' },
    shopper: { id: `s-${overrides.conversationId}`, identified: false },
    priority: 0,
    createdAt: 1_000,
    queuedAt: 1_000,
    ...overrides,
  };
}

export function conversation(overrides: Partial<OpenConversation> & { id: string }): OpenConversation {
  return {
    state: { status: 'assigned', agent: { id: 'mei', name: '小美 Mei' } },
    shopper: { id: `s-${overrides.id}`, identified: false },
    messages: [],
    notes: [],
    lastSeq: 0,
    shopperReadSeq: 0,
    shopperTyping: false,
    shopperOnline: true,
    ...overrides,
  };
}

export function textMessage(
  conversationId: string,
  seq: number,
  kind: 'shopper' | 'agent' | 'bot' | 'system',
  text: string,
): Message {
  return {
    seq,
    id: `m-${conversationId}-${seq}`,
    conversationId,
    author: { kind, ...(kind === 'agent' ? { id: 'mei', name: '小美 Mei' } : {}) },
    createdAt: 1_000 + seq * 1000,
    content: kind === 'system' ? { kind: 'system', event: 'notice', text } : { kind: 'text', text },
  };
}

/** An image as the hub's upload answers it, with URLs signed under `token`. */
export function imageContent(
  id: string,
  conversationId: string,
  token = 't1',
  caption?: string,
): ImageContent {
  return {
    kind: 'image',
    id,
    mediaType: 'image/jpeg',
    width: 640,
    height: 480,
    size: 12_345,
    url: `/images/${conversationId}/${id}/full?t=${token}`,
    thumbnailUrl: `/images/${conversationId}/${id}/thumb?t=${token}`,
    ...(caption ? { caption } : {}),
  };
}

export function metricsRow(key: string, overrides: Partial<MetricsRow> = {}): MetricsRow {
  return {
    key,
    conversations: 0,
    firstResponse: { count: 0 },
    handling: { count: 0 },
    queueWait: { count: 0 },
    fcr: { resolved: 0, closed: 0 },
    csat: { count: 0 },
    containment: { botOnly: 0, total: 0 },
    sla: { met: 0, breached: 0 },
    transfers: { count: 0 },
    qa: { checked: 0, violations: 0 },
    ...overrides,
  };
}
