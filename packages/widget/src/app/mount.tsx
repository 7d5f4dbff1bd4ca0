/**
 * The chat app chunk (`kefu-app.js`), imported by the loader on first interaction or idle.
 * Everything heavy lives here: Preact, signals, the protocol schemas, the shopper client, the UI.
 */

import { MAX_TOKEN_CHARS, type Order, type Product, toStoredText } from '@kefu/protocol';
import { createEmitter, createShopperClient } from '@kefu/sdk/client/light';
import { effect, signal } from '@preact/signals-core';
import { render } from 'preact';
import { type Locale, resolveLocale, shopperLocale } from '../locale.ts';
import type { KefuCall, KefuEvents, WidgetApp, WidgetHost } from '../types.ts';
import { APP_CSS } from './app-css.ts';
import { createChatState } from './chat-state.ts';
import { CLOSE_PATH } from './components/header.tsx';
import { Panel } from './components/panel.tsx';
import { hubUrl } from './hub-url.ts';
import { readPageProduct, storableId } from './page-product.ts';
import { keep, stored } from './page-storage.ts';
import { localSeenStore } from './seen-store.ts';
import { loadStrings, type Strings } from './strings.ts';

/**
 * Mounts the app into the loader's shadow root and returns its command runner.
 * @example
 * const app = mount(host); app.run(['open']);
 */
export function mount(host: WidgetHost): WidgetApp {
  const { options, root, launcher } = host;
  host.addStyles(APP_CSS);
  // The shadow root is open, so the page's session-replay scripts could record the transcript: the
  // host carries each one's "do not record" marker (FullStory, rrweb and PostHog, Sentry; Hotjar,
  // LogRocket, Clarity). Here, not in the loader: the launcher alone holds nothing private.
  const el = root.host;
  el.classList.add('fs-exclude', 'rr-block', 'ph-no-capture', 'sentry-block');
  for (const a of ['data-hj-suppress', 'data-private', 'data-clarity-mask']) el.setAttribute(a, 'true');
  // Checked again: a stylesheet that transforms the page's <html> may have come after the loader ran.
  host.lift();
  // The unread badge on the launcher, empty (and so hidden) until there is a count: the app's, as the
  // count is, so the loader (on every page view) carries neither it nor its styles.
  const badge = document.createElement('span');
  badge.className = 'b';
  badge.setAttribute('aria-hidden', 'true');
  launcher.append(badge);
  // The close icon shown while the chat is open (app-css.ts), the header's: a copy of the loader's chat
  // icon with the header's path, so the loader on every page view carries only the icon it shows.
  const x = launcher.firstChild!.cloneNode(true) as SVGElement;
  x.setAttribute('class', 'x');
  (x.firstChild as Element).setAttribute('d', CLOSE_PATH);
  launcher.append(x);
  const container = document.createElement('div');
  container.className = 'app';
  root.append(container);

  // Sent only when the widget speaks it: for another language (a French page) the hub follows what
  // the shopper writes, and the widget's own words are in English.
  const sent = shopperLocale(options.locale);
  const locale = signal<Locale>(resolveLocale(options.locale));
  /** The current locale's strings, once its chunk has arrived (nothing is drawn before). */
  const strings = signal<Strings | undefined>(undefined);
  const pageProduct = readPageProduct(document);
  const hub = hubUrl(options.hub, location.href);
  const client = createShopperClient({
    url: hub,
    siteKey: options.site,
    locale: sent,
    page: {
      url: location.href.slice(0, 2048),
      // The hub refuses a NUL or a lone surrogate, which a script-set title or a cut could leave.
      title: toStoredText(document.title, 300),
      // Undefined fields are left out of the frame by JSON: cheaper here than spreading them in.
      product: pageProduct,
    },
  });
  const seen = localSeenStore(options.site);
  const key = `kefu:${options.site}:`;
  const draftKey = `${key}draft`;
  // A shopper who already has a conversation reconnects at once (unread count, replies while away).
  const chat = createChatState(client, {
    seen,
    connectNow: seen.get() > 0 || stored(`${key}state`).includes('conversationId'),
    // The upload route and the photos' URLs are on the hub's own server.
    attach: { hub: hub.replace(/^ws/, 'http'), key: `${key}photos`, addStyles: host.addStyles },
    // The unsent text outlives a reload, in this tab only (sessionStorage): not in another tab, not
    // on the next visit. Sending (or a logout) sets it to ''.
    draft: {
      get text() {
        return stored(draftKey, 1);
      },
      set text(text) {
        keep(draftKey, text, 1);
      },
    },
  });
  // Photos queued before a reload go on uploading.
  if (stored(`${key}photos`)) void chat.attachments();
  // What the hub said of photos last time: the panel is drawn before its welcome comes, and a photo
  // button that came or went with it moved the message box under the shopper's finger.
  const img = `${key}img`;
  const tookPhotos = stored(img);
  chat.photos.value = tookPhotos ? tookPhotos === '1' : undefined;
  // The product strip hidden stays hidden for that product in this tab (a reload, the next page).
  const hideKey = `${key}hide`;
  if (pageProduct) {
    chat.product.value = pageProduct;
    chat.productDismissed.value = stored(hideKey, 1) === pageProduct.id;
  }
  // The page's `Kefu('on', …)` listeners: one that throws is reported asynchronously, so a
  // merchant's bug never breaks the widget or the other listeners.
  const listeners = createEmitter<KefuEvents>();

  // The panel open stays open across a reload or the next page of the shop, in this tab only.
  const openKey = `${key}open`;
  /** The panel reopened by a reload takes no focus: the page's own field or the shopper's place keeps it. */
  let quiet = false;
  const setOpen = (open: boolean, focusLauncher = false) => {
    if (chat.open.value === open) return;
    chat.setOpen(open);
    keep(openKey, open ? '1' : '', 1);
    listeners.emit('open', open);
    if (!open && focusLauncher) launcher.focus();
  };
  const onLauncher = () => {
    quiet = false;
    setOpen(!chat.open.value);
  };
  // Esc closes the chat from the panel and from the launcher alike (the photo viewer keeps its own Esc).
  const close = (_?: unknown) => setOpen(false, true);
  // While the chat is open its keys, wheel turns and touch moves end at the shadow root. The page's
  // listeners on document or window see them come from the host, a <div>, not from a text field: its
  // shortcuts (a gallery's arrows, "/" to search, Esc for its menu) took the shopper's typing, and a
  // section scroller or a scroll lock that cancels them kept the transcript still. With the chat
  // closed, keys on the launcher are the page's again. Passive: scrolling never waits for this.
  // No removal at destroy: the listeners go with the shadow root.
  const onEvent = (e: Event) => {
    if (!chat.open.value) return;
    e.stopPropagation();
    // On its keydown only: the keyup of the Esc that closed the photo viewer is not for the panel.
    // An Esc that drops an IME composition (pinyin not yet turned into characters) is the input
    // method's, as its Enter is (see the composer): isComposing, or keyCode 229 in Safari.
    const k = e as KeyboardEvent;
    if (e.type === 'keydown' && k.key === 'Escape' && !k.isComposing && k.keyCode !== 229) close();
  };
  for (const type of ['keydown', 'keypress', 'keyup', 'wheel', 'touchmove'])
    root.addEventListener(type, onEvent, { passive: true });
  launcher.addEventListener('click', onLauncher);
  const offMessage = client.on('message', (m) => listeners.emit('message', m));
  const onVisible = () => chat.catchUp();
  document.addEventListener('visibilitychange', onVisible);

  let lastUnread = -1;
  let wordsOf: Locale | undefined;
  const retries = signal(0);
  // How often the browser came back online: a fetch that fails after that, its 'online' event
  // already gone by, is fetched again at once instead of waiting for one that may never come.
  let backOnline = 0;
  const onOnline = () => backOnline++;
  addEventListener('online', onOnline);
  const stops = [
    () => removeEventListener('online', onOnline),
    // Fetched again each time the chat opens and when the browser is back online, until they come:
    // a fetch that failed (the connection dropped as the page settled) left a launcher that opened
    // nothing for the rest of the visit.
    effect(() => {
      const l = locale.value;
      if (wordsOf === l) return;
      const open = chat.open.value;
      const online = backOnline;
      void retries.value;
      loadStrings(l).then(
        (t) => {
          if (locale.value === l) {
            wordsOf = l;
            strings.value = t;
          }
        },
        // Opened (or closed) while this fetch was on its way: the import that started then waited on
        // this same fetch and failed with it, so the chat opened nothing. Fetched afresh now, once.
        () =>
          open !== chat.open.peek() || online !== backOnline
            ? retries.value++
            : addEventListener('online', () => retries.value++, { once: true }),
      );
    }),
    effect(() => {
      const n = chat.unread.value;
      const t = strings.value;
      if (!t) return;
      badge.textContent = (n > 99 ? '99+' : n || '') as string;
      launcher.setAttribute(
        'aria-label',
        (chat.open.value ? t.close : t.launcher) + (n > 0 ? t.unread(n) : ''),
      );
      if (n !== lastUnread) {
        lastUnread = n;
        listeners.emit('unread', n);
      }
    }),
    // DOM setters turn booleans into their strings themselves. Busy (as the loader made it on the
    // shopper's click) while the chat is open but its panel waits for its words.
    effect(() => {
      const open = chat.open.value;
      // The visual viewport measured afresh for the panel (it fills it on a phone): a page's zoom set
      // since the last measure (a stylesheet added late) changed the host's px.
      host.lift();
      launcher.setAttribute('aria-expanded', open as unknown as string);
      launcher.setAttribute('aria-busy', (open && !strings.value) as unknown as string);
    }),
    effect(() => {
      const p = chat.photos.value;
      if (p !== undefined) keep(img, p ? '1' : '0');
    }),
    // On the choice alone: a new product from setContext comes with its own choice, read below.
    effect(() => keep(hideKey, chat.productDismissed.value ? (chat.product.peek()?.id ?? '') : '', 1)),
    effect(() => {
      const open = chat.open.value;
      const t = strings.value;
      render(
        open && t ? (
          <Panel
            chat={chat}
            t={t}
            locale={locale.peek()}
            shopName={options.name || t.shopName}
            onClose={close}
            addStyles={host.addStyles}
            quiet={quiet}
          />
        ) : null,
        container,
      );
    }),
  ];

  // No prototype: `Kefu('valueOf')` is an unknown command like any other, not Object.prototype's
  // method (whose call threw, and the loader's queue after it was lost).
  const commands: Record<string, (arg?: unknown, fn?: unknown) => void> = {
    __proto__: null as never,
    open: () => {
      quiet = false;
      setOpen(true);
    },
    close: () => setOpen(false),
    toggle: () => setOpen(!chat.open.value),
    // The panel closes first, so the page's `open` listeners hear it; the client then forgets the
    // shopper, and the state it feeds clears itself (its `reset` event).
    logout: () => {
      setOpen(false);
      client.logout();
    },
    identify: (arg) => {
      const token = (arg as { token?: unknown } | undefined)?.token;
      // An over-long token would make every hello invalid: the shopper stays anonymous instead.
      if (typeof token === 'string' && token && token.length <= MAX_TOKEN_CHARS) client.identify(token);
    },
    setContext: (arg) => {
      const ctx = (arg ?? {}) as { product?: Product; order?: Order };
      const id = ctx.order?.id;
      // An order id is made valid as a product's is; one that is no text is no order.
      const orderId = typeof id === 'string' ? storableId(id) : '';
      const order = orderId ? ({ ...ctx.order, id: orderId } as Order) : undefined;
      // Checked as the page's JSON-LD is: one field the hub refuses (an id over 64 characters, a
      // negative price) made every hello invalid, and the widget never connected.
      const product = readPageProduct(document, ctx.product);
      chat.product.value = product;
      chat.productDismissed.value = !!product && stored(hideKey, 1) === product.id;
      chat.order.value = order;
      client.setContext({
        url: location.href.slice(0, 2048),
        product,
        orderId: order?.id,
      });
    },
    locale: (arg) => {
      if (typeof arg !== 'string') return;
      const next = shopperLocale(arg);
      locale.value = resolveLocale(arg);
      client.setLocale(next as string);
    },
    on: (event, fn) => {
      if (typeof fn === 'function') listeners.on(event as keyof KefuEvents, fn as (p: unknown) => void);
    },
    off: (event, fn) => {
      if (typeof fn === 'function') listeners.off(event as keyof KefuEvents, fn as (p: unknown) => void);
    },
  };

  if (stored(openKey, 1)) {
    quiet = true;
    setOpen(true);
    // The page's listeners are added after `mount` returns (the loader runs its queued calls then):
    // they hear this reopening a microtask later, unless a queued call closed the panel meanwhile.
    queueMicrotask(() => chat.open.peek() && listeners.emit('open', true));
  }

  return {
    run([command, ...args]: KefuCall) {
      const run = commands[command];
      if (run) run(args[0], args[1]);
      else console.warn(`Kefu: unknown command "${command}"`);
    },
    destroy() {
      for (const stop of stops) stop();
      render(null, container);
      container.remove();
      launcher.removeEventListener('click', onLauncher);
      document.removeEventListener('visibilitychange', onVisible);
      offMessage();
      chat.dispose();
      client.close();
    },
  };
}
