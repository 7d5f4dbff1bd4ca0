import { guardHubFrame } from './hub-frame-guard.ts';
import { createClient, type ShopperClient } from './shopper-client.ts';
import type { ShopperClientOptions } from './shopper-client-types.ts';

/**
 * The headless shopper client of `@kefu/sdk/client`, with the same options and events, reading
 * the hub's frames with a small guard instead of zod (see `guardHubFrame`): for browser bundles,
 * where zod would be most of the bytes. The widget is built on it.
 * @example
 * import { createShopperClient } from '@kefu/sdk/client/light';
 * const client = createShopperClient({ url: 'wss://hub.example', siteKey: 'demo' });
 * client.connect();
 */
export function createShopperClient(options: ShopperClientOptions): ShopperClient {
  return createClient(options, guardHubFrame);
}
