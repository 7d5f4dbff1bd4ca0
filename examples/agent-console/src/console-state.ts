import {
  type AgentStatus,
  type AssistFrame,
  type CannedReply,
  type ErrorCode,
  type InboxItem,
  isKefuError,
  KefuError,
  LIMITS,
  type Message,
  type TICKET_ACTIONS,
} from '@kefu/protocol';
import { type AgentClient, type OpenConversation, QaHeldError } from '@kefu/sdk/agent';
import { batch, computed, effect, signal } from '@preact/signals';
import { actionErrorText } from './action-error.ts';
import { alertText } from './alert-text.ts';
import type { Attention } from './attention.ts';
import { bidiSafe } from './bidi-safe.ts';
import { type CannedContext, conversationLanguage, type ReplyLanguage } from './canned.ts';
import { consoleAlerts } from './console-alerts.ts';
import { consoleDrafts, type DraftStorage } from './console-drafts.ts';
import { type ConsoleImagesOptions, createConsoleImages } from './console-images.ts';
import { type InboxTab, inboxTabs, isWaiting, previewOf } from './console-inbox.ts';
import { STRINGS, type Strings } from './strings.ts';

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

/** What the console uses of the agent client (tests pass a fake with the same shape). */
export type ConsoleClient = Pick<
  AgentClient,
  | 'on'
  | 'connect'
  | 'disconnect'
  | 'accept'
  | 'join'
  | 'leave'
  | 'send'
  | 'note'
  | 'typing'
  | 'checkConnection'
  | 'markRead'
  | 'transfer'
  | 'assign'
  | 'pending'
  | 'ticket'
  | 'tags'
  | 'handback'
  | 'close'
  | 'loadOlder'
  | 'setStatus'
  | 'report'
  | 'conversation'
  | 'assistFor'
  | 'inbox'
  | 'profile'
  | 'canned'
  | 'uploadImage'
  | 'imageSrc'
  | 'refreshMessage'
  | 'knowledgeProposals'
  | 'decideProposal'
  | 'checkKnowledge'
  | 'agentsOnline'
>;

export type Assist = Omit<AssistFrame, 'v' | 'type'>;

/** A colleague online now, with how many conversations they hold and how many they take at once. */
export interface AssignableColleague {
  id: string;
  name: string;
  groups: string[];
  active?: number;
  capacity?: number;
}

/** How full a colleague is (0 when the hub does not say): the dialog lists the least loaded first. */
function loadShare(c: AssignableColleague): number {
  return c.capacity ? (c.active ?? 0) / c.capacity : 0;
}
export type TicketAction = (typeof TICKET_ACTIONS)[number];

export interface ConsoleStateOptions {
  attention?: Attention;
  /** The console's clock (tests pass fixed time); ticks drive the SLA countdowns. */
  now?: () => number;
  lang?: 'zh' | 'en';
  /** Whether the desk is on screen as it starts (the page may be hidden); see `setOnScreen`. */
  onScreen?: boolean;
  /** How images are previewed and canned pictures fetched (tests pass their own). */
  images?: Pick<ConsoleImagesOptions, 'preview' | 'release' | 'fetchImage'>;
  /** Where half-typed replies outlive a reload (the tab's sessionStorage, `key` naming the hub). */
  drafts?: { store: DraftStorage; key: string };
}

/**
 * "Typing" not renewed for this long is gone: the widget renews it every 3 s while the shopper types,
 * and the hub passes a repeat on after 3 s (so one renewal may be dropped by a few ms of jitter).
 */
const TYPING_STALE_MS = 10_000;

/**
 * Everything the console shows, as signals over one agent client, and every action an agent
 * takes. Made per sign-in and passed to the components, so tests build one over a fake client.
 * @example
 * const state = createConsoleState(createAgentClient({ url, token }));
 * await state.connect();
 * await state.openConversation(state.queued.value[0]!.conversationId);
 */
export function createConsoleState(client: ConsoleClient, options: ConsoleStateOptions = {}) {
  const now = options.now ?? Date.now;
  const attention = options.attention;
  const lang = signal<'zh' | 'en'>(options.lang ?? 'zh');
  const t = computed<Strings>(() => STRINGS[lang.value]);
  const connection = signal<string>('idle');
  /** Why the last connection ended, as the hub or the client said it (a hub's close reason names its error code). */
  const connectionReason = signal<string | undefined>(undefined);
  const me = signal<AgentClient['profile']>(undefined);
  const agentStatus = signal<AgentStatus>('online');
  const inbox = signal<InboxItem[]>([]);
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
  const typing = signal<Record<string, boolean>>({});
  /** When each shopper last said they type: the widget says it again every 3 s while they do. */
  const typingAt = new Map<string, number>();
  /** Shopper messages that came while another conversation was shown, per open conversation. */
  const unread = signal<Record<string, number>>({});
  const assists = signal<Record<string, Assist>>({});
  const alerts = consoleAlerts();
  const composer = consoleDrafts(options.drafts);
  const { drafts, suggestions } = composer;
  /**
   * Conversations with a reply on its way: the agent client re-sends it (through reconnects and a
   * hub refusing it for now) until the hub stores it, so it is shown as pending, not failed.
   */
  const sending = signal<Record<string, true>>({});
  const flash = signal<string | undefined>(undefined);
  /** What the console last called the agent's attention to, for a screen reader's status region. */
  const announcement = signal('');
  const canned = signal<CannedReply[]>([]);
  const clock = signal(now());
  const sound = signal(false);
  const permission = signal(attention?.permission() ?? 'unsupported');
  const tab = signal<InboxTab>('mine');
  /** Conversations being opened: an inbox update must not open one twice. */
  const opening = new Set<string>();
  /** Inbox items seen before, so only new ones chime. */
  let seen: Set<string> | undefined;

  const active = computed(() => open.value.find((c) => c.id === activeId.value));
  const { queued, queuedByGroup, mine, all } = inboxTabs(
    inbox,
    computed(() => me.value?.id),
  );

  const images = createConsoleImages(client, { ...options.images, t, refresh: (id) => refresh(id) });
  const report = (error: unknown) => {
    flash.value = t.value.failed(actionErrorText(error, t.value));
  };

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

  function attend(title: string, body: string): void {
    if (sound.value) attention?.chime();
    // The body quotes shoppers (names, their last words): U+202E there reordered the whole line.
    body = bidiSafe(body);
    attention?.notify(title, body);
    // A screen reader hears neither the chime nor a notification of a visible page.
    announcement.value = `${title}: ${body}`;
  }

  client.on('welcome', (profile) => {
    batch(() => {
      me.value = profile;
      agentStatus.value = profile.status;
      composer.restore(profile.id);
      canned.value = client.canned;
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
      // the notice that says why and offers to sign in again (app.tsx).
      if (status === 'failed') flash.value = undefined;
    });
  });
  // Chosen in another tab (or kept by the hub when this one reconnected): every tab shows the same.
  client.on('agentStatus', (status) => {
    agentStatus.value = status;
  });
  client.on('inbox', (items) => {
    const first = seen === undefined;
    const before = seen ?? new Set<string>();
    seen = new Set(items.map((i) => i.conversationId));
    inbox.value = items;
    const id = me.value?.id;
    const fresh: InboxItem[] = [];
    for (const item of items) {
      const isNew = !first && !before.has(item.conversationId);
      const mineNow = item.state.agent?.id === id && item.state.status === 'assigned';
      if (isNew && (isWaiting(item) || mineNow)) fresh.push(item);
      if (!mineNow) continue;
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
    const byId = new Map(items.map((i) => [i.conversationId, i]));
    alerts.settle((cid) => {
      const item = byId.get(cid);
      if (!item) return before.has(cid);
      return !isWaiting(item) && item.state.agent?.id !== id;
    });
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
  client.on('typing', ({ conversationId, on }) => {
    if (on) typingAt.set(conversationId, now());
    else typingAt.delete(conversationId);
    typing.value = { ...typing.value, [conversationId]: on };
  });
  /**
   * A shopper who stopped typing and left the box focused (or whose "stopped" was lost) never says
   * so: "typing…" stood above the conversation until they sent something. Unrenewed, it goes.
   */
  const expireTyping = (at: number) => {
    const stale: Record<string, boolean> = {};
    for (const [id, since] of typingAt)
      if (at - since > TYPING_STALE_MS) {
        typingAt.delete(id);
        if (typing.peek()[id]) stale[id] = false;
      }
    if (Object.keys(stale).length) typing.value = { ...typing.value, ...stale };
  };
  client.on('assist', (assist) => {
    assists.value = { ...assists.value, [assist.conversationId]: assist };
  });
  client.on('alert', (alert) => {
    alerts.add(alert);
    const who = shopperLabel(alert.conversationId);
    attend(t.value.alerts, who ? `${who} · ${alertText(alert, t.value)}` : alertText(alert, t.value));
  });
  client.on('error', ({ code, message }) => {
    if (CONNECTION_ENDING.has(code)) return;
    // The hub's message is English, for logs: the console says it in its own language where it can.
    flash.value = actionErrorText(new KefuError(code, message), t.value);
  });

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

  /** Runs an action; on failure shows why and resolves false. */
  async function attempt(action: () => Promise<unknown>): Promise<boolean> {
    try {
      await action();
      flash.value = undefined;
      return true;
    } catch (error) {
      report(error);
      return false;
    }
  }

  /**
   * Sends a reply, and the image staged with it: uploaded first, then sent with the reply as its
   * caption (or, past the caption limit, followed by the reply). When quality inspection holds the
   * text back, the draft stays and `held` says why, so the agent can edit it or send it anyway
   * (`override`). A refused upload keeps everything and shows why on the attachment.
   */
  async function send(id: string, text: string, override = false): Promise<boolean> {
    let body = text.trim();
    const staged = images.staged.value[id];
    if (!body && !staged) return false;
    // What the box held when Send was pressed: words typed while the hub had not answered yet
    // (offline, say) are the agent's next reply, and must outlive this one's acknowledgement.
    const draftAtSend = drafts.value[id] ?? '';
    sending.value = { ...sending.value, [id]: true };
    try {
      const suggestion = suggestions.value[id];
      const how = {
        ...(override ? { override: true } : {}),
        ...(suggestion ? { suggestion } : {}),
      };
      if (staged) {
        const image = await images.upload(id);
        if (!image) return false;
        const asCaption = [...body].length <= LIMITS.maxCaptionChars;
        const caption = (asCaption && body) || (staged.source === 'canned' ? staged.alt : undefined);
        await client.send(id, caption ? { ...image, caption } : image, asCaption ? how : {});
        images.sent(id);
        if (asCaption) body = '';
      }
      if (body) await client.send(id, body, { ...how, clientMsgId: composer.replyId(id, body) });
      composer.sent(id, suggestion, draftAtSend);
      // Stored: the shopper is answered. Its `message` event may never come (after a reconnect the
      // reply arrives inside the re-join's snapshot), which left "reply overdue" standing.
      alerts.answered(id);
      flash.value = undefined;
      return true;
    } catch (error) {
      if (error instanceof QaHeldError) {
        composer.hold(id, body, error.violations);
        return false;
      }
      report(error);
      return false;
    } finally {
      const { [id]: _done, ...rest } = sending.value;
      sending.value = rest;
    }
  }

  /** The values canned replies fill in, from the conversation's shopper and page. */
  function cannedContext(id: string): CannedContext {
    const c = open.value.find((o) => o.id === id);
    return {
      name: c?.shopper.name,
      orderId: c?.page?.orderId,
      product: c?.page?.product?.title,
      agent: me.value?.name,
    };
  }

  /**
   * Each held transcript's language, read once: the view asks on every draw, and reading every
   * shopper message each time made a long conversation's updates cost more with each message.
   */
  const languages = new WeakMap<OpenConversation['messages'], ReplyLanguage | undefined>();

  /** The language the conversation is held in, which canned replies are offered in first. */
  function replyLanguageOf(id: string): ReplyLanguage | undefined {
    const c = open.value.find((o) => o.id === id);
    if (!c) return undefined;
    if (languages.has(c.messages)) return languages.get(c.messages);
    const texts = c.messages.flatMap((m) =>
      m.author.kind === 'shopper' && m.content.kind === 'text' ? [m.content.text] : [],
    );
    const language = conversationLanguage(c.shopper.locale, texts);
    languages.set(c.messages, language);
    return language;
  }

  // Shown, a conversation is read: whichever way it came to the front (a click, j/k, a transfer).
  const stopReading = effect(() => {
    const id = activeId.value;
    if (id === undefined || !onScreen.value || !unread.peek()[id]) return;
    const { [id]: _read, ...rest } = unread.peek();
    unread.value = rest;
  });

  let ticker: ReturnType<typeof setInterval> | undefined;

  return {
    client,
    lang,
    t,
    connection,
    connectionReason,
    me,
    agentStatus,
    inbox,
    queued,
    queuedByGroup,
    mine,
    all,
    open,
    active,
    activeId,
    typing,
    unread,
    assists,
    alerts: alerts.alerts,
    drafts,
    suggestions,
    held: composer.held,
    sending,
    flash,
    announcement,
    canned,
    /** Images staged in composers, and images whose URLs expired. */
    images,
    clock,
    sound,
    permission,
    tab,
    /** Connects and starts the clock that drives the countdowns (one tick a second). */
    async connect(): Promise<void> {
      await client.connect();
      ticker ??= setInterval(() => {
        clock.value = now();
        expireTyping(clock.value);
      }, 1000);
    },
    dispose(): void {
      stopReading();
      if (ticker) clearInterval(ticker);
      ticker = undefined;
      client.disconnect();
    },
    openConversation,
    shopperLabel,
    /** Opens a conversation to read it without taking it (`client.join`). */
    viewConversation: (id: string) => openConversation(id, { readOnly: true }),
    activate,
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
    closeTab,
    next: () => step(1),
    prev: () => step(-1),
    send,
    dismissHeld: composer.dismissHeld,
    cannedContext,
    replyLanguageOf,
    setDraft: composer.setDraft,
    suggested: composer.suggested,
    note: (id: string, text: string) => attempt(() => client.note(id, text.trim())),
    typingOn: (id: string, on: boolean) => client.typing(id, on),
    /**
     * The colleagues online now, whom a transfer to a person can reach; undefined when the hub
     * cannot say (an older hub), so the dialog falls back to every configured colleague.
     */
    async colleaguesOnline(): Promise<{ id: string; name: string }[] | undefined> {
      try {
        const online = await client.agentsOnline();
        return online.filter((a) => a.id !== me.value?.id).map(({ id, name }) => ({ id, name }));
      } catch {
        return undefined;
      }
    },
    /** The welcome says this agent may hand waiting conversations to colleagues (supervisors always may). */
    mayAssign: computed(() => me.value?.supervisor === true || me.value?.mayAssign === true),
    /**
     * Whom a waiting conversation can be assigned to: the colleagues online now with their load
     * (conversations held / capacity), least loaded first; undefined when the hub cannot say.
     */
    async assignable(): Promise<AssignableColleague[] | undefined> {
      try {
        const online = await client.agentsOnline();
        return online
          .filter((a) => a.id !== me.value?.id)
          .map(({ id, name, groups, active, capacity }) => ({
            id,
            name,
            groups,
            ...(active === undefined ? {} : { active }),
            ...(capacity === undefined ? {} : { capacity }),
          }))
          .sort((a, b) => loadShare(a) - loadShare(b));
      } catch {
        return undefined;
      }
    },
    /** Hands a waiting conversation to a colleague (it leaves the queue and lands in their inbox). */
    assign(id: string, agentId: string, options: { force?: boolean; note?: string } = {}) {
      const note = options.note?.trim();
      return attempt(() =>
        client.assign(id, agentId, { ...(options.force ? { force: true } : {}), ...(note ? { note } : {}) }),
      );
    },
    async transfer(id: string, to: { agentId: string } | { group: string }, note?: string) {
      handing.add(id);
      const ok = await attempt(() => client.transfer(id, to, note?.trim() || undefined)).finally(() =>
        handing.delete(id),
      );
      // The conversation is the colleague's now: its tab goes, and its alerts (their Open would be refused).
      if (ok) {
        alerts.drop(id);
        composer.drop(id);
        await closeTab(id);
      }
      return ok;
    },
    async close(id: string, resolution: string) {
      const ok = await attempt(() => client.close(id, resolution));
      if (ok) {
        alerts.drop(id);
        composer.drop(id);
      }
      return ok;
    },
    pending: (id: string, dueAt: number, note?: string) =>
      attempt(() => client.pending(id, dueAt, note?.trim() || undefined)),
    ticket: (id: string, action: TicketAction, note?: string) =>
      attempt(() => client.ticket(id, action, note?.trim() || undefined)),
    /** Saves the conversation's tags; the chips update from the state the hub sends back. */
    tags: (id: string, tags: string[]) => attempt(() => client.tags(id, tags)),
    async handback(id: string) {
      handing.add(id);
      const ok = await attempt(() => client.handback(id)).finally(() => handing.delete(id));
      if (ok) {
        alerts.drop(id);
        composer.drop(id);
        await closeTab(id);
      }
      return ok;
    },
    /** Signing out: the drafts saved in the tab go (the next person at this computer is someone else). */
    forgetDrafts: composer.forgetAll,
    loadOlder: (id: string) =>
      attempt(async () => {
        await client.loadOlder(id);
        refresh(id);
      }),
    async setStatus(next: AgentStatus): Promise<boolean> {
      const before = agentStatus.value;
      agentStatus.value = next;
      const ok = await attempt(() => client.setStatus(next));
      if (!ok) agentStatus.value = before;
      return ok;
    },
    dismissAlert: alerts.dismiss,
    /** Asks for notification permission: call from a click. */
    async enableNotifications(): Promise<void> {
      if (!attention) return;
      permission.value = await attention.requestPermission();
    },
  };
}

export type ConsoleState = ReturnType<typeof createConsoleState>;
