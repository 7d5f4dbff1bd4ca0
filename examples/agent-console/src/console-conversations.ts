import { type InboxItem, isKefuError, type Message } from '@kefu/protocol';
import type { AgentClient, OpenConversation } from '@kefu/sdk/agent';
import { batch, computed, effect, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import { bidiSafe } from './bidi-safe.ts';
import type { consoleAlerts } from './console-alerts.ts';
import type { Assist, ConsoleClient } from './console-client.ts';
import type { ConsoleImages } from './console-images.ts';
import { isWaiting } from './console-inbox.ts';
import type { ConsoleNotices } from './console-notices.ts';
import type { Strings } from './strings.ts';

/** The hub's word for an accept another agent won (a conflict is also a full capacity). */
const TAKEN = /taken by someone else/;

/** The shopper's messages since an agent last wrote (all of them, in a conversation new to agents). */
function unansweredShopperMessages(c: Pick<OpenConversation, 'messages'>): number {
  let count = 0;
  for (let i = c.messages.length - 1; i >= 0; i--) {
    const kind = c.messages[i]!.author.kind;
    if (kind === 'agent') break;
    if (kind === 'shopper') count++;
  }
  return count;
}

/** What the open conversations read and tell of the rest of the console. */
export interface ConsoleConversationsOptions {
  t: ReadonlySignal<Strings>;
  me: ReadonlySignal<AgentClient['profile']>;
  inbox: ReadonlySignal<InboxItem[]>;
  typing: Signal<Record<string, boolean>>;
  assists: Signal<Record<string, Assist>>;
  alerts: Pick<ReturnType<typeof consoleAlerts>, 'drop'>;
  images: Pick<ConsoleImages, 'remove'>;
  notices: Pick<ConsoleNotices, 'flash' | 'report'>;
  /** Whether the desk is on screen as it starts (the page may be hidden); see `setOnScreen`. */
  onScreen?: boolean;
}

/** Where the agent was reading a log they had scrolled up in: its scroll offset and the last seq then in it. */
export interface ReadingPlace {
  top: number;
  readTo: number;
}

/**
 * The conversations open as tabs, the one shown, and what in them is unread: opened, joined again,
 * refreshed from the client's copy, handed away and closed.
 * @example
 * const conversations = consoleConversations(client, { t, me, inbox, typing, assists, alerts, images, notices });
 * await conversations.openConversation('c_1');
 */
export function consoleConversations(client: ConsoleClient, options: ConsoleConversationsOptions) {
  const { t, me, inbox, typing, assists, alerts, images, notices } = options;
  const { flash, report } = notices;
  const open = signal<OpenConversation[]>([]);
  const activeId = signal<string | undefined>(undefined);
  /**
   * The desk is on screen: the page visible, the conversations' page open. Otherwise the shown
   * conversation is not being read (the agent is in the shop's order system, or on the dashboard):
   * what its shopper writes counts as unread and is not marked read, until the agent is back.
   */
  const onScreen = signal(options.onScreen ?? true);
  /** Conversations the agent scrolled up in, reading: what arrives is not marked read until they are back at the newest. */
  const readingBack = new Set<string>();
  /** Where the agent left each conversation's log scrolled up when they switched tabs: back on it, they are there again. */
  const readingPlaces = new Map<string, ReadingPlace>();
  /** Shopper messages that came while another conversation was shown, per open conversation. */
  const unread = signal<Record<string, number>>({});
  /** Conversations being opened: an inbox update must not open one twice. */
  const opening = new Set<string>();

  const active = computed(() => open.value.find((c) => c.id === activeId.value));

  /** Replaces the held copy with the client's current one (the client mutates its own in place). */
  function refresh(id: string): void {
    const c = client.conversation(id);
    const held = open.value.find((o) => o.id === id);
    if (!c || !held) return;
    if (handedAway(id, held.state, c.state)) return void handedOn(id, c.state);
    batch(() => {
      open.value = open.value.map((o) =>
        o.id === id ? { ...c, messages: [...c.messages], notes: [...c.notes] } : o,
      );
      arrived(id, held.messages, c.messages);
    });
  }

  /**
   * What the shopper wrote since the held copy, however it came: one `message` event, or a re-join's
   * snapshot and its gap fill after a reconnect (no `message` event for those). Counted from events
   * alone, what came during an outage left no unread count on its tab, and "typing" stood above it.
   */
  function arrived(id: string, before: readonly Message[], after: readonly Message[]): void {
    const first = before[0]?.seq ?? 0;
    const held = new Set(before.map((m) => m.seq));
    // Older history loaded on request is not news; a hole filled below the newest is.
    const fresh = after.filter((m) => m.seq > first && !held.has(m.seq) && m.author.kind === 'shopper');
    if (fresh.length === 0) return;
    if (typing.value[id]) typing.value = { ...typing.value, [id]: false };
    if (activeId.value !== id || !onScreen.value)
      unread.value = { ...unread.value, [id]: (unread.value[id] ?? 0) + fresh.length };
    else if (!readingBack.has(id))
      void client.markRead(id, Math.max(...fresh.map((m) => m.seq))).catch(() => {});
  }

  /** Conversations this tab is handing on itself (transfer, hand back): it closes their tabs on success. */
  const handing = new Set<string>();

  /** Mine until now, and now a colleague's, a group's or the bot's: handed on from another tab of mine, or by a supervisor. */
  function handedAway(
    id: string,
    before: OpenConversation['state'],
    after: OpenConversation['state'],
  ): boolean {
    const heldByMe = (s: OpenConversation['state']) =>
      s.agent?.id === me.value?.id &&
      (s.status === 'assigned' || s.status === 'pending' || s.status === 'ticket');
    return heldByMe(before) && !heldByMe(after) && after.status !== 'closed' && !handing.has(id);
  }

  /**
   * Its tab goes, as in the tab that handed it on, and the agent is told to whom: left open, it
   * turned read-only under the agent's hands ("someone else's"), the reply being typed gone with no word why.
   */
  function handedOn(id: string, now: OpenConversation['state']): void {
    const who = shopperLabel(id) ?? t.value.visitor(id);
    flash.value = now.agent
      ? t.value.handedOn(who, now.agent.name)
      : now.status === 'bot'
        ? t.value.handedToBot(who)
        : t.value.handedToQueue(who, t.value.group(now.group ?? 'default'));
    alerts.drop(id);
    void closeTab(id);
  }

  /** Who a conversation is with, as the inbox names them; undefined for one the console has not seen. */
  function shopperLabel(id: string | undefined): string | undefined {
    if (!id) return undefined;
    const shopper =
      open.value.find((c) => c.id === id)?.shopper ??
      inbox.value.find((i) => i.conversationId === id)?.shopper;
    // Without bidi controls: the label goes into flashes, alerts and notifications, not through <Said>.
    return shopper ? bidiSafe(shopper.name ?? t.value.visitor(shopper.id)) : undefined;
  }

  /**
   * Opens a conversation as a tab: accepts it when it is waiting, else joins it. `readOnly` always
   * joins, for looking at a shopper's earlier conversation without taking it. `focus: 'if-none-shown'`
   * shows it only if no conversation is shown once it is open: decided as the join was asked, the
   * several the hub assigns at once to an idle console were each shown (and marked read to their
   * shoppers) in turn, all but the last left behind with no unread count.
   */
  async function openConversation(
    id: string,
    how: { focus?: boolean | 'if-none-shown'; readOnly?: boolean } = {},
  ): Promise<boolean> {
    if (open.value.some((c) => c.id === id)) {
      activeId.value = id;
      return true;
    }
    if (opening.has(id)) return false;
    opening.add(id);
    const item = inbox.value.find((i) => i.conversationId === id);
    const accepting = item !== undefined && isWaiting(item) && !how.readOnly;
    // Named now: when a colleague wins the race, the inbox update that takes it away comes first.
    const who = shopperLabel(id);
    try {
      const c = accepting ? await client.accept(id) : await client.join(id);
      batch(() => {
        if (!open.value.some((o) => o.id === c.id))
          open.value = [...open.value, { ...c, messages: [...c.messages], notes: [...c.notes] }];
        const assist = client.assistFor(id);
        if (assist) assists.value = { ...assists.value, [id]: assist };
        const show = how.focus === 'if-none-shown' ? activeId.value === undefined : how.focus !== false;
        if (show) activeId.value = id;
        // Opened behind the one shown (the hub assigned it while the agent was busy), or while the
        // agent is away from the desk: what the shopper wrote before is news too, counted as what
        // comes later is.
        if (activeId.value !== id || !onScreen.value) {
          const fresh = unansweredShopperMessages(c);
          if (fresh > 0) unread.value = { ...unread.value, [id]: fresh };
        }
      });
      // Read only once shown: the shopper would see "read" on a chat nobody has looked at yet.
      const last = c.messages.at(-1);
      if (last && activeId.value === id && onScreen.value) void client.markRead(id, last.seq).catch(() => {});
      return true;
    } catch (error) {
      // Two agents pressed Accept at once: say whom it was about, not the hub's conversation id.
      if (accepting && isKefuError(error) && TAKEN.test(error.message))
        flash.value = t.value.takenByColleague(who ?? t.value.visitor(item.shopper.id));
      else report(error);
      return false;
    } finally {
      opening.delete(id);
    }
  }

  /** Joins an open conversation again and shows the hub's fresh snapshot in its tab. */
  async function rejoin(id: string): Promise<void> {
    if (opening.has(id)) return;
    opening.add(id);
    try {
      await client.join(id);
      refresh(id);
    } catch (error) {
      report(error);
    } finally {
      opening.delete(id);
    }
  }

  function activate(id: string): void {
    activeId.value = id;
    const last = open.value.find((c) => c.id === id)?.messages.at(-1);
    if (last) void client.markRead(id, last.seq).catch(() => {});
  }

  async function closeTab(id: string): Promise<void> {
    const index = open.value.findIndex((c) => c.id === id);
    batch(() => {
      open.value = open.value.filter((c) => c.id !== id);
      const { [id]: _gone, ...rest } = unread.value;
      unread.value = rest;
      if (activeId.value === id) activeId.value = open.value[Math.min(index, open.value.length - 1)]?.id;
      images.remove(id);
    });
    readingPlaces.delete(id);
    await client.leave(id).catch(() => {});
  }

  /** Moves to the next (or previous) open conversation, wrapping around. */
  function step(by: 1 | -1): void {
    const list = open.value;
    if (list.length === 0) return;
    const at = list.findIndex((c) => c.id === activeId.value);
    const next = list[(at + by + list.length) % list.length]!;
    activate(next.id);
  }

  // Shown, a conversation is read: whichever way it came to the front (a click, j/k, a transfer).
  const stopReading = effect(() => {
    const id = activeId.value;
    if (id === undefined || !onScreen.value || !unread.peek()[id]) return;
    const { [id]: _read, ...rest } = unread.peek();
    unread.value = rest;
  });

  return {
    open,
    active,
    activeId,
    unread,
    handing,
    refresh,
    openConversation,
    rejoin,
    shopperLabel,
    activate,
    closeTab,
    step,
    readingPlaces,
    /** Tells whether the shown conversation's log follows its newest message; back at it, what came meanwhile is read. */
    setFollowing(id: string, following: boolean): void {
      if (following === !readingBack.has(id)) return;
      if (!following) return void readingBack.add(id);
      readingBack.delete(id);
      if (activeId.peek() === id && onScreen.peek()) activate(id);
    },
    /** Tells whether the desk is on screen (page visible, conversations page open); back, the shown conversation is read. */
    setOnScreen(shown: boolean): void {
      if (onScreen.peek() === shown) return;
      onScreen.value = shown;
      if (shown && activeId.peek() !== undefined) activate(activeId.peek()!);
    },
    /** Stops marking the shown conversation read. */
    dispose: stopReading,
  };
}

export type ConsoleConversations = ReturnType<typeof consoleConversations>;
