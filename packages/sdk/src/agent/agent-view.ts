import type { AgentWelcome, AssistFrame, CannedReply, HubToAgent, InboxItem } from '@kefu/protocol';
import type { Emitter } from '../emitter.ts';
import type { AgentClientEvents, InboxChange } from './agent-client-events.ts';
import {
  addEarlier,
  addMessage,
  addOlder,
  fromSnapshot,
  type OpenConversation,
} from './open-conversation.ts';

type FrameOf<T extends HubToAgent['type']> = Extract<HubToAgent, { type: T }>;

/** What the agent sees: its profile and canned replies, the inbox, open conversations, latest assists. */
export interface AgentView {
  profile: AgentWelcome['agent'] | undefined;
  canned: CannedReply[];
  /** Whether the hub takes photo uploads (the welcome's `photos`; undefined from a hub that does not say). */
  photos?: boolean;
  /** The hub's groups, which a transfer may name (the welcome's `groups`; undefined from a hub that does not say). */
  groups?: string[];
  inbox: Map<string, InboxItem>;
  open: Map<string, OpenConversation>;
  assists: Map<string, Omit<AssistFrame, 'v' | 'type'>>;
}

/** The hub frames that change only what the agent sees (some also answer a request). */
export type ViewFrame = FrameOf<
  | 'inbox.update'
  | 'conversation'
  | 'message'
  | 'note'
  | 'state'
  | 'typing'
  | 'presence'
  | 'read'
  | 'history.page'
  | 'earlier.page'
  | 'alert'
  | 'assist'
>;

export function createAgentView(): AgentView {
  return { profile: undefined, canned: [], inbox: new Map(), open: new Map(), assists: new Map() };
}

/** Takes the welcome's profile, canned replies and inbox (which replaces the one held). */
export function welcomeView(view: AgentView, frame: FrameOf<'welcome'>): void {
  view.profile = frame.agent;
  view.canned = frame.canned ?? [];
  view.photos = frame.photos;
  view.groups = frame.groups;
  view.inbox.clear();
  for (const item of frame.inbox) view.inbox.set(item.conversationId, item);
}

/**
 * Tells the listeners the inbox changed: `inbox` with the whole list (a copy, made only when
 * someone listens), then `inboxChange` with what changed.
 */
export function inboxChanged(view: AgentView, events: Emitter<AgentClientEvents>, change: InboxChange): void {
  if (events.listenerCount('inbox') > 0) events.emit('inbox', [...view.inbox.values()]);
  events.emit('inboxChange', change);
}

/**
 * Applies a hub frame to what the agent sees, then tells the listeners. Returns what a request
 * answered by this frame resolves with.
 */
export function applyToView(view: AgentView, events: Emitter<AgentClientEvents>, frame: ViewFrame): unknown {
  switch (frame.type) {
    case 'inbox.update':
      if (frame.item) view.inbox.set(frame.item.conversationId, frame.item);
      if (frame.removed) view.inbox.delete(frame.removed);
      return inboxChanged(view, events, {
        reset: false,
        ...(frame.item ? { item: frame.item } : {}),
        ...(frame.removed ? { removed: frame.removed } : {}),
      });
    case 'conversation': {
      const c = fromSnapshot(frame, view.open.get(frame.conversationId));
      view.open.set(c.id, c);
      events.emit('conversation', c);
      return c;
    }
    case 'message': {
      const { message } = frame;
      const c = view.open.get(message.conversationId);
      if (c) addMessage(c, message);
      return events.emit('message', { conversationId: message.conversationId, message });
    }
    case 'note': {
      // The author gets a note twice (the answer and the live feed); count it once.
      const c = view.open.get(frame.note.conversationId);
      const isNew = !c?.notes.some((n) => n.id === frame.note.id);
      if (c && isNew) c.notes.push(frame.note);
      if (isNew) events.emit('note', frame.note);
      return frame.note;
    }
    case 'state': {
      const c = view.open.get(frame.conversationId);
      if (c) c.state = frame.state;
      return events.emit('state', { conversationId: frame.conversationId, state: frame.state });
    }
    case 'typing': {
      const c = view.open.get(frame.conversationId);
      if (c) c.shopperTyping = frame.on;
      return events.emit('typing', { conversationId: frame.conversationId, on: frame.on });
    }
    case 'presence':
      return applyPresence(view, events, frame);
    case 'read': {
      const c = view.open.get(frame.conversationId);
      if (c) c.shopperReadSeq = Math.max(c.shopperReadSeq, frame.seq);
      return events.emit('read', { conversationId: frame.conversationId, seq: frame.seq });
    }
    case 'history.page': {
      const c = view.open.get(frame.conversationId);
      if (c) addOlder(c, frame.messages);
      return frame;
    }
    case 'earlier.page': {
      const c = view.open.get(frame.conversationId);
      if (c) addEarlier(c, frame);
      return { earlier: frame.earlier, hasMore: frame.hasMore };
    }
    case 'alert': {
      const { v: _v, type: _t, ...alert } = frame;
      return events.emit('alert', alert);
    }
    case 'assist': {
      const { v: _v, type: _t, ...assist } = frame;
      view.assists.set(assist.conversationId, assist);
      return events.emit('assist', assist);
    }
  }
}

/** The shopper opened the chat or left it: the open conversation and the inbox item both show it. */
function applyPresence(
  view: AgentView,
  events: Emitter<AgentClientEvents>,
  frame: FrameOf<'presence'>,
): void {
  const c = view.open.get(frame.conversationId);
  if (c) {
    c.shopperOnline = frame.online;
    if (!frame.online) c.shopperTyping = false;
  }
  const item = view.inbox.get(frame.conversationId);
  if (item) {
    const changed = { ...item, shopperOnline: frame.online };
    view.inbox.set(frame.conversationId, changed);
    inboxChanged(view, events, { reset: false, item: changed });
  }
  events.emit('presence', { conversationId: frame.conversationId, online: frame.online, at: frame.at });
}
