/**
 * The ES module entry for single-page apps: the same `Kefu` function the script tag installs,
 * plus `boot()` to start it with options instead of data attributes. Nothing runs until `boot()`.
 * @example
 * import { boot, Kefu } from '@kefu/widget';
 * boot({ site: 'demo', hub: 'wss://chat.shop.example/kefu', locale: 'zh-CN' });
 * Kefu('setContext', { product: { id: 'sku-1', title: '羊毛开衫' } });
 */
import { createKefu } from './loader/create-kefu.ts';

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

const kefu = createKefu(() => import('./app/mount.tsx'));

/** Runs a widget command; calls before `boot()` are queued. */
export const Kefu = kefu.Kefu;
/** Draws the launcher and starts the widget (once). */
export const boot = kefu.boot;
