import { lazyPart } from './lazy-part.tsx';
import type { OrderCardProps } from './order-card.tsx';

/** The order card from a chunk of its own (kefu-order-card.js): only order pages and order messages show one. */
export const LazyOrderCard = lazyPart<OrderCardProps>(() =>
  import('./order-card.tsx').then((m) => ({ Part: m.OrderCard, css: m.ORDER_CSS })),
);
