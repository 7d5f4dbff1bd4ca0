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
// The error every client throws and rejects with, to switch on its `code` without importing @kefu/protocol.
export { ERROR_CODE_LIST, type ErrorCode, isKefuError, KefuError } from '@kefu/protocol';
export type { BackoffOptions } from '../transport/backoff.ts';
export type { ConnectionStatus, WebSocketConstructor, WebSocketLike } from '../transport/socket.ts';
export { type KeyValueStorage, memoryStorage } from '../transport/storage.ts';
export { safeHref, splitLinks, type TextPart } from './message-links.ts';
export type { OutboxEntry } from './outbox.ts';
export { pageUrl } from './page-url.ts';
export type { ShopperClient } from './shopper-client.ts';
export type { HubFrameDecoder, ShopperClientEvents, ShopperClientOptions } from './shopper-client-types.ts';
export { createShopperClient, decodeHubFrame } from './zod-client.ts';
