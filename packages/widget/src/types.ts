// The page-facing shapes of the protocol's Product, Order and Message, written out: the published
// types must stand alone (the widget has no dependencies; its dist bundles what it runs), so they
// cannot import @kefu/protocol, whose types are zod's. `types.test.ts` holds them equal to the
// protocol's, so a change there fails the typecheck until it is made here too.

/** A product, as `setContext` takes it and product messages carry it. */
export interface Product {
  id: string;
  title: string;
  price?: number;
  /** ISO 4217, e.g. `CNY`. */
  currency?: string;
  url?: string;
  image?: string;
  category?: string;
}

/** An order's lifecycle, in the order it happens. */
export type OrderStatus = 'paid' | 'shipped' | 'in_transit' | 'out_for_delivery' | 'delivered';

/** A line of an order or of a parcel; `sku` matches the two. */
export interface OrderLine {
  title: string;
  quantity: number;
  sku?: string;
}

/** A parcel as the warehouse packed it and the carrier scanned it (agents' evidence; shoppers get none). */
export interface Shipment {
  id?: string;
  carrier?: string;
  trackingNo?: string;
  packed: OrderLine[];
  weightGrams?: number;
  packedAt?: number;
  scans: { at: number; place?: string; status: string }[];
}

/** An order, as `setContext` takes it and order messages carry it. */
export interface Order {
  id: string;
  status: OrderStatus;
  total?: number;
  currency?: string;
  items?: OrderLine[];
  carrier?: string;
  trackingNo?: string;
  /** When each lifecycle step happened (ms since the epoch), oldest first. */
  events: { status: OrderStatus; at: number }[];
  shipments?: Shipment[];
}

/** What a message holds, told apart by `kind`. */
export type Content =
  | { kind: 'text'; text: string /** Set when the text is a tapped quick reply's label. */; payload?: string }
  | { kind: 'quick_replies'; text?: string; replies: { label: string; payload: string }[] }
  | { kind: 'product'; product: Product }
  | { kind: 'order'; order: Order }
  | {
      kind: 'image';
      id: string;
      mediaType: 'image/jpeg' | 'image/webp' | 'image/png' | 'image/gif' | 'image/avif';
      width: number;
      height: number;
      /** Bytes of the full image. */
      size: number;
      /** Signed and expiring: the hub signs them anew whenever it sends the message. */
      url: string;
      thumbnailUrl: string;
      caption?: string;
    }
  | {
      kind: 'system';
      event:
        | 'greeting'
        | 'queued'
        | 'agent_joined'
        | 'agent_left'
        | 'transferred'
        | 'closed'
        | 'reopened'
        | 'notice'
        | 'bot_unavailable';
      text?: string;
      agentName?: string;
    };

/** A stored message of the conversation; `seq` is gapless and increasing from 1. */
export interface Message {
  seq: number;
  id: string;
  conversationId: string;
  clientMsgId?: string;
  author: { kind: 'shopper' | 'bot' | 'agent' | 'system'; id?: string; name?: string; avatar?: string };
  /** Milliseconds since the Unix epoch. */
  createdAt: number;
  content: Content;
}

/** When the chat app (Preact, the client, the UI) is fetched. The launcher is always drawn at once. */
export type LoadStrategy = 'interaction' | 'idle' | 'eager';

/** How the widget is configured: from the script tag's data attributes, or passed to `boot()`. */
export interface KefuOptions {
  /** Public site key (`data-site`). */
  site: string;
  /** The hub's WebSocket URL (`data-hub`); a path such as `/kefu` means the page's own host. */
  hub: string;
  /** CSP nonce for the `<style>` fallback (`data-nonce`). */
  nonce?: string;
  /** `zh-CN`, `zh-TW` or `en` (`data-locale`); default from `<html lang>`, then the browser. */
  locale?: string;
  /** Corner of the launcher (`data-position`), default `right`. */
  position?: 'left' | 'right';
  /** Accent colour (`data-color`), any CSS colour. */
  color?: string;
  /** Stacking order of the widget (`data-z-index`), default 2147483000. */
  zIndex?: number;
  /** Shop name in the panel header (`data-name`). */
  name?: string;
  /** `data-load`, default `idle`. */
  load?: LoadStrategy;
}

/** What `Kefu('setContext', …)` takes: the product and/or order the shopper is looking at. */
export interface KefuContext {
  product?: Product;
  /**
   * Shown as a card above the messages (folded to its step until tapped). An order line about it
   * (a notice from `hub.notify`, an agent's order card) moves it on; what the line leaves out
   * (items, total) stays as given here. A page that knows only which order it shows passes
   * `{ id }`: the hub gets the id (`ctx.page.orderId`), and the card waits for an order line.
   */
  order?: Order | Pick<Order, 'id'>;
}

/** Events a page can listen to with `Kefu('on', event, fn)`. */
export interface KefuEvents {
  /** A message stored in the conversation: the bot's, an agent's, a system line, or the shopper's own (sent in this tab or another; `author.kind === 'shopper'`). */
  message: Message;
  /** The panel opened (true) or closed (false). */
  open: boolean;
  /** Unread messages from the shop's side (the greeting that opens a conversation is not one). */
  unread: number;
}

/**
 * The one public function, `window.Kefu` for script-tag merchants, `import { Kefu }` for SPAs.
 * Calls made before the widget has loaded are queued and run in order afterwards.
 *
 * - `identify`: signs the shopper in with a merchant-signed token (one use). A token for another
 *   person than the last one signed in on this browser also forgets that person, as `logout` does.
 * - `logout`: call it when the shopper logs out of the shop (a shared computer). Forgets, at once
 *   and in the site's other tabs, the session, the conversation, unsent messages, the unread count
 *   and the device id, closes the connection and the panel: the widget is a new anonymous shopper.
 * - `shutdown`: removes the widget from this page view (launcher, panel, connection) and ignores
 *   later calls (but `logout`). It keeps the shopper's session, conversation and unsent messages in
 *   the browser, so the next page that loads the widget continues the same conversation.
 * - `setContext`: the page's product and order. The page's address is sent without its query and
 *   fragment (they can carry reset tokens): what the shop needs from them goes here, e.g. the
 *   `id` of `?id=sku-1` as `product.id`, or `product.url` with the query it needs.
 * @example
 * Kefu('locale', 'zh-CN');
 * Kefu('setContext', { product: { id: 'sku-1', title: '羊毛开衫', price: 399, currency: 'CNY' } });
 * Kefu('on', 'unread', (n) => (document.title = n ? `(${n}) Shop` : 'Shop'));
 * Kefu('open');
 * logoutButton.addEventListener('click', () => Kefu('logout'));
 */
export interface KefuFunction {
  (command: 'open' | 'close' | 'toggle' | 'shutdown' | 'logout'): void;
  (command: 'identify', options: { token: string }): void;
  (command: 'setContext', context: KefuContext): void;
  (command: 'locale', locale: string): void;
  <E extends keyof KefuEvents>(
    command: 'on' | 'off',
    event: E,
    listener: (payload: KefuEvents[E]) => void,
  ): void;
  /** Queued calls of the snippet stub, before the loader ran. */
  q?: ArrayLike<unknown>[];
}

/** A command as queued: its name, then its arguments. */
export type KefuCall = [command: string, ...args: unknown[]];

/** What the loader hands the app when the app chunk has arrived. */
export interface WidgetHost {
  root: ShadowRoot;
  /**
   * The launcher, `aria-expanded="false"`: the app keeps that and the launcher's name from then
   * on, and adds the unread badge.
   */
  launcher: HTMLButtonElement;
  /** As the page gave them (checked for `site` and `hub`, defaults not filled in). */
  options: KefuOptions;
  /** Adds a stylesheet to the shadow root (constructable, or `<style nonce>` under an old engine). */
  addStyles(css: string): void;
  /**
   * Measures the visual viewport again into the host's `--kefu-s` (its scale) and `--kefu-t`, `--kefu-r`,
   * `--kefu-b`, `--kefu-l` (how far in its edges are from the host's, in the host's px: the launcher sits
   * in its corner, the phone's panel fills it), and puts the host in the top layer if the page's
   * <html> holds fixed elements to itself (a transform).
   */
  lift(): void;
}

/** The app side: runs commands and tears down. */
export interface WidgetApp {
  run(call: KefuCall): void;
  destroy(): void;
}

/** The app chunk's module shape. */
export interface AppModule {
  mount(host: WidgetHost): WidgetApp;
}
