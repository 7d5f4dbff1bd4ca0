// `@kefu/sdk/client/light`: what `@kefu/sdk/client` exports, but with a shopper client that reads
// the hub's frames with `guardHubFrame` instead of zod (and no `decodeHubFrame`): for browser bundles.
// The emitter too: the widget's page listeners (`Kefu('on', …)`) are one, without a copy of its own.

// The types of the client's events and methods, for a UI's own code (types only: no bytes).
export type {
  Content,
  ConversationState,
  ConversationStatus,
  ImageContent,
  Message,
  Order,
  PageContext,
  Product,
  QuickReply,
  ShopperContent,
} from '@kefu/protocol';
export { ERROR_CODE_LIST, type ErrorCode, isKefuError, KefuError } from '@kefu/protocol';
export { createEmitter, type Emitter } from '../emitter.ts';
export { randomToken } from '../ids.ts';
export type { BackoffOptions } from '../transport/backoff.ts';
export type { ConnectionStatus, WebSocketConstructor, WebSocketLike } from '../transport/socket.ts';
export { type KeyValueStorage, memoryStorage } from '../transport/storage.ts';
export { toJson } from '../transport/to-json.ts';
export { guardHubFrame, MAX_HUB_FRAME_CHARS } from './hub-frame-guard.ts';
export { createShopperClient } from './light-client.ts';
export { safeHref, splitLinks, type TextPart } from './message-links.ts';
export type { OutboxEntry } from './outbox.ts';
export { pageUrl } from './page-url.ts';
export type { ShopperClient } from './shopper-client.ts';
export type { HubFrameDecoder, ShopperClientEvents, ShopperClientOptions } from './shopper-client-types.ts';
