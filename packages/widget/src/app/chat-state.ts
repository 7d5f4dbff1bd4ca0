import type { ConversationState, Message, Order, Product } from '@kefu/protocol';
import type { OutboxEntry } from '@kefu/sdk/client/light';
import { batch, computed, signal } from '@preact/signals-core';
import type { Attachments, AttachOptions } from './attach/attachments.tsx';
import type { ChatClient } from './chat-client.ts';
import type { PhotoActions } from './components/photo-thumb.tsx';
import type { WidgetConnection } from './widget-connection.ts';

export type { ChatClient } from './chat-client.ts';

export type { WidgetConnection } from './widget-connection.ts';

/** Where the widget remembers what the shopper has seen (for the unread count across reloads). */
export interface SeenStore {
  get(): number;
  set(seq: number): void;
  /** Hears the seq another tab has seen up to, until the returned function is called. */
  watch?(fn: (seq: number) => void): () => void;
}

/**
 * Does this message count towards unread? What the shop's side says, but the greeting (the bot's
 * text that opens a conversation, seq 1): it answers the shopper's own arrival (a page that signs
 * them in connects at once), so a badge on it would call them back for nothing. A notice that opens
 * a conversation comes as quick replies (with its "stop" button) or an order, and counts.
 */
const counts = (m: Message) =>
  m.author.kind === 'agent' || (m.author.kind === 'bot' && (m.seq > 1 || m.content.kind !== 'text'));

/**
 * The widget's state for one client, as signals. Made per mount (no global store), so each test
 * builds its own from a fake client.
 * @example
 * const chat = createChatState(createShopperClient({ url, siteKey: 'demo' }), { seen: memorySeen() });
 * chat.open.value = true;
 */
export function createChatState(
  client: ChatClient,
  options: {
    seen: SeenStore;
    connectNow?: boolean;
    attach?: AttachOptions;
    /** Where the unsent text is kept (the mounted app: the tab's sessionStorage); in memory without it. */
    draft?: { text: string };
  },
) {
  const messages = signal<Message[]>(client.messages);
  const outbox = signal<OutboxEntry[]>(client.outbox);
  const conversation = signal<ConversationState | undefined>(client.state);
  const connection = signal<WidgetConnection>(client.status);
  /** True once a welcome was received: before that "connecting" is not worth a banner. */
  const everOpen = signal(client.status === 'open');
  const agentReadSeq = signal(client.agentReadSeq);
  const typing = signal<{ name?: string } | null>(null);
  const open = signal(false);
  const hasMore = signal(false);
  const seenSeq = signal(options.seen.get());
  const product = signal<Product | undefined>(undefined);
  const order = signal<Order | undefined>(undefined);
  const productDismissed = signal(false);
  /**
   * The hub takes photos (its last welcome said so, or did not say): else no photo button.
   * Undefined until a welcome, unless the mount knows it from the last visit.
   */
  const photos = signal<boolean | undefined>(undefined);
  /** The attachment chunk once loaded (by `attachments()`); the panel draws its tray and viewer. */
  const attach = signal<Attachments | undefined>(undefined);
  /** The text typed and not sent, kept while the panel is closed (the composer is not drawn then). */
  const draft = options.draft ?? { text: '' };
  let connected = false;
  let readSent = 0;
  let readWait: ReturnType<typeof setTimeout> | 0 = 0;
  /**
   * The conversation the seen mark counts in. A welcome into another one (the shopper signed in,
   * so the hub resumes their own) numbers its messages afresh: the old mark would hide them.
   */
  let seenIn = client.conversationId;

  const unread = computed(() => messages.value.filter((m) => m.seq > seenSeq.value && counts(m)).length);

  /** While the panel is open and the page visible, everything shown counts as seen and read. */
  const catchUp = () => {
    if (!open.value || globalThis.document?.visibilityState === 'hidden') return;
    const last = messages.value.at(-1)?.seq ?? 0;
    if (last > seenSeq.value) {
      seenSeq.value = last;
      options.seen.set(last);
    }
    // At most a read a second, the latest: one per message of an agent's burst (a pasted list)
    // went past the hub's frame budget, and the hub cut the socket off.
    if (last > readSent && connection.value === 'open' && !readWait) {
      readSent = last;
      client.markRead(last);
      readWait = setTimeout(() => {
        readWait = 0;
        catchUp();
      }, 1000);
    }
  };

  /** Takes what the client holds now, after a welcome or a reset. */
  const sync = () => {
    messages.value = client.messages;
    outbox.value = client.outbox;
    agentReadSeq.value = client.agentReadSeq;
    readSent = 0;
  };

  const offs = [
    // Read in another tab: not unread here either (the badge stayed, calling the shopper back for nothing).
    options.seen.watch?.((seq) => {
      if (seq > seenSeq.value) seenSeq.value = seq;
    }),
    client.on('message', (m) => {
      messages.value = client.messages;
      if (m.author.kind !== 'shopper') typing.value = null;
      // An order line about the page's order (a notice, an agent's card) is its news: the card
      // moves on at once, keeping what the page gave that the line leaves out (items, total).
      const c = m.content;
      if (c.kind === 'order' && c.order.id === order.value?.id) order.value = { ...order.value, ...c.order };
      catchUp();
    }),
    client.on('history', (page) => {
      messages.value = client.messages;
      hasMore.value = page.hasMore;
    }),
    client.on('outbox', (entries) => {
      // A tab the hub refuses gets no messages: what another tab got stored stays shown here
      // (as queued) until this tab is let in and resumes, rather than vanishing.
      outbox.value =
        connection.value === 'tabs'
          ? [...outbox.value.filter((e) => !entries.some((n) => n.clientMsgId === e.clientMsgId)), ...entries]
          : entries;
      // A photo holds its place (queued in another tab since closed, say): its queue must run
      // here too, or that place and every message after it wait until a reload.
      if (entries.some((e) => e.held)) void attachments();
    }),
    client.on('state', (s) => {
      conversation.value = s;
    }),
    client.on('read', (seq) => {
      agentReadSeq.value = seq;
    }),
    client.on('typing', (t) => {
      typing.value = t.on ? (t.name ? { name: t.name } : {}) : null;
    }),
    client.on('connection', ({ status, reason }) => {
      // Close code 4429 is both limits: the reason's code tells a refused tab (too_many_connections)
      // from a hub asking the client to slow down (rate_limited), which is only a reconnect.
      connection.value = reason?.startsWith('too_many_c') ? 'tabs' : status;
      if (status === 'open') everOpen.value = true;
    }),
    // The shopper was forgotten (logout, another person signed in, or either in another tab):
    // nothing of theirs stays on screen or in the unread count, and the next open connects afresh.
    client.on('reset', () => {
      batch(() => {
        sync();
        conversation.value = order.value = undefined;
        typing.value = null;
        hasMore.value = everOpen.value = connected = false;
        seenSeq.value = 0;
      });
      draft.text = '';
      options.seen.set(0);
      if (open.value) connect();
    }),
    client.on('welcome', ({ conversationId, shopperReadSeq, photos: p }) => {
      photos.value = p;
      // What the shopper read on another device is not unread on this one (a new phone, say).
      const seen = Math.max(seenIn === conversationId ? seenSeq.value : 0, shopperReadSeq);
      seenSeq.value = seen;
      options.seen.set(seen);
      seenIn = conversationId;
      batch(sync);
      catchUp();
    }),
  ];

  const connect = () => {
    if (connected) return;
    connected = true;
    client.connect();
  };
  if (options.connectNow) connect();

  const chunk = () => import('./attach/attachments.tsx');
  let loading: Promise<Attachments | undefined> | undefined;
  /**
   * Starts the attachment chunk, once. A fetch that failed (offline) gives undefined and is tried
   * again next time, without an unhandled rejection on the merchant's page.
   */
  const attachments = () =>
    (loading ??= chunk().then(
      (m) => (attach.value = m.createAttachments(state, options.attach as AttachOptions)),
      () => (loading = undefined),
    ));

  const state = {
    client,
    messages,
    outbox,
    conversation,
    connection,
    everOpen,
    agentReadSeq,
    typing,
    open,
    /** The last message the shopper has seen (the unread count's mark). */
    seenSeq,
    hasMore,
    unread,
    product,
    order,
    productDismissed,
    photos,
    draft,
    /** Opens the panel; the first open connects (a shopper who never opens it creates no conversation). */
    setOpen(next: boolean) {
      open.value = next;
      if (next) {
        connect();
        catchUp();
        // Fetched, not run, once the shopper opens the chat: a photo taken later in a tunnel can
        // still be prepared and queued. The base app stays without it.
        chunk().catch(() => {});
      }
    },
    catchUp,
    connect,
    /** Sends text (or a tapped quick reply); returns false when the text is empty or too long. */
    send(text: string, payload?: string): boolean {
      try {
        client.send(payload ? { kind: 'text', text: text.trim(), payload } : text);
      } catch {
        return false;
      }
      connect();
      return true;
    },
    /**
     * Rates the closed conversation (an empty comment is left out); false while it cannot be sent
     * (the survey stays for another try). The client's own method: it uses no `this`.
     */
    rate: client.rate,
    sendProduct(p: Product) {
      client.send({ kind: 'product', product: p });
      connect();
    },
    attach,
    attachments,
    /** Downscales picked, pasted or dropped photos into the tray (loading the attachment chunk). */
    addPhotos(files: File[]) {
      // Picked while the chunk could not be fetched (the chat first opened in a tunnel): the photos
      // wait for the connection instead of being dropped.
      void attachments().then((a) =>
        a
          ? a.add(files)
          : globalThis.addEventListener?.('online', () => state.addPhotos(files), { once: true }),
      );
    },
    photo: {
      // The hub serves photos under paths of its own server (`/images/…`).
      src: (url) => new URL(url, options.attach?.hub ?? location.href).href,
      view: (src, alt, opener) => void attachments().then((a) => a?.view(src, alt, opener)),
    } satisfies PhotoActions as PhotoActions,
    dispose() {
      for (const off of offs) off?.();
      clearTimeout(readWait);
      attach.value?.dispose();
    },
  };
  return state;
}

export type ChatState = ReturnType<typeof createChatState>;
