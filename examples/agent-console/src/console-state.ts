import type { AgentStatus, CannedReply, InboxItem } from '@kefu/protocol';
import type { AgentClient } from '@kefu/sdk/agent';
import { computed, signal } from '@preact/signals';
import type { Attention } from './attention.ts';
import { consoleActions } from './console-actions.ts';
import { consoleAlerts } from './console-alerts.ts';
import { consoleCanned } from './console-canned.ts';
import type { Assist, ConsoleClient } from './console-client.ts';
import { consoleConversations } from './console-conversations.ts';
import { consoleDrafts, type DraftStorage } from './console-drafts.ts';
import { wireConsoleEvents } from './console-events.ts';
import { type ConsoleImagesOptions, createConsoleImages } from './console-images.ts';
import { agentLoad, type InboxTab, inboxTabs } from './console-inbox.ts';
import { consoleNotices } from './console-notices.ts';
import { consoleSend } from './console-send.ts';
import { consoleTyping } from './console-typing.ts';
import { STRINGS, type Strings } from './strings.ts';

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
  const shoppers = consoleTyping(now);
  const assists = signal<Record<string, Assist>>({});
  const alerts = consoleAlerts();
  const composer = consoleDrafts(options.drafts);
  const notices = consoleNotices(t, attention);
  const canned = signal<CannedReply[]>([]);
  const photos = signal<boolean | undefined>(undefined);
  const hubGroups = signal<string[] | undefined>(undefined);
  const clock = signal(now());
  const tab = signal<InboxTab>('mine');

  const { queued, queuedByGroup, queuedCount, mine, all } = inboxTabs(
    inbox,
    computed(() => me.value?.id),
  );
  const capacity = computed(() => me.value?.capacity);
  const { holding, full } = agentLoad(mine, capacity);

  // Images put a message read again on screen through the open conversations, made next (a later
  // event calls it), and the conversations let a closed tab's images go.
  const images = createConsoleImages(client, {
    ...options.images,
    t,
    refresh: (id) => conversations.refresh(id),
  });
  const conversations = consoleConversations(client, {
    t,
    me,
    inbox,
    typing: shoppers.typing,
    assists,
    alerts,
    images,
    notices,
    onScreen: options.onScreen,
  });
  const replies = consoleSend(client, { t, me, images, composer, alerts, conversations, notices });
  const actions = consoleActions(client, { me, agentStatus, alerts, composer, conversations, notices });
  wireConsoleEvents(client, {
    t,
    connection,
    connectionReason,
    me,
    agentStatus,
    inbox,
    canned,
    photos,
    hubGroups,
    tab,
    assists,
    composer,
    shoppers,
    alerts,
    notices,
    conversations,
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
    queuedCount,
    mine,
    all,
    /** How many conversations the agent holds, their capacity, and whether they are at it. */
    holding,
    capacity,
    full,
    open: conversations.open,
    active: conversations.active,
    activeId: conversations.activeId,
    typing: shoppers.typing,
    unread: conversations.unread,
    assists,
    alerts: alerts.alerts,
    drafts: composer.drafts,
    suggestions: composer.suggestions,
    held: composer.held,
    sending: replies.sending,
    flash: notices.flash,
    announcement: notices.announcement,
    canned,
    /** False when the hub takes no photo uploads: the composer offers no image to attach. */
    photos,
    /** The hub's groups (undefined from a hub before the welcome named them): the transfer dialog offers them. */
    hubGroups,
    /** Images staged in composers, and images whose URLs expired. */
    images,
    clock,
    sound: notices.sound,
    permission: notices.permission,
    tab,
    /** Connects and starts the clock that drives the countdowns (one tick a second). */
    async connect(): Promise<void> {
      await client.connect();
      ticker ??= setInterval(() => {
        clock.value = now();
        shoppers.expire(clock.value);
      }, 1000);
    },
    dispose(): void {
      conversations.dispose();
      if (ticker) clearInterval(ticker);
      ticker = undefined;
      client.disconnect();
    },
    openConversation: conversations.openConversation,
    shopperLabel: conversations.shopperLabel,
    /** Opens a conversation to read it without taking it (`client.join`). */
    viewConversation: (id: string) => conversations.openConversation(id, { readOnly: true }),
    activate: conversations.activate,
    setFollowing: conversations.setFollowing,
    readingPlaces: conversations.readingPlaces,
    setOnScreen: conversations.setOnScreen,
    closeTab: conversations.closeTab,
    next: () => conversations.step(1),
    prev: () => conversations.step(-1),
    send: replies.send,
    dismissHeld: composer.dismissHeld,
    ...consoleCanned(conversations.open, me),
    setDraft: composer.setDraft,
    suggested: composer.suggested,
    ...actions,
    /** Signing out: the drafts saved in the tab go (the next person at this computer is someone else). */
    forgetDrafts: composer.forgetAll,
    dismissAlert: alerts.dismiss,
    enableNotifications: notices.enableNotifications,
  };
}

export type ConsoleState = ReturnType<typeof createConsoleState>;
