import {
  type ConversationState,
  KefuError,
  MAX_HISTORY_PAGE,
  MAX_TEXT_CHARS,
  type Message,
  type PageContext,
  PROTOCOL_VERSION,
  type ShopperContent,
  toStoredText,
} from '@kefu/protocol';
import { systemClock } from '../clock.ts';
import { createEmitter } from '../emitter.ts';
import { randomToken } from '../ids.ts';
import { type ConnectionStatus, ReconnectingSocket, type WebSocketConstructor } from '../transport/socket.ts';
import { defaultStorage, readJson, writeJson } from '../transport/storage.ts';
import { createOutbox, type OutboxEntry } from './outbox.ts';
import { pageUrl } from './page-url.ts';
import type { HubFrameDecoder, ShopperClientEvents, ShopperClientOptions } from './shopper-client-types.ts';

interface Persisted {
  deviceId: string;
  session?: string;
  conversationId?: string;
  /** The last identified shopper on this browser: a welcome for someone else forgets them. */
  user?: string;
}

/** The page as the hub may see it: query and fragment can carry reset tokens and session ids. */
const withoutSecrets = (page: PageContext | undefined): PageContext | undefined =>
  page?.url ? { ...page, url: pageUrl(page.url) } : page;

/**
 * A copy without a prototype: a key a page's prototype pollution put on Object.prototype
 * (`identity`, `session` …) reads as absent, instead of as the option or kept state left out.
 */
const own = <T extends object>(value: T): T => Object.assign(Object.create(null) as T, value);

// One long function on purpose: it is bundled into the widget, whose chat app has a hard gzip
// budget. Closure locals minify to one letter; splitting it further means a shared state record
// whose property names do not (a six-module split cost +289 B gz). Only the outbox stands apart.
/**
 * The shopper client over a given frame decoder. Integrators call `createShopperClient` from
 * `@kefu/sdk/client` (zod) or `@kefu/sdk/client/light` (guard), which pass theirs.
 */
export function createClient(given: ShopperClientOptions, decode: HubFrameDecoder) {
  const options = own(given);
  const clock = options.clock ?? systemClock;
  const storage = options.storage ?? defaultStorage();
  const WebSocketImpl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!WebSocketImpl)
    throw new TypeError('createShopperClient: no WebSocket available; pass options.WebSocket');
  const keyOf = (name: string) => `kefu:${options.siteKey}:${name}`;
  const readPersisted = () => own(readJson<Persisted>(storage, keyOf('state'), { deviceId: '' }));
  let persisted = readPersisted();
  if (!persisted.deviceId) persisted.deviceId = randomToken();
  const save = () => writeJson(storage, keyOf('state'), persisted);
  save();

  const events = createEmitter<ShopperClientEvents>();
  const outbox = createOutbox(
    storage,
    keyOf('outbox'),
    clock,
    (entries) => events.emit('outbox', entries),
    // Unsent while not welcomed: the welcome flushes the outbox.
    (entry) =>
      welcomed &&
      socket.send({
        v: PROTOCOL_VERSION,
        type: 'send',
        clientMsgId: entry.clientMsgId,
        content: entry.content,
      }),
  );
  const messages = new Map<number, Message>();
  let lastSeq = 0;
  let state: ConversationState | undefined;
  let agentReadSeq = 0;
  let identity = options.identity;
  let locale = options.locale;
  let page = withoutSecrets(options.page);
  let welcomed = false;
  let conversationId = persisted.conversationId;
  let historyRequest: string | undefined;
  /**
   * The page size of the history request not answered yet. Asked for while the connection was down,
   * or lost with it, it is asked again after the next welcome: the shopper's tap is not dropped.
   */
  let historyLimit = 0;
  let gapRequest: string | undefined;

  const url = `${options.url}${options.url.includes('?') ? '&' : '?'}site=${encodeURIComponent(options.siteKey)}`;
  const socket = new ReconnectingSocket({
    url,
    WebSocket: WebSocketImpl,
    origin: options.origin,
    decode,
    clock,
    backoff: options.backoff,
    onOpen() {
      welcomed = false;
      socket.send({
        v: PROTOCOL_VERSION,
        type: 'hello',
        role: 'shopper',
        siteKey: options.siteKey,
        deviceId: persisted.deviceId,
        // The session goes too: the hub takes the identity token when it is fresh, and the session
        // when the page hands over one it already spent (a page from cache) for the same shopper.
        identity,
        session: persisted.session,
        // Left out when undefined: JSON drops the key.
        resume: conversationId && lastSeq > 0 ? { conversationId, lastSeq } : undefined,
        locale,
        page,
        // This client reads image content (both decoders do); without it the hub sends a text line.
        features: ['image'],
      });
    },
    onFrame(frame) {
      switch (frame.type) {
        case 'welcome': {
          welcomed = true;
          // A history request of an earlier connection is never answered on this one: it is asked again below.
          // An identity token is single use: reconnects use the hub's session token instead.
          const older = historyRequest && historyLimit;
          historyRequest = gapRequest = identity = undefined;
          const { shopper, conversation } = frame;
          if (shopper.identified) {
            // Another person signed in on this browser: the previous one's unsent messages,
            // unread count and device id must not follow them.
            if (persisted.user && persisted.user !== shopper.id) forget();
            persisted.user = shopper.id;
          }
          if (conversationId !== conversation.id) {
            messages.clear();
            lastSeq = 0;
          }
          conversationId = conversation.id;
          persisted.session = frame.session;
          persisted.conversationId = conversationId;
          save();
          state = conversation.state;
          agentReadSeq = frame.agentReadSeq;
          socket.markOpen(frame.heartbeatMs);
          events.emit('welcome', {
            conversationId,
            shopperId: shopper.id,
            identified: shopper.identified,
            shopperReadSeq: frame.shopperReadSeq ?? 0,
            photos: frame.photos !== false,
          });
          events.emit('state', state);
          outbox.flush();
          if (older) loadOlder(older);
          return;
        }
        case 'message':
          return receive(frame.message);
        case 'ack':
          return outbox.settle(frame.clientMsgId);
        case 'state':
          state = frame.state;
          events.emit('state', state);
          return;
        case 'typing':
          events.emit('typing', { on: frame.on, name: frame.author.name });
          return;
        case 'read':
          agentReadSeq = Math.max(agentReadSeq, frame.seq);
          events.emit('read', agentReadSeq);
          return;
        case 'history.page':
          if (frame.re === gapRequest) {
            const had = lastSeq;
            frame.messages.forEach(receive);
            gapRequest = undefined;
            // A whole page that did not reach what is held after the hole: the next one.
            if (lastSeq - had === MAX_HISTORY_PAGE) fillGap();
            return;
          }
          if (frame.re === historyRequest) historyRequest = undefined;
          for (const m of frame.messages) messages.set(m.seq, m);
          events.emit('history', { messages: frame.messages, hasMore: frame.hasMore });
          return;
        case 'error': {
          // A refused history request (rate_limited, say) must not block every later loadOlder().
          // (A refused gap page is asked again after the next welcome.)
          if (frame.re === historyRequest) historyRequest = undefined;
          const { code, message, retryable, clientMsgId } = frame;
          if (clientMsgId) outbox.refused(clientMsgId, { code, message }, retryable);
          events.emit('error', { code, message, retryable, clientMsgId });
          return;
        }
        case 'pong':
          return;
      }
    },
    onStatus(status, detail) {
      events.emit('connection', { status, ...detail });
    },
    onInvalid(message) {
      events.emit('error', {
        code: 'invalid_frame',
        message: `unreadable frame from the hub: ${message}`,
        retryable: false,
      });
    },
  });

  function receive(message: Message): void {
    if (messages.has(message.seq)) return;
    // A fresh page gets the latest page, not seq 1: the first message held sets where "contiguous" starts.
    if (messages.size === 0 && lastSeq === 0) lastSeq = message.seq - 1;
    messages.set(message.seq, message);
    // lastSeq + 1 is never held before this one: only a message right after it moves it on.
    while (messages.has(lastSeq + 1)) lastSeq++;
    if (message.clientMsgId) outbox.settle(message.clientMsgId);
    events.emit('message', message);
    // A hole before this message (a resume far behind): paged in unless a page is on its way.
    if (message.seq > lastSeq) fillGap();
  }

  /**
   * A resume far behind gets only the hub's latest page: the hole between the last contiguous seq
   * and that page is asked for one page at a time, oldest first, each delivered as `message` events.
   */
  function fillGap(): void {
    if (gapRequest) return;
    gapRequest = randomToken();
    askHistory(gapRequest, MAX_HISTORY_PAGE + 1 + lastSeq, MAX_HISTORY_PAGE);
  }

  /** False when there is nothing older or a request is already out; sent at the next welcome if the connection is down. */
  function loadOlder(limit = 50): boolean {
    const oldest = Math.min(...messages.keys());
    // Math.min of nothing is Infinity: nothing held yet.
    if (!(oldest > 1 && oldest < Infinity) || historyRequest) return false;
    historyRequest = randomToken();
    historyLimit = limit;
    askHistory(historyRequest, oldest, limit);
    return true;
  }

  function askHistory(id: string, before: number, limit: number): boolean {
    return socket.send({ v: PROTOCOL_VERSION, type: 'history', id, before, limit });
  }

  /** Drops what is held of the conversation in memory; the UI hears `reset` and clears too. */
  function drop(): void {
    identity = undefined;
    messages.clear();
    lastSeq = 0;
    conversationId = undefined;
    state = undefined;
    agentReadSeq = 0;
    events.emit('reset', undefined);
  }

  /** Forgets the shopper on this browser: session, conversation, unsent messages, and the device id. */
  function forget(): void {
    persisted = own({ deviceId: randomToken() });
    save();
    outbox.clear();
    drop();
  }

  // Started in a tunnel, the socket waits for the 'online' event, as one the network dropped does:
  // each attempt would fail (logged on the shop's console) and be said to be the hub's fault.
  const offline = () => (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === false;
  const onOnline = () => socket.reconnectNow();
  const onOffline = () => socket.setOffline();
  /** Whether pagehide closed an open socket (a logout's closed one stays closed on pageshow). */
  let hid: unknown;
  /** What connect() listens to, until close(). */
  const hooks = {
    online: onOnline,
    offline: onOffline,
    // A page the shopper leaves may be kept in the back-forward cache, where Chromium cuts its open
    // socket and logs that as an error on the shop's console: closed here first, quietly, and
    // opened again if the page comes back.
    pagehide() {
      hid = socket.status !== 'closed';
      socket.stop();
    },
    pageshow: () => hid && socket.start(offline()),
  };
  const onStorage = (event: { key: string | null }) => {
    // Another tab changed the outbox.
    if (event.key === keyOf('outbox')) outbox.reload();
    // Another tab forgot the shopper (a new device id): this one follows, without writing back
    // the session it held. Only an empty store gets a new device id here, so tabs never ping-pong.
    else if (event.key === keyOf('state') && readPersisted().deviceId !== persisted.deviceId) {
      socket.stop();
      persisted = readPersisted();
      if (!persisted.deviceId) {
        persisted.deviceId = randomToken();
        save();
      }
      outbox.reload();
      drop();
    }
  };
  const win = globalThis as unknown as {
    addEventListener?: (type: string, fn: (e: never) => void) => void;
    removeEventListener?: (type: string, fn: (e: never) => void) => void;
  };

  // From the start, not from connect(): a tab that never connected must not write back a session another tab forgot.
  win.addEventListener?.('storage', onStorage);

  const client = {
    on: events.on,
    off: events.off,
    /** Tries the hub again now rather than after the backoff's wait (a shopper's Retry). */
    reconnect: onOnline,
    /** Opens the connection (and keeps it open until close()). */
    connect(): void {
      for (const [type, fn] of Object.entries(hooks)) win.addEventListener?.(type, fn);
      socket.start(offline());
    },
    /**
     * Queues a message and sends it as soon as the hub can take it. Returns its clientMsgId, a new
     * one unless given: the hub stores one message per clientMsgId, so sending again with the same
     * id (a photo uploaded again after a reload) never makes a second message.
     * Throws KefuError('invalid_frame') for empty or over-long text, before anything is queued.
     *
     * `held` keeps the message's place without sending it, nor anything queued after it, until
     * `send` with the same id fills it (or `discard` drops it): for a photo that has to be uploaded
     * first, so it is stored before the text typed after it. Its content is only shown meanwhile.
     * @example
     * const id = client.send({ kind: 'text', text: 'the box was crushed' }, undefined, true);
     * client.send('and the lid is torn'); // waits behind the photo
     * client.send(await upload(photo), id); // the photo goes, then the text
     */
    send(input: string | ShopperContent, clientMsgId?: string, held?: true): string {
      // A NUL (pasted from somewhere) no store can hold: refused by the hub, the message would fail
      // on every retry. It becomes U+FFFD, as in a page title.
      const content: ShopperContent =
        typeof input === 'string' ? { kind: 'text', text: toStoredText(input.trim(), input.length) } : input;
      // Limits count code points, as the hub's schema does: one emoji is one character.
      const length = content.kind === 'text' ? [...content.text].length : 1;
      if (length === 0 || length > MAX_TEXT_CHARS)
        throw new KefuError('invalid_frame', `text must be 1–${MAX_TEXT_CHARS} characters`);
      return outbox.add(content, clientMsgId, held);
    },
    /** Sends a failed message again. */
    retry(clientMsgId: string): void {
      outbox.retry(clientMsgId);
    },
    /** Rates the closed conversation 1–5 (once); `state.rating` shows it was received. */
    rate(rating: number, comment?: string): boolean {
      // Left out when empty: JSON drops an undefined key.
      return socket.send({ v: PROTOCOL_VERSION, type: 'csat', rating, comment: comment || undefined });
    },
    /** "Was this answer helpful?" on a bot message. */
    feedback(seq: number, helpful: boolean): boolean {
      return socket.send({ v: PROTOCOL_VERSION, type: 'feedback', seq, helpful });
    },
    /** Drops a queued or failed message that was not stored yet. */
    discard(clientMsgId: string): void {
      outbox.settle(clientMsgId);
    },
    markRead(seq: number = lastSeq): void {
      socket.send({ v: PROTOCOL_VERSION, type: 'read', seq });
    },
    setTyping(on: boolean): void {
      socket.send({ v: PROTOCOL_VERSION, type: 'typing', on });
    },
    /**
     * Tells the hub which page, product or order the shopper is looking at. `url` loses its query
     * and fragment; what the shop needs from them goes in `product` or `orderId`.
     */
    setContext(next: PageContext): void {
      page = withoutSecrets(next);
      socket.send({ v: PROTOCOL_VERSION, type: 'context', page });
    },
    setLocale(next: string): void {
      locale = next;
    },
    /**
     * Logs the shopper in with a merchant-signed token and (re)connects as that shopper at once, even
     * before connect() or after close(): a signed-in shopper receives the shop's notices.
     */
    identify(token: string): void {
      identity = token;
      persisted.session = undefined;
      save();
      messages.clear();
      lastSeq = 0;
      conversationId = undefined;
      socket.stop();
      socket.start();
    },
    /**
     * Forgets this shopper on this browser, for when they log out of the shop (a shared computer):
     * closes the connection and drops the session, conversation, unsent messages and device id,
     * here and in the site's other tabs. The next `connect()` is a new anonymous shopper.
     */
    logout(): void {
      socket.stop();
      forget();
    },
    /** Asks for the page of messages before the oldest one held; the answer comes as a `history` event. */
    loadOlder,
    /** Messages held, in seq order. */
    get messages(): Message[] {
      return [...messages.values()].sort((a, b) => a.seq - b.seq);
    },
    get outbox(): OutboxEntry[] {
      return outbox.entries();
    },
    get state(): ConversationState | undefined {
      return state;
    },
    get status(): ConnectionStatus {
      return socket.status;
    },
    /**
     * The hub's session token from the last welcome: the credential of the photo upload route
     * (`Authorization: Bearer <session>`, docs/photos.md).
     */
    get session(): string | undefined {
      return persisted.session;
    },
    get conversationId(): string | undefined {
      return conversationId;
    },
    get lastSeq(): number {
      return lastSeq;
    },
    get agentReadSeq(): number {
      return agentReadSeq;
    },
    /** Closes the connection; the outbox stays in storage for next time. */
    close(): void {
      for (const [type, fn] of Object.entries({ ...hooks, storage: onStorage }))
        win.removeEventListener?.(type, fn);
      outbox.close();
      socket.stop();
    },
  };
  return client;
}

export type ShopperClient = ReturnType<typeof createClient>;
