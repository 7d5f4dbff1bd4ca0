import { decodeFrame, HubToShopper } from '@kefu/protocol';
import { checkHubUrl } from '../transport/hub-url.ts';
import { createClient, type ShopperClient } from './shopper-client.ts';
import type { HubFrameDecoder, ShopperClientOptions } from './shopper-client-types.ts';

/**
 * Reads a hub frame with the protocol's zod schemas: everything is checked, as on the hub. No byte
 * limit: that limit is for client frames, and a history page of long messages passes it.
 * @example
 * decodeHubFrame('{"v":1,"type":"pong"}'); // { ok: true, frame: { v: 1, type: 'pong' } }
 */
export const decodeHubFrame: HubFrameDecoder = (raw) =>
  decodeFrame(HubToShopper, raw, Number.POSITIVE_INFINITY);

/**
 * The headless shopper client: what a custom UI, a bot test or a Node script uses. It reconnects
 * by itself, resumes from the last message it has, and keeps an outbox so a message typed offline
 * is sent exactly once when the connection is back (even after a reload). It validates every
 * frame from the hub with the protocol's zod schemas; `@kefu/sdk/client/light` has the same client
 * without zod, for browser bundles.
 * @example
 * const client = createShopperClient({ url: 'wss://hub.example', siteKey: 'demo' });
 * client.on('message', (m) => console.log(m.seq, m.content));
 * client.connect();
 * client.send('你好，这件衣服有 L 码吗？');
 */
export function createShopperClient(options: ShopperClientOptions): ShopperClient {
  // Said here, not in the shared client: the widget bundles that one, where every browser has a WebSocket.
  if (!options?.WebSocket && !(globalThis as { WebSocket?: unknown }).WebSocket)
    throw new TypeError(
      "createShopperClient: no global WebSocket here (Node 20 has none): npm install ws, then pass { WebSocket } with import WebSocket from 'ws'",
    );
  checkHubUrl(options.url, 'createShopperClient');
  return createClient(options, decodeHubFrame);
}
