/**
 * The ES module entry for single-page apps: the same `Kefu` function the script tag installs,
 * plus `boot()` to start it with options instead of data attributes. Nothing runs until `boot()`.
 * @example
 * import { boot, Kefu } from '@kefu/widget';
 * boot({ site: 'demo', hub: 'wss://chat.shop.example/kefu', locale: 'zh-CN' });
 * Kefu('setContext', { product: { id: 'sku-1', title: '羊毛开衫' } });
 */
import { createKefu } from './loader/create-kefu.ts';
import type { KefuCall, KefuFunction, KefuOptions } from './types.ts';

export type {
  Content,
  KefuContext,
  KefuEvents,
  KefuFunction,
  KefuOptions,
  LoadStrategy,
  Message,
  Order,
  OrderStatus,
  Product,
} from './types.ts';

const loadApp = () => import('./app/mount.tsx');
let kefu = createKefu(loadApp);
let shutDown = false;

/** Runs a widget command; calls before `boot()` are queued, calls after `shutdown` ignored until the next `boot()`. */
export const Kefu = ((...call: KefuCall) => {
  (kefu.Kefu as (...call: KefuCall) => void)(...call);
  if (call[0] === 'shutdown') shutDown = true;
}) as KefuFunction;

/**
 * Draws the launcher and starts the widget (once). After `Kefu('shutdown')` (a route that logs the
 * shopper out of the chat), `boot()` starts a fresh widget: the shut-down one is left as it was,
 * ignoring calls, as the loader's is when a page adds its script tag again.
 */
export function boot(options: KefuOptions): void {
  if (shutDown) {
    kefu = createKefu(loadApp);
    shutDown = false;
  }
  kefu.boot(options);
}
