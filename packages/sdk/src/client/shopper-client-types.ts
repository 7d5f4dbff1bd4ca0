import type {
  ConversationState,
  DecodeResult,
  ErrorCode,
  HubToShopper,
  Message,
  PageContext,
} from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import type { BackoffOptions } from '../transport/backoff.ts';
import type { ConnectionStatus, WebSocketConstructor } from '../transport/socket.ts';
import type { KeyValueStorage } from '../transport/storage.ts';
import type { OutboxEntry } from './outbox.ts';

// The shopper client's public types, apart from its one long function (see shopper-client.ts).
export interface ShopperClientEvents {
  message: Message;
  state: ConversationState;
  typing: { on: boolean; name?: string };
  /** The agent side has read up to this seq. */
  read: number;
  /**
   * The hub's `error` frame (or this client's own `invalid_frame` for one it cannot read). One that
   * comes while `status` is not yet `open` answers the hello: `not_found` there means the
   * conversation this client resumed no longer exists (erased by retention or on request) and
   * `forbidden` that it is someone else's; the `welcome` that follows is the shopper's current
   * conversation, so a UI can say "your earlier conversation is no longer available". A code
   * this client does not know (a newer hub's) arrives as `internal` when `retryable`, else as
   * `invalid_frame`, with the hub's message: act on `retryable`.
   * @example
   * client.on('error', (e) => {
   *   if (e.code === 'not_found' && client.status !== 'open') showNotice('Your earlier conversation is no longer available.');
   * });
   */
  error: { code: ErrorCode; message: string; retryable: boolean; clientMsgId?: string };
  connection: { status: ConnectionStatus; code?: number; reason?: string };
  /** The outbox changed (a message queued, sent, failed or retried). */
  outbox: OutboxEntry[];
  /** Older messages arrived through loadOlder(). */
  history: { messages: Message[]; hasMore: boolean };
  /** The hub greeted this client (first connect and every reconnect). */
  welcome: {
    conversationId: string;
    shopperId: string;
    identified: boolean;
    /** Up to where this shopper has read the conversation, on any device (0 from an older hub). */
    shopperReadSeq: number;
    /** The hub takes photo uploads (true from an older hub, which does not say). */
    photos: boolean;
  };
  /**
   * Everything held of the conversation was dropped: `logout()`, another person identified on this
   * browser, or either happened in another tab (then this client is closed until `connect()`).
   */
  reset: undefined;
}

export interface ShopperClientOptions {
  /** The hub's WebSocket URL, e.g. `wss://chat.shop.example/kefu`. */
  url: string;
  siteKey: string;
  /**
   * A WebSocket constructor; defaults to the global one (browsers, Node ≥ 22). In Node, `ws` fits
   * as it is: `import WebSocket from 'ws'`.
   */
  WebSocket?: WebSocketConstructor;
  /**
   * Node only: the `Origin` header of the handshake, one of the site's `origins` on the hub (which
   * refuses a shopper without one). Passed to the constructor as `{ headers: { Origin } }`, which
   * `ws` and Node's own WebSocket read. Ignored in browsers: their WebSocket takes no options and
   * always sends the page's origin.
   * @example
   * createShopperClient({ url, siteKey: 'my-shop', WebSocket, origin: 'https://my-shop.example' });
   */
  origin?: string;
  /** Keeps device id, session and outbox across reloads. Default: localStorage, else memory. */
  storage?: KeyValueStorage;
  /** A merchant-signed identity token for a logged-in shopper. */
  identity?: string;
  locale?: string;
  /** Where the shopper is; `page.url` is sent without its query and fragment (see `pageUrl`). */
  page?: PageContext;
  backoff?: BackoffOptions;
  clock?: Clock;
}

/**
 * Reads one text message from the hub; never throws. `decodeHubFrame` validates with the protocol's
 * zod schemas, `guardHubFrame` with a small hand-written guard (for bundles where bytes count).
 */
export type HubFrameDecoder = (raw: string) => DecodeResult<HubToShopper>;
