import {
  type AgentStatus,
  type CannedReply,
  type ErrorCode,
  type InboxItem,
  KefuError,
} from '@kefu/protocol';
import type { AgentClient } from '@kefu/sdk/agent';
import { batch, type ReadonlySignal, type Signal } from '@preact/signals';
import { actionErrorText } from './action-error.ts';
import { alertText } from './alert-text.ts';
import type { consoleAlerts } from './console-alerts.ts';
import type { Assist, ConsoleClient } from './console-client.ts';
import type { ConsoleConversations } from './console-conversations.ts';
import type { consoleDrafts } from './console-drafts.ts';
import { type InboxTab, isWaiting, previewOf } from './console-inbox.ts';
import type { ConsoleNotices } from './console-notices.ts';
import type { consoleTyping } from './console-typing.ts';
import type { Strings } from './strings.ts';

/**
 * What the hub says as it ends the connection (shutting down for a restart, a silent or slow
 * socket, its node back on its bus after an outage): the client reconnects and resumes by itself,
 * and the header says "Reconnecting". A flash of the hub's English log line would stay over the
 * desk long after it was back.
 */
const CONNECTION_ENDING: ReadonlySet<ErrorCode> = new Set([
  'server_shutdown',
  'idle_timeout',
  'slow_consumer',
  'bus_outage',
]);

/** The console's signals and parts that the hub's events update. */
export interface ConsoleEventsDeps {
  t: ReadonlySignal<Strings>;
  connection: Signal<string>;
  connectionReason: Signal<string | undefined>;
  me: Signal<AgentClient['profile']>;
  agentStatus: Signal<AgentStatus>;
  inbox: Signal<InboxItem[]>;
  canned: Signal<CannedReply[]>;
  /** False when the hub takes no photos: nothing to attach. */
  photos: Signal<boolean | undefined>;
  /** The hub's groups (its welcome's), which a transfer may name with nobody of them online. */
  hubGroups: Signal<string[] | undefined>;
  tab: Signal<InboxTab>;
  assists: Signal<Record<string, Assist>>;
  composer: Pick<ReturnType<typeof consoleDrafts>, 'restore'>;
  shoppers: ReturnType<typeof consoleTyping>;
  alerts: ReturnType<typeof consoleAlerts>;
  notices: Pick<ConsoleNotices, 'flash' | 'attend'>;
  conversations: Pick<
    ConsoleConversations,
    'open' | 'unread' | 'refresh' | 'openConversation' | 'rejoin' | 'shopperLabel' | 'closeTab'
  >;
}

/**
 * Follows the hub's events into the console: who signed in, the connection, the inbox (opening
 * what the hub assigns, chiming for new work), conversations' messages, typing, assists, alerts
 * and errors.
 * @example
 * wireConsoleEvents(client, { t, connection, connectionReason, me, agentStatus, inbox, ... });
 */
export function wireConsoleEvents(client: ConsoleClient, deps: ConsoleEventsDeps): void {
  const { t, connection, connectionReason, me, agentStatus, inbox, canned, photos, hubGroups, tab, assists } =
    deps;
  const { composer, shoppers, alerts } = deps;
  const { flash, attend } = deps.notices;
  const { open, unread, refresh, openConversation, rejoin, shopperLabel, closeTab } = deps.conversations;
  const { typing } = shoppers;
  /** Inbox items seen before, so only new ones chime. */
  let seen: Set<string> | undefined;

  client.on('welcome', (profile) => {
    batch(() => {
      me.value = profile;
      agentStatus.value = profile.status;
      composer.restore(profile.id);
      canned.value = client.canned;
      photos.value = client.photos;
      hubGroups.value = client.groups;
      // Supervisors land on everything; agents on their own work.
      if (profile.supervisor && tab.value === 'mine' && !seen) tab.value = 'all';
    });
  });
  client.on('connection', ({ status, reason }) => {
    batch(() => {
      connection.value = status;
      connectionReason.value = status === 'open' ? undefined : (reason ?? connectionReason.value);
      // The hub's "stopped typing" is lost with the connection: a shopper still typing says so again.
      if (status !== 'open' && Object.values(typing.value).some(Boolean)) typing.value = {};
      // Stopped for good: the refusal's own flash ("plug-in failed, try later") would contradict
      // the notice that says why and offers to sign in again (components/notices.tsx).
      if (status === 'failed') flash.value = undefined;
    });
  });
  // Chosen in another tab (or kept by the hub when this one reconnected): every tab shows the same.
  client.on('agentStatus', (status) => {
    agentStatus.value = status;
  });
  /** The items held now that are mine (assigned to me), by id: few, and looked at on every change. */
  const mine = new Map<string, InboxItem>();
  // `inboxChange`, not `inbox`: an update names one conversation, and the whole list copied and
  // gone over at each (Sets and Maps of every line) cost ~0.8 ms per update with 3,600 waiting, the
  // thousands of updates one address's queueing sends. A welcome (`reset`) is looked at whole.
  client.on('inboxChange', (change) => {
    const items = client.inbox;
    inbox.value = items;
    const id = me.value?.id;
    const isMine = (item: InboxItem) => item.state.agent?.id === id && item.state.status === 'assigned';
    /** Items this change brought or changed (all of them on a reset). */
    let changed: readonly InboxItem[];
    /** Conversations in the inbox before this change (undefined: the first inbox, nothing is new). */
    let before: ((cid: string) => boolean) | undefined;
    /** Whether an alert's conversation is no longer this agent's to act on (see below). */
    let settled: (cid: string) => boolean;
    if (change.reset || seen === undefined) {
      const was = seen;
      seen = new Set(items.map((i) => i.conversationId));
      mine.clear();
      changed = items;
      const byId = new Map(items.map((i) => [i.conversationId, i]));
      before = was && ((cid) => was.has(cid));
      settled = (cid) => {
        const item = byId.get(cid);
        return item ? !isWaiting(item) && item.state.agent?.id !== id : !!was?.has(cid);
      };
    } else {
      const held = seen;
      const { item, removed } = change;
      const wasHeld = item !== undefined && held.has(item.conversationId);
      const removedHeld = removed !== undefined && held.delete(removed);
      if (removed) mine.delete(removed);
      if (item) held.add(item.conversationId);
      changed = item ? [item] : [];
      before = () => wasHeld;
      // Only this change's conversations can have changed hands: every other alert stays.
      settled = (cid) =>
        cid === removed
          ? removedHeld
          : cid === item?.conversationId && !isWaiting(item) && item.state.agent?.id !== id;
    }
    const fresh: InboxItem[] = [];
    for (const item of changed) {
      const isNew = before !== undefined && !before(item.conversationId);
      if (isNew && (isWaiting(item) || isMine(item))) fresh.push(item);
      if (isMine(item)) mine.set(item.conversationId, item);
      else mine.delete(item.conversationId);
    }
    for (const item of mine.values()) {
      const held = open.value.find((c) => c.id === item.conversationId);
      // The hub assigns by itself: open what it gave me, so I answer before its accept timeout.
      if (!held) void openConversation(item.conversationId, { focus: 'if-none-shown' });
      // A tab still open from when it left my hands (closed, then reopened by the returning shopper;
      // a colleague's I was reading): the hub stopped its feed then, so it would stay read-only
      // and miss what follows. Joined again, it shows the conversation as mine, live.
      else if (held.state.agent?.id !== id || held.state.status !== 'assigned')
        void rejoin(item.conversationId);
    }
    // A waiting conversation's alerts reach everyone in its group: once a colleague has it (or it
    // closed, or left this inbox), they are not this agent's to act on, and their Open would only
    // show the colleague's conversation.
    alerts.settle(settled);
    // One announcement (and one chime, one notification) per inbox update: one per conversation
    // replaced each other before a screen reader spoke, so after a reconnect or in a rush it said the
    // last one alone. Each names its shopper: two saying 「转人工」 are still two, and both heard.
    const who = (item: InboxItem) => item.shopper.name ?? t.value.visitor(item.shopper.id);
    const [one, ...more] = fresh;
    if (one && more.length === 0) {
      const preview = previewOf(one, t.value);
      attend(t.value.newConversation, preview ? `${who(one)} · ${preview}` : who(one));
    } else if (one)
      attend(
        t.value.newConversations(fresh.length),
        fresh.slice(0, 3).map(who).join(', ') + (fresh.length > 3 ? ', …' : ''),
      );
  });
  client.on('conversation', (c) => {
    if (open.value.some((o) => o.id === c.id)) refresh(c.id);
  });
  client.on('message', ({ conversationId, message }) => {
    if (message.author.kind === 'agent') {
      alerts.answered(conversationId);
      // My own reply, from another tab of mine: I read what it answers there.
      if (message.author.id === me.value?.id && unread.value[conversationId]) {
        const { [conversationId]: _read, ...rest } = unread.value;
        unread.value = rest;
      }
    }
    // Counted as unread (or read, when shown) by what the refresh finds new.
    refresh(conversationId);
  });
  client.on('note', (note) => refresh(note.conversationId));
  client.on('state', ({ conversationId }) => refresh(conversationId));
  client.on('read', ({ conversationId }) => refresh(conversationId));
  client.on('presence', ({ conversationId, online }) => {
    if (!online) typing.value = { ...typing.value, [conversationId]: false };
    refresh(conversationId);
  });
  client.on('typing', ({ conversationId, on }) => shoppers.said(conversationId, on));
  client.on('assist', (assist) => {
    assists.value = { ...assists.value, [assist.conversationId]: assist };
  });
  client.on('alert', (alert) => {
    alerts.add(alert);
    const who = shopperLabel(alert.conversationId);
    attend(t.value.alerts, who ? `${who} · ${alertText(alert, t.value)}` : alertText(alert, t.value));
  });
  client.on('error', ({ code, message, conversationId }) => {
    if (CONNECTION_ENDING.has(code)) return;
    // Re-opening it after a reconnect was refused: the hub erased it (a shopper's data request) or
    // it is no longer this agent's to read. Its tab would stay, frozen, taking replies that go nowhere.
    if (conversationId && (code === 'not_found' || code === 'forbidden')) {
      if (!open.value.some((c) => c.id === conversationId)) return;
      const who = shopperLabel(conversationId) ?? t.value.visitor(conversationId);
      flash.value =
        code === 'not_found' ? t.value.conversationErased(who) : t.value.conversationNoLonger(who);
      alerts.drop(conversationId);
      void closeTab(conversationId);
      return;
    }
    // The hub's message is English, for logs: the console says it in its own language where it can.
    flash.value = actionErrorText(new KefuError(code, message), t.value);
  });
}
